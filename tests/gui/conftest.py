"""The real window on a small project, and helpers to point at text in the article view."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.gui.app import build_window
from annotator.gui.window import MainWindow
from annotator.store import Project, Span
from tests.texts import offset

W = TypeVar("W", bound=QWidget)

# Written for these tests: CRLF line ends, a quote, an emoji, a combining mark, CJK and Arabic.
ARTICLE = (
    "Mayor Ana Ruiz said on Monday: “The harbour will reopen soon.”\r\n"
    "Council member Li Wei disagreed, calling the plan rushed.\r\n"
    "\r\n"
    "Fans 😀 of Zoe\u0308 Park met in 東京 and القاهرة last week."
)
SECOND = "A second report. The port authority of Greyhaven said nothing.\n"
THIRD = "A third report, with no suggestions at all.\n"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A project with three documents; the first has suggested entities and a suggested quote."""
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="model-run") as project:
        (first, _), _, _ = project.add_documents([{"text": t, "title": ""} for t in (ARTICLE, SECOND, THIRD)])
        for fragment, label in (("Ana Ruiz", "PERSON"), ("Li Wei", "PERSON"), ("東京", "GPE")):
            project.add_span(first, *offset(ARTICLE, fragment), label, status="suggested", origin="model")
        start, end = offset(ARTICLE, "“The harbour will reopen soon.”")
        project.add_span(
            first, start, end, "QUOTE", kind="quote", status="suggested", origin="model",
            attributes={"type": "direct", "speaker_name": None, "parts": [[start, end]]},
        )  # fmt: skip
    return path


def open_window(qtbot: QtBot, project_path: Path | None, show: bool = True) -> MainWindow:
    """The window as ``annotator open`` builds it (no pipeline loading), active, article focused."""
    window = build_window(project_path, background=False)
    qtbot.addWidget(window)
    if show:
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.view.setFocus()
    return window


@pytest.fixture
def window(qtbot: QtBot, project_path: Path) -> Iterator[MainWindow]:
    """The real main window with the project open and the first document shown."""
    shown = open_window(qtbot, project_path)
    yield shown
    shown.close()


@pytest.fixture
def stored(project_path: Path) -> Iterator[Project]:
    """A second connection to the project file, to check what was committed."""
    with Project.open(project_path, annotator="checker") as project:
        yield project


def spans_of(project: Project, document_id: int = 1, kind: str | None = None) -> list[Span]:
    """What the file holds now."""
    return project.spans(document_id, kind=kind)


def point_at(window: MainWindow, code_point: int) -> QPoint:
    """The point between code point ``code_point - 1`` and ``code_point`` on screen."""
    view = window.view
    assert view.state is not None
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(code_point))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left(), rect.center().y())


def drag(qtbot: QtBot, window: MainWindow, start: int, end: int, alt: bool = False) -> None:
    """Select code points ``start``-``end`` with the mouse."""
    viewport = window.view.viewport()
    modifier = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier.NoModifier
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, point_at(window, start))
    qtbot.mouseMove(viewport, point_at(window, (start + end) // 2))
    qtbot.mouseMove(viewport, point_at(window, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, point_at(window, end))


def click_on(qtbot: QtBot, window: MainWindow, start: int, end: int) -> None:
    """Click in the middle of code points ``start``-``end``."""
    left, right = point_at(window, start), point_at(window, end)
    if right.y() != left.y():
        right = QPoint(left.x() + 4, left.y())
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint((left.x() + right.x()) // 2, left.y())
    )


def key(
    qtbot: QtBot,
    window: MainWindow,
    name: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key in the article view, as the annotator would."""
    qtbot.keyClick(window.view, name, modifiers)


def when_shown(kind: type[W], act: Callable[[W], None]) -> None:
    """Do ``act`` to the next modal dialog of ``kind`` as soon as it is shown (as the annotator would)."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def answer_next_question(button: QMessageBox.StandardButton, asked: list[str]) -> None:
    """Press ``button`` in the next message box, noting its question in ``asked``."""

    def press(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(button).click()

    when_shown(QMessageBox, press)
