"""Split and join quotes in the real window (click, keys), and the same actions from a script agree."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from annotator.actions.perform import perform
from annotator.store import Project
from tests.gui.conftest import click_on, key, offset, open_window, point_at

# Written for these tests: a quote the narration splits, and an indirect one after it.
TEXT = (
    "“We will rebuild the harbour,” said Mayor Ana Ruiz, “and the port will reopen soon.” "
    "Li Wei called the plan “rushed and far too expensive 😀 for the town. I may do it.”\r\n"
    "Nobody else spoke."
)
CTRL = Qt.KeyboardModifier.ControlModifier


def at(fragment: str) -> tuple[int, int]:
    return offset(TEXT, fragment)


@pytest.fixture
def quotes(tmp_path: Path) -> Path:
    """The mayor's quote with speaker and cue linked (still suggested), Li Wei's quote without links."""
    path = tmp_path / "quotes.annotator"
    with Project.open(path, annotator="model-run") as project:
        document_id, _ = project.add_document(TEXT)
        start, end = at(
            "“We will rebuild the harbour,” said Mayor Ana Ruiz, “and the port will reopen soon.”"
        )
        mayor = project.add_span(
            document_id,
            start,
            end,
            "QUOTE",
            kind="quote",
            status="suggested",
            origin="model",
            attributes={"type": "direct", "speaker_name": "Ana Ruiz"},
        )
        ruiz = project.add_span(document_id, *at("Ana Ruiz"), "PERSON", status="suggested", origin="model")
        said = project.add_span(
            document_id, *at("said"), "CUE", kind="cue", status="suggested", origin="model"
        )
        project.set_relation(mayor.id, "SPEAKER", ruiz.id)
        project.set_relation(mayor.id, "CUE", said.id)
        project.add_span(
            document_id,
            *at("“rushed and far too expensive 😀 for the town. I may do it.”"),
            "QUOTE",
            kind="quote",
            status="suggested",
            origin="model",
            attributes={"type": "indirect"},
        )
    return path  # fmt: skip


def quote_texts(project: Project) -> list[str]:
    return [TEXT[q.start : q.end] for q in sorted(project.spans(1, kind="quote"), key=lambda q: q.start)]


def logged(project: Project, after: int) -> list[tuple[Any, ...]]:
    """The events after ``after``, less who made them and when."""

    def plain(value: Any) -> Any:
        return {k: v for k, v in value.items() if k != "annotator"} if isinstance(value, dict) else value

    return [
        (e["action"], e["target"], e["target_id"], e["document_id"], plain(e["before"]), plain(e["after"]))
        for e in project.events(after_id=after)
    ]


def test_split_with_the_key_writes_what_the_script_writes(qtbot: QtBot, quotes: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin.annotator"
    shutil.copy(quotes, twin)
    window = open_window(qtbot, quotes)
    click_on(qtbot, window, *at("Mayor"))
    assert window.view.selected == 1  # the click selected the quote around the word
    caret = window.editor.context().caret
    key(qtbot, window, Qt.Key.Key_Slash)
    with Project.open(quotes, annotator="checker") as stored:
        assert quote_texts(stored) == [
            "“We will rebuild the harbour,” said",
            "Mayor Ana Ruiz, “and the port will reopen soon.”",
            "“rushed and far too expensive 😀 for the town. I may do it.”",
        ]
        halves = [q for q in stored.spans(1, kind="quote") if q.start < at("Li Wei")[0]]
        speakers = {(r.head_id, r.label, r.child_id) for r in stored.relations(1)}
        assert {(q.id, "SPEAKER", 2) for q in halves} | {(q.id, "CUE", 3) for q in halves} == speakers
        window_log = logged(stored, after=0)
    with Project.open(twin, annotator="script") as project:
        perform(project, 1, "split_quote", span=1, caret=caret)
        assert logged(project, after=0) == window_log
    window.close()


def test_join_with_ctrl_j_then_undo_and_redo(qtbot: QtBot, quotes: Path) -> None:
    window = open_window(qtbot, quotes)
    click_on(qtbot, window, *at("rebuild"))
    key(qtbot, window, Qt.Key.Key_J, CTRL)
    with Project.open(quotes, annotator="checker") as stored:
        (joined,) = stored.spans(1, kind="quote")
        assert TEXT[joined.start : joined.end].endswith("I may do it.”")
        assert joined.attributes["type"] == "mixed" and joined.status == "accepted"
        assert len(joined.attributes["parts"]) == 2
        assert {r.label for r in stored.relations(1)} == {"SPEAKER", "CUE"}
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    with Project.open(quotes, annotator="checker") as stored:
        assert len(quote_texts(stored)) == 2
        assert {q.status for q in stored.spans(1, kind="quote")} == {"suggested"}
    key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    with Project.open(quotes, annotator="checker") as stored:
        assert len(quote_texts(stored)) == 1
    window.close()


def test_split_at_the_quote_start_is_refused_with_a_message(qtbot: QtBot, quotes: Path) -> None:
    window = open_window(qtbot, quotes)
    key(qtbot, window, Qt.Key.Key_Tab)  # selects the first suggestion; the cursor goes to its start
    assert window.view.selected == 1
    key(qtbot, window, Qt.Key.Key_Slash)
    assert "split" in window.statusBar().currentMessage()
    with Project.open(quotes, annotator="checker") as stored:
        assert len(quote_texts(stored)) == 2
    window.close()


def test_a_click_on_the_right_half_of_a_word_splits_before_that_word(qtbot: QtBot, quotes: Path) -> None:
    window = open_window(qtbot, quotes)
    start = TEXT.index("I may")
    left, right = point_at(window, start), point_at(window, start + 1)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(right.x() - 1, left.y()))
    key(qtbot, window, Qt.Key.Key_Slash)
    with Project.open(quotes, annotator="checker") as stored:
        assert quote_texts(stored)[1:] == ["“rushed and far too expensive 😀 for the town.", "I may do it.”"]
    window.close()


def test_choosing_a_speaker_ends_when_the_annotator_moves_on(qtbot: QtBot, quotes: Path) -> None:
    window = open_window(qtbot, quotes)
    click_on(qtbot, window, *at("rushed"))
    key(qtbot, window, Qt.Key.Key_S)
    assert "speaker" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_Tab)  # on to the next suggestion: the choice is dropped
    click_on(qtbot, window, *at("Ana Ruiz"))
    with Project.open(quotes, annotator="checker") as stored:
        assert [r.head_id for r in stored.relations(1) if r.label == "SPEAKER"] == [1]
    assert window.view.selected == 2  # the click selected the entity, it linked nothing
    window.close()


def test_a_label_key_on_a_suggestion_relabels_accepts_and_moves_on(qtbot: QtBot, quotes: Path) -> None:
    window = open_window(qtbot, quotes)
    click_on(qtbot, window, *at("Ana Ruiz"))  # Tab passes her over: she is the suggested quote's speaker
    assert window.view.selected == 2
    key(qtbot, window, Qt.Key.Key_3)
    with Project.open(quotes, annotator="checker") as stored:
        ruiz = stored.span(2)
        assert (ruiz.label, ruiz.status) == (stored.setting("entity_labels")[2]["name"], "accepted")
    assert window.view.selected != 2  # on to the next suggestion, as after A
    window.close()
