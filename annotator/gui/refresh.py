"""The open document read again after other connections wrote to it, without interrupting the annotator.

The window's pipeline process (Suggest, Train, a background stance retrain), its workers (import,
export) and other programs commit while the annotator works, and the window then reads the open
document again (``watch``, ``MainWindow.refresh_all``). Done in the middle of an action, that would
cancel the choice of a speaker or cue, or change the spans under a selection being made or under an
open label picker, menu or question; so it waits until the action ends, and is done then. The list and
the status bar are updated at once. An action is computed from what the document holds now: before it
runs, the window looks for other connections' commits and does a waiting re-read (else a speaker linked
while a re-read waited would write the quote's attributes as they were, dropping a stance guess stored
meanwhile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

# How soon after an action ends a waiting re-read is done.
RETRY_MS = 100


def mid_action(window: MainWindow) -> bool:
    """Whether the annotator is in the middle of something that reading the open document again would spoil.

    Choosing a quote's speaker or cue, selecting words with the mouse, or a popup (label picker,
    right-click menu) or dialog open over the window.
    """
    picking = window.editor is not None and window.editor.picking is not None
    opened = QApplication.activePopupWidget() is not None or QApplication.activeModalWidget() is not None
    return picking or window.view.selecting or opened


class ArticleRefresh(QObject):
    """Reads the window's open document again now, or as soon as the annotator is between actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.waiting = False
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self._try)

    def request(self) -> None:
        """Read the open document again once nothing is under way (at once if nothing is)."""
        self.waiting = True
        self._try()

    def apply_now(self) -> None:
        """Do a waiting re-read now: an action is about to change the document, and must see it."""
        self.timer.stop()
        if self.waiting:
            self.waiting = False
            self.window.reread_document()

    def _try(self) -> None:
        if mid_action(self.window):
            self.timer.start()
        else:
            self.apply_now()
