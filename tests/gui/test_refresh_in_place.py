"""Suggestions the window's pipeline process stores in the open document never interrupt the annotator.

The window polls the project file (``annotator.gui.watch``); a second connection under the window's session
stands in for its pipeline process (a background stance retrain can write at any moment). What the annotator
is doing carries on: a speaker being chosen, words being selected with the mouse, the label picker; the
new suggestions appear once that ends. Scroll position, the selected span and the focus stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.gui.labelpicker import LabelPicker
from annotator.gui.window import MainWindow
from annotator.store import Project
from annotator.vocabulary import SPEAKER
from tests.gui.conftest import ARTICLE, drag, key, open_window, point_at
from tests.texts import offset

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
PARAGRAPH = "Paragraph {n}. Mayor Ana Ruiz said the harbour would reopen soon, council member Li Wei added.\n"
LONG = "".join(PARAGRAPH.format(n=n) for n in range(80))


def suggest(path: Path, window: MainWindow, document_id: int, fragments: list[tuple[str, str]]) -> set[int]:
    """Store suggested entities as the window's pipeline process does (under its session); their ids."""
    with Project.open(path, annotator="model-run", session=window.outside.session) as pipeline:
        text = pipeline.document(document_id).text
        found = [(offset(text, fragment), label) for fragment, label in fragments]
        return {
            pipeline.add_span(document_id, *where, label, status="suggested", origin="model").id
            for where, label in found
        }


def to_do(window: MainWindow, document_id: int) -> object:
    """The list's To do count for ``document_id``, as the annotator sees it."""
    assert window.model is not None
    row = window.model.row_of(document_id)
    assert row is not None
    return window.model.index(row, 2).data()


def shown(window: MainWindow) -> set[int]:
    """Ids of the spans the article view shows."""
    assert window.view.state is not None
    return set(window.view.state.spans)


def start_choosing(qtbot: QtBot, window: MainWindow, which: Qt.Key) -> int:
    """Tab to the article's first quote and press S (speaker) or C (cue); the quote's id."""
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Tab)
    quote_id = window.view.selected
    assert window.view.state is not None and quote_id is not None
    assert window.view.state.spans[quote_id].kind == "quote"
    key(qtbot, window, which)
    return quote_id


def test_choosing_a_speaker_survives_new_suggestions_which_appear_once_it_is_chosen(
    qtbot: QtBot, window: MainWindow, project_path: Path, stored: Project
) -> None:
    quote_id = start_choosing(qtbot, window, Qt.Key.Key_S)
    assert window.editor is not None and window.editor.picking == (quote_id, SPEAKER)

    added = suggest(project_path, window, 1, [("Zoe\u0308 Park", "PERSON"), ("القاهرة", "GPE")])
    qtbot.waitUntil(lambda: to_do(window, 1) == 6)  # the poll noticed: the list says so at once

    assert window.editor.picking == (quote_id, SPEAKER)
    assert not added & shown(window), "the article waits until the speaker is chosen"
    drag(qtbot, window, *offset(ARTICLE, "Ana Ruiz"))
    key(qtbot, window, Qt.Key.Key_S)
    relation = stored.relation(quote_id, SPEAKER)
    assert relation is not None
    speaker = stored.span(relation.child_id)
    assert ARTICLE[speaker.start : speaker.end] == "Ana Ruiz"
    qtbot.waitUntil(lambda: added <= shown(window))
    assert window.view.selected == quote_id
    assert window.inspector.values["Speaker"].text() == "Ana Ruiz"

    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # the undo history still holds
    assert stored.relation(quote_id, SPEAKER) is None
    assert added <= shown(window)


@pytest.fixture
def long_path(tmp_path: Path) -> Path:
    """A project with one long article, suggestions near its start and near its end."""
    path = tmp_path / "long.annotator"
    with Project.open(path, annotator="model-run") as project:
        (document, _), *_ = project.add_documents([{"text": LONG, "title": "A long article"}])
        for n in (*range(3), *range(77, 80)):
            start = LONG.index("Ana Ruiz", LONG.index(PARAGRAPH.format(n=n)))
            end = start + len("Ana Ruiz")
            project.add_span(document, start, end, "PERSON", status="suggested", origin="model")
    return path


def test_new_suggestions_keep_the_scroll_position_the_selected_span_and_the_caret(
    qtbot: QtBot, long_path: Path
) -> None:
    window = open_window(qtbot, long_path)
    key(qtbot, window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # the last suggestion, far down
    selected, bar = window.view.selected, window.view.verticalScrollBar()
    scrolled, caret = bar.value(), window.view.textCursor().position()
    assert selected is not None and scrolled > 0

    added = suggest(long_path, window, 1, [(f"Paragraph {n}.", "CARDINAL") for n in (40, 41)])
    qtbot.waitUntil(lambda: to_do(window, 1) == 8)

    assert added <= shown(window)
    assert window.view.selected == selected
    assert (bar.value(), window.view.textCursor().position()) == (scrolled, caret)
    assert window.view.hasFocus()
    window.close()


def test_new_suggestions_leave_the_focus_in_the_search_box(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    window.search.setFocus()
    qtbot.keyClicks(window.search, "harb")

    added = suggest(project_path, window, 1, [("Zoe\u0308 Park", "PERSON")])
    qtbot.waitUntil(lambda: to_do(window, 1) == 5)

    assert added <= shown(window)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "our")
    assert window.search.text() == "harbour"


def test_a_selection_being_made_with_the_mouse_is_finished_before_new_suggestions_appear(
    qtbot: QtBot, window: MainWindow, project_path: Path, stored: Project
) -> None:
    viewport = window.view.viewport()
    start, end = offset(ARTICLE, "Council member")
    qtbot.mousePress(viewport, LEFT, pos=point_at(window, start))
    qtbot.mouseMove(viewport, point_at(window, start + 4))

    added = suggest(project_path, window, 1, [("Zoe\u0308 Park", "PERSON")])
    qtbot.waitUntil(lambda: to_do(window, 1) == 5)

    assert not added & shown(window), "the article waits until the button is released"
    qtbot.mouseMove(viewport, point_at(window, end))
    qtbot.mouseRelease(viewport, LEFT, pos=point_at(window, end))
    assert window.view.selection_offsets() == (start, end)
    qtbot.waitUntil(lambda: added <= shown(window))
    assert window.view.selection_offsets() == (start, end)
    key(qtbot, window, Qt.Key.Key_2)  # the second label, ORG
    made = [span for span in stored.spans(1, kind="entity") if (span.start, span.end) == (start, end)]
    assert [span.label for span in made] == ["ORG"]


def test_the_label_picker_stays_open_and_labels_the_words_selected_before_the_suggestions_came(
    qtbot: QtBot, window: MainWindow, project_path: Path, stored: Project
) -> None:
    start, end = offset(ARTICLE, "Council member")
    drag(qtbot, window, start, end)
    key(qtbot, window, Qt.Key.Key_L)
    picker = window.findChild(LabelPicker)
    assert picker is not None and picker.isVisible()

    added = suggest(project_path, window, 1, [("Zoe\u0308 Park", "PERSON")])
    qtbot.waitUntil(lambda: to_do(window, 1) == 5)

    assert picker.isVisible() and QApplication.activePopupWidget() is picker
    assert not added & shown(window), "the article waits until the picker is closed"
    qtbot.keyClicks(picker.filter, "ORG")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    made = [span for span in stored.spans(1, kind="entity") if (span.start, span.end) == (start, end)]
    assert [span.label for span in made] == ["ORG"]
    qtbot.waitUntil(lambda: added <= shown(window))


def test_the_end_of_a_background_retrain_leaves_the_choice_of_a_cue_going(
    qtbot: QtBot, window: MainWindow, project_path: Path, stored: Project
) -> None:
    quote_id = start_choosing(qtbot, window, Qt.Key.Key_C)
    added = suggest(project_path, window, 1, [("Zoe\u0308 Park", "PERSON")])

    window.refresh_all()  # as a finished retrain, Suggest or import does, before the poll looks

    assert window.editor is not None and window.editor.picking is not None
    assert to_do(window, 1) == 5 and not added & shown(window)
    drag(qtbot, window, *offset(ARTICLE, "said"))
    key(qtbot, window, Qt.Key.Key_C)
    assert quote_id is not None and stored.relation(quote_id, "CUE") is not None
    qtbot.waitUntil(lambda: added <= shown(window))


def test_a_stance_guess_stored_while_a_speaker_is_chosen_is_kept_when_it_is_chosen(
    qtbot: QtBot, window: MainWindow, project_path: Path, stored: Project
) -> None:
    quote_id = start_choosing(qtbot, window, Qt.Key.Key_S)
    with Project.open(project_path, annotator="model-run", session=window.outside.session) as pipeline:
        quote = pipeline.span(quote_id)  # a background retrain guesses the quote's stance
        guess = {"label": "favor", "p": 0.7}
        pipeline.update_span(quote_id, attributes={**quote.attributes, "suggested_stance": guess})
    added = suggest(project_path, window, 1, [("Zoe\u0308 Park", "PERSON")])
    qtbot.waitUntil(lambda: to_do(window, 1) == 5)

    drag(qtbot, window, *offset(ARTICLE, "Ana Ruiz"))
    key(qtbot, window, Qt.Key.Key_S)

    assert stored.relation(quote_id, SPEAKER) is not None
    assert stored.span(quote_id).attributes.get("suggested_stance") == guess, "the link keeps the guess"
    assert added <= shown(window)
    assert window.inspector.values["Stance"].text().startswith("favor? 70 %")


def test_the_question_for_a_speaker_comes_back_after_another_programs_message(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    start_choosing(qtbot, window, Qt.Key.Key_S)
    question = window.statusBar().currentMessage()
    assert question.startswith("Choose the quote's speaker")
    with Project.open(project_path, annotator="colleague") as other:
        other.add_span(1, *offset(ARTICLE, "Zoe\u0308 Park"), "PERSON", status="suggested", origin="model")

    qtbot.waitUntil(lambda: "another program" in window.statusBar().currentMessage())
    window.statusBar().clearMessage()  # as the message's timeout does

    assert window.editor is not None and window.editor.picking is not None
    assert window.statusBar().currentMessage() == question
