"""Undo history survives a restart: it is rebuilt from the project's event log."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.actions.history import past_actions
from annotator.store import Project
from tests.gui.conftest import ARTICLE, drag, key, offset, open_window

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def statuses(path: Path) -> dict[str, str]:
    with Project.open(path) as project:
        return {ARTICLE[s.start : s.end]: s.status for s in project.spans(1)}


def test_ctrl_z_after_a_restart_undoes_the_last_session_in_order(qtbot: QtBot, project_path: Path) -> None:
    first = open_window(qtbot, project_path)
    key(qtbot, first, Qt.Key.Key_Tab)
    key(qtbot, first, Qt.Key.Key_A)
    key(qtbot, first, Qt.Key.Key_X)
    first.close()
    assert statuses(project_path)["Ana Ruiz"] == "accepted"

    again = open_window(qtbot, project_path)
    assert again.stack.count() == 2
    key(qtbot, again, Qt.Key.Key_Z, CTRL)
    assert statuses(project_path)["“The harbour will reopen soon.”"] == "suggested"
    key(qtbot, again, Qt.Key.Key_Z, CTRL)
    assert statuses(project_path)["Ana Ruiz"] == "suggested"
    with Project.open(project_path) as project:
        assert project.document(1).status == "new"
    key(qtbot, again, Qt.Key.Key_Z, CTRL | SHIFT)
    assert statuses(project_path)["Ana Ruiz"] == "accepted"


def test_a_new_span_and_a_deletion_come_back_from_the_log(qtbot: QtBot, project_path: Path) -> None:
    first = open_window(qtbot, project_path)
    drag(qtbot, first, *offset(ARTICLE, "Council"))
    key(qtbot, first, Qt.Key.Key_2)
    key(qtbot, first, Qt.Key.Key_Tab)
    key(qtbot, first, Qt.Key.Key_Delete, CTRL)
    first.close()
    deleted_count = len(statuses(project_path))

    again = open_window(qtbot, project_path)
    key(qtbot, again, Qt.Key.Key_Z, CTRL)
    assert len(statuses(project_path)) == deleted_count + 1
    key(qtbot, again, Qt.Key.Key_Z, CTRL)
    assert "Council" not in statuses(project_path)


def test_history_stops_at_work_that_was_not_done_in_the_window(project_path: Path) -> None:
    with Project.open(project_path, annotator="tester") as project:
        span = project.spans(1)[0]
        project.update_span(span.id, status="accepted")
        project.add_document("Imported later, by a script.")
        assert past_actions(project, "tester") == []
        project.update_span(span.id, stance="favor")
        assert [action.document_id for action in past_actions(project, "tester")] == [1]
        assert past_actions(project, "someone else") == []


def test_a_batch_with_work_not_done_in_the_window_is_not_undone_in_part(project_path: Path) -> None:
    with Project.open(project_path, annotator="tester") as project:
        span = project.spans(1)[0]
        with project.transaction():
            project.add_document("Imported by a script, which then accepted a span.")
            project.update_span(span.id, status="accepted")
        assert past_actions(project, "tester") == []
