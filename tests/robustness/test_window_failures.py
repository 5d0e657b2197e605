"""The window says what went wrong with the project file in a message box, and keeps running."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.gui import failures
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key, open_window, project_path, stored

__all__ = ["project_path", "stored"]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes the window shows, as (title, text), instead of waiting for a click."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The real window with the failure hook the app installs."""
    shown = open_window(qtbot, project_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    failures.install(shown)
    yield shown
    shown.close()


def accept_first_suggestion(qtbot: QtBot, window: MainWindow) -> int:
    key(qtbot, window, Qt.Key.Key_Tab)
    selected = window.view.selected
    assert selected is not None
    key(qtbot, window, Qt.Key.Key_A)
    return selected


def test_a_read_only_project_shows_a_box_and_the_window_goes_on(
    qtbot: QtBot, window: MainWindow, stored: Project, boxes: list[tuple[str, str]]
) -> None:
    assert window.project is not None
    window.project.conn.execute("PRAGMA query_only = ON")

    span_id = accept_first_suggestion(qtbot, window)

    assert boxes == [
        (
            "Not saved",
            f"{window.project.path} is read-only (the file, its folder or the drive): nothing was changed. "
            "Copy the project somewhere you can write to, or change its permissions.",
        )
    ]
    assert stored.span(span_id).status == "suggested"
    window.project.conn.execute("PRAGMA query_only = OFF")
    key(qtbot, window, Qt.Key.Key_A)
    assert stored.span(span_id).status == "accepted"


def test_a_full_disk_shows_a_box_and_keeps_earlier_work(
    qtbot: QtBot, window: MainWindow, stored: Project, boxes: list[tuple[str, str]]
) -> None:
    assert window.project is not None
    span_id = accept_first_suggestion(qtbot, window)
    pages = window.project.conn.execute("PRAGMA page_count").fetchone()[0]
    window.project.conn.execute(f"PRAGMA max_page_count = {pages}")

    window.view.select_span(span_id)
    for _ in range(30):  # favor, cleared, favor, …: a write each time
        key(qtbot, window, Qt.Key.Key_F)

    assert boxes and all(title == "Not saved" and "is full" in text for title, text in boxes)
    assert stored.span(span_id).status == "accepted"
    assert stored.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_deleted_project_file_shows_where_the_work_was_saved(
    qtbot: QtBot, window: MainWindow, project_path: Path, boxes: list[tuple[str, str]]
) -> None:
    accept_first_suggestion(qtbot, window)
    project_path.unlink()

    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_A)

    rescue = project_path.with_name("news.recovered-1.annotator")
    assert boxes == [
        (
            "Not saved",
            f"The project file {project_path} was deleted or moved while open: nothing more is saved there; "
            f"everything up to now was saved to {rescue}; open that file to go on.",
        )
    ]
    with Project.open(rescue) as rescued:
        assert [span.status for span in rescued.spans(1)].count("accepted") == 1


def test_a_file_that_is_not_a_project_is_refused_at_open_with_its_reason(
    qtbot: QtBot, tmp_path: Path, boxes: list[tuple[str, str]]
) -> None:
    path = tmp_path / "notes.annotator"
    path.write_text("not a database " * 200, "utf-8")

    window = open_window(qtbot, None)
    assert not window.open_project(path)

    assert boxes and boxes[0][0] == "Cannot open the project"
    assert f"{path} is not an annotator project, or it is damaged" in boxes[0][1]
