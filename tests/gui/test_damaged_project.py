"""A project file with rows changed outside annotator opens (issue 13, item 5, the window's part): what is
damaged is said, the document list stays usable, and the sound documents open as usual."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import open_window


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes the window shows, as (title, text), instead of waiting for a click."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text)))
    return shown


def damage(path: Path, *statements: str) -> None:
    """Change the file as another program might, past every check annotator makes."""
    with sqlite3.connect(path) as conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def test_a_damaged_document_setting_and_event_leave_the_window_usable(
    qtbot: QtBot, project_path: Path, boxes: list[tuple[str, str]]
) -> None:
    damage(
        project_path,
        "UPDATE documents SET meta = '{\"source\": ' WHERE id = 1",
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('entity_labels', 'not json')",
        # The latest event is the window user's own, so that opening reads it for the undo history.
        "INSERT INTO events (batch, at, annotator, action, document_id, target, target_id, before, after)"
        " VALUES ('b', '2026-01-01T00:00:00', 'tester', 'span.update', 2, 'spans', 1, '{', '{}')",
    )
    window = open_window(qtbot, project_path)
    try:
        assert window.project is not None
        assert window.pages.currentWidget() is window.splitter
        assert window.model is not None and window.model.ids == [1, 2, 3]
        assert window.view.state is None
        heading = window.heading.message.text()
        assert "Document 1 cannot be shown." in heading
        assert "documents row 1, column meta, is not valid JSON" in heading
        assert [title for title, _ in boxes] == ["Parts of the project are damaged"]
        text = boxes[0][1]
        assert "settings row 'entity_labels', column value, is not valid JSON" in text
        assert "the default is used until the setting is changed" in text
        assert "(document 2), column before, is not valid JSON" in text
        assert "your earlier actions cannot be undone" in text
        # The legend shows the default labels instead.
        assert window.project.setting("entity_labels")

        window.table.selectRow(1)  # the list still opens the sound documents
        assert window.view.state is not None and window.view.state.id == 2
        window.table.selectRow(0)
        assert window.view.state is None and "Document 1 cannot be shown." in window.heading.message.text()
        window.table.selectRow(2)
        assert window.view.state is not None and window.view.state.id == 3
    finally:
        window.close()
