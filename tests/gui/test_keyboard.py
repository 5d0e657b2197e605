"""The keyboard loop, driven on the real window; every check reads the project file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, answer_next_question, click_on, key, offset, spans_of

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def selected_text(window: MainWindow) -> str:
    state = window.view.state
    assert state is not None and window.view.selected is not None
    span = state.spans[window.view.selected]
    return state.text[span.start : span.end]


def test_tab_walks_suggestions_in_text_order(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    assert selected_text(window) == "Ana Ruiz"
    key(qtbot, window, Qt.Key.Key_J)
    assert selected_text(window).startswith("“The harbour")
    key(qtbot, window, Qt.Key.Key_K)
    assert selected_text(window) == "Ana Ruiz"


def test_accept_is_committed_and_undone_by_ctrl_z(qtbot: QtBot, window: MainWindow, stored: Project) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_A)
    ana = next(
        s for s in spans_of(stored) if s.label == "PERSON" and s.start == offset(ARTICLE, "Ana Ruiz")[0]
    )
    assert ana.status == "accepted"
    assert stored.document(1).status == "in_progress"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored.span(ana.id).status == "suggested"
    assert stored.document(1).status == "new"
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored.span(ana.id).status == "accepted"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    key(qtbot, window, Qt.Key.Key_Y, CTRL)
    assert stored.span(ana.id).status == "accepted"


def test_return_accepts_and_moves_to_the_next_suggestion(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Return)
    assert selected_text(window).startswith("“The harbour")
    key(qtbot, window, Qt.Key.Key_X)
    statuses = {stored.document(1).text[s.start : s.end]: s.status for s in spans_of(stored)}
    assert statuses["Ana Ruiz"] == "accepted"
    assert statuses["“The harbour will reopen soon.”"] == "rejected"
    assert selected_text(window) == "Li Wei"
    key(qtbot, window, Qt.Key.Key_Delete)
    assert {s.status for s in spans_of(stored) if s.label == "PERSON"} == {"accepted", "rejected"}


def test_number_key_relabels_and_stance_keys_toggle(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    chosen = window.view.selected
    key(qtbot, window, Qt.Key.Key_2)  # relabels, accepts and moves on, as A does
    assert window.view.selected != chosen
    click_on(qtbot, window, *offset(ARTICLE, "Ana Ruiz"))
    key(qtbot, window, Qt.Key.Key_F)
    span = stored.span(chosen)
    assert (span.label, span.status, span.stance) == ("ORG", "accepted", "favor")
    key(qtbot, window, Qt.Key.Key_G)
    assert stored.span(span.id).stance == "against"
    key(qtbot, window, Qt.Key.Key_G)
    assert stored.span(span.id).stance is None


def test_shift_arrows_move_span_edges_by_token_and_alt_by_character(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    span_id = window.view.selected
    start = offset(ARTICLE, "Ana Ruiz")[0]
    key(qtbot, window, Qt.Key.Key_Right, SHIFT)
    assert (stored.span(span_id).start, stored.span(span_id).end) == (
        start,
        offset(ARTICLE, "Ana Ruiz said")[1],
    )
    key(qtbot, window, Qt.Key.Key_Left, SHIFT)
    key(qtbot, window, Qt.Key.Key_Left, CTRL | SHIFT)
    assert (stored.span(span_id).start, stored.span(span_id).end) == offset(ARTICLE, "Mayor Ana Ruiz")
    key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT | Qt.KeyboardModifier.AltModifier)
    key(qtbot, window, Qt.Key.Key_Left, SHIFT | Qt.KeyboardModifier.AltModifier)
    assert stored.document(1).text[stored.span(span_id).start : stored.span(span_id).end] == "ayor Ana Rui"


def test_ctrl_shift_a_accepts_everything_and_one_undo_restores_it(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    model = window.model
    assert model is not None and model.data(model.index(0, 2)) == 4
    key(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    assert {s.status for s in spans_of(stored)} == {"accepted"}
    assert (model.data(model.index(0, 0)), model.data(model.index(0, 2))) == ("◐", "")
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert {s.status for s in spans_of(stored)} == {"suggested"}
    assert (model.data(model.index(0, 0)), model.data(model.index(0, 2))) == ("○", 4)


def test_ctrl_return_marks_done_and_opens_the_next_unfinished(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    asked: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, asked)  # its suggestions are undecided
    key(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert asked == ["4 suggestions are undecided. Mark the document done anyway?"]
    assert stored.document(1).status == "done"
    assert window.view.state is not None and window.view.state.id == 2
    assert window.progress_label.text() == "1 of 3 documents done"


def test_page_keys_step_through_documents(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert window.view.state is not None and window.view.state.id == 3
    key(qtbot, window, Qt.Key.Key_PageUp)
    assert window.view.state.id == 2


def test_undo_in_another_document_switches_back_to_it(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_X)
    rejected = [s for s in spans_of(stored) if s.status == "rejected"]
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert window.view.state is not None and window.view.state.id == 2
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.view.state.id == 1
    assert stored.span(rejected[0].id).status == "suggested"
    assert window.view.selected == rejected[0].id


def test_keys_typed_in_the_search_box_do_not_annotate(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "ax")
    assert window.search.text() == "ax"
    assert {s.status for s in spans_of(stored)} == {"suggested"}
