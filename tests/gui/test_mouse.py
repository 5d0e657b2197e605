"""Selecting with the mouse: what was selected on screen is exactly what is stored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, click_on, drag, key, offset, spans_of


def stored_texts(project: Project, label: str) -> list[str]:
    return [ARTICLE[s.start : s.end] for s in spans_of(project) if s.label == label]


def test_dragging_over_part_of_words_then_a_label_key_stores_whole_tokens(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    start, end = offset(ARTICLE, "Council member")
    drag(qtbot, window, start + 2, end - 3)
    assert window.view.textCursor().selectedText() == "Council member"
    key(qtbot, window, Qt.Key.Key_2)
    assert stored_texts(stored, "ORG") == ["Council member"]
    assert next(s for s in spans_of(stored) if s.label == "ORG").status == "accepted"


def test_alt_drag_keeps_exact_characters(qtbot: QtBot, window: MainWindow, stored: Project) -> None:
    start, end = offset(ARTICLE, "harbour")
    drag(qtbot, window, start + 1, end - 1, alt=True)
    key(qtbot, window, Qt.Key.Key_5)
    assert stored_texts(stored, "LOC") == ["arbou"]


def test_a_selection_across_a_crlf_line_break_is_stored_with_its_crlf(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    start = offset(ARTICLE, "soon.”")[0]
    end = offset(ARTICLE, "Council member")[1]
    drag(qtbot, window, start, end)
    key(qtbot, window, Qt.Key.Key_Q)
    quotes = [ARTICLE[s.start : s.end] for s in spans_of(stored, kind="quote") if s.origin == "human"]
    assert quotes == ["soon.”\r\nCouncil member"]


def test_emoji_combining_marks_and_cjk_map_one_to_one(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    for fragment, label_key, label in (
        ("😀 of Zoe\u0308", Qt.Key.Key_9, "WORK_OF_ART"),
        ("東京 and القاهرة last", Qt.Key.Key_4, "NORP"),
        ("Park", Qt.Key.Key_6, "FAC"),
    ):
        drag(qtbot, window, *offset(ARTICLE, fragment))
        key(qtbot, window, label_key)
        assert fragment in stored_texts(stored, label)


def test_clicking_a_span_selects_it_and_the_inspector_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    click_on(qtbot, window, *offset(ARTICLE, "Li Wei"))
    state = window.view.state
    assert state is not None and window.view.selected is not None
    assert state.spans[window.view.selected].label == "PERSON"
    assert window.inspector.values["Text"].text() == "Li Wei"
    click_on(qtbot, window, *offset(ARTICLE, "disagreed"))
    assert window.view.selected is None


def test_clicking_inside_a_quote_but_on_no_entity_selects_the_quote(qtbot: QtBot, window: MainWindow) -> None:
    click_on(qtbot, window, *offset(ARTICLE, "harbour"))
    state = window.view.state
    assert state is not None and window.view.selected is not None
    assert state.spans[window.view.selected].kind == "quote"
    assert window.inspector.values["Type"].text() == "direct"
