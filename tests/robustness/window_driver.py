"""Drive the real annotation window with random key presses until killed (run by the crash test).

``python window_driver.py PROJECT LOG SEED``: opens PROJECT offscreen and, one
action per event-loop turn, sends real key events to the article view. After
each key press returns, the change it made is committed; only then is the id
and batch of the newest event appended to LOG. The crash test SIGKILLs this
process at random and checks that every batch in LOG is in the file.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.gui.app import build_window
from annotator.gui.window import MainWindow

NONE, CTRL, SHIFT = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
)
KEYS = [
    (Qt.Key.Key_Tab, NONE), (Qt.Key.Key_Tab, NONE), (Qt.Key.Key_A, NONE), (Qt.Key.Key_X, NONE),
    (Qt.Key.Key_2, NONE), (Qt.Key.Key_3, NONE), (Qt.Key.Key_F, NONE), (Qt.Key.Key_G, NONE),
    (Qt.Key.Key_Right, SHIFT), (Qt.Key.Key_Left, SHIFT), (Qt.Key.Key_Z, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT),
    (Qt.Key.Key_Delete, CTRL), (Qt.Key.Key_PageDown, NONE), (Qt.Key.Key_PageUp, NONE),
]  # fmt: skip
# Keys pressed with some text selected first: a new entity, a new quote, a speaker, a cue.
ON_SELECTION = [(Qt.Key.Key_1, NONE), (Qt.Key.Key_Q, NONE), (Qt.Key.Key_S, NONE), (Qt.Key.Key_C, NONE)]


class Driver:
    """One random action per call; logs the newest event once the action has returned."""

    def __init__(self, window: MainWindow, log: Path, seed: int) -> None:
        self.window = window
        self.random = random.Random(seed)
        self.log = log.open("a", encoding="utf-8")
        self.last = self._newest()

    def _newest(self) -> tuple[int, str]:
        assert self.window.project is not None
        row = self.window.project.conn.execute(
            "SELECT id, batch FROM events ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else (0, "")

    def step(self) -> None:
        view = self.window.view
        if self.random.random() < 0.3 and view.state is not None:
            start = self.random.randrange(0, max(len(view.state.text) - 20, 1))
            view.set_selection(start, start + self.random.randint(3, 18))
            key, modifiers = self.random.choice(ON_SELECTION)
        else:
            key, modifiers = self.random.choice(KEYS)
        QTest.keyClick(view, key, modifiers)
        newest = self._newest()
        if newest != self.last:
            self.log.write(f"{newest[0]} {newest[1]}\n")
            self.log.flush()
            self.last = newest
        QTimer.singleShot(0, self.step)


def main() -> None:
    project, log, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    app = QApplication(sys.argv[:1])
    window = build_window(project, background=False)
    window.show()
    window.activateWindow()
    window.view.setFocus()
    driver = Driver(window, log, seed)
    QTimer.singleShot(0, driver.step)
    app.exec()


if __name__ == "__main__":
    main()
