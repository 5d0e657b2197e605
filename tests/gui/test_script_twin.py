"""Every annotation key in the window writes exactly what the same action does from a script."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.actions.perform import perform
from annotator.store import Project
from tests.gui.conftest import ARTICLE, answer_next_question, drag, key, offset, open_window

K, M = Qt.Key, Qt.KeyboardModifier
NONE, CTRL, SHIFT = M.NoModifier, M.ControlModifier, M.ShiftModifier

# (action id, how many Tabs select a suggestion first, text to select with the mouse, key, modifiers)
CASES = [
    ("accept", 1, None, K.Key_A, NONE),
    ("reject", 2, None, K.Key_X, NONE),
    ("delete", 1, None, K.Key_Delete, CTRL),
    ("quote_type", 2, None, K.Key_T, NONE),
    ("stance_favor", 2, None, K.Key_F, NONE),
    ("label_2", 1, None, K.Key_2, NONE),
    ("end_right", 1, None, K.Key_Right, SHIFT),
    ("start_left_char", 3, None, K.Key_Left, CTRL | SHIFT | M.AltModifier),
    ("new_quote", 0, "calling the plan rushed", K.Key_Q, NONE),
    ("label_1", 0, "Zoe\u0308 Park", K.Key_1, NONE),
    ("accept_all", 0, None, K.Key_A, CTRL | SHIFT),
    ("done_next", 0, None, K.Key_Return, CTRL),
    ("skip", 0, None, K.Key_Return, CTRL | SHIFT),
]


def logged(project: Project) -> list[tuple[Any, ...]]:
    """Every event, less who made it and when."""

    def plain(value: Any) -> Any:
        return {k: v for k, v in value.items() if k != "annotator"} if isinstance(value, dict) else value

    return [
        (e["action"], e["target"], e["target_id"], e["document_id"], plain(e["before"]), plain(e["after"]))
        for e in project.events()
    ]


@pytest.mark.parametrize(("action", "tabs", "fragment", "name", "modifiers"), CASES)
def test_key_and_script_write_the_same_rows_and_events(
    qtbot: QtBot,
    project_path: Path,
    tmp_path: Path,
    action: str,
    tabs: int,
    fragment: str | None,
    name: Qt.Key,
    modifiers: Qt.KeyboardModifier,
) -> None:
    twin = tmp_path / "twin.annotator"
    shutil.copy(project_path, twin)
    window = open_window(qtbot, project_path)
    for _ in range(tabs):
        key(qtbot, window, K.Key_Tab)
    if fragment is not None:
        drag(qtbot, window, *offset(ARTICLE, fragment))
    context = window.editor.context()
    if action == "done_next":  # its suggestions are undecided: the window asks, the annotator says yes
        answer_next_question(QMessageBox.StandardButton.Yes, [])
    with Project.open(project_path, annotator="checker") as before:
        events_before = len(logged(before))
    key(qtbot, window, name, modifiers)
    window.close()
    with Project.open(project_path, annotator="checker") as stored:
        by_window = logged(stored)
        spans_by_window = [{**s.as_dict(), "annotator": None} for s in stored.spans(1)]
    assert len(by_window) > events_before, f"{action} changed nothing in the window"
    with Project.open(twin, annotator="script") as project:
        confirmed = action == "done_next"
        perform(
            project,
            1,
            action,
            span=context.span_id,
            text=context.text,
            caret=context.caret,
            confirmed=confirmed,
        )
        assert logged(project) == by_window
        assert [{**s.as_dict(), "annotator": None} for s in project.spans(1)] == spans_by_window
