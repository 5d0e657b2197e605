"""The loop after accept-all (issue 12, item 5), pressed as an annotator would: Tab finds the quotes
that still need a stance, a stance key decides a quote in one press, Ctrl+Return warns first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import answer_next_question, key, open_window, when_shown

K, M = Qt.Key, Qt.KeyboardModifier


def test_after_accept_all_tab_goes_to_the_quote_without_a_stance(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, K.Key_A, M.ControlModifier | M.ShiftModifier)
    key(qtbot, window, K.Key_Tab)
    quote = stored.span(window.view.selected or 0)
    assert (quote.kind, quote.status, quote.stance) == ("quote", "accepted", None)
    key(qtbot, window, K.Key_N)
    assert stored.span(quote.id).stance == "neutral"
    key(qtbot, window, K.Key_Tab)
    assert "Nothing left to decide" in window.statusBar().currentMessage()


def test_a_stance_given_to_a_quote_waiting_for_one_moves_on_and_a_change_of_stance_stays(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    """In a session the stance phase took two keys a quote (N, then Tab), and pressing N for the next
    quote cleared the stance just given: giving the missing stance now moves on, as accepting does."""
    quote_id = select_the_quote(qtbot, window, stored)
    key(qtbot, window, K.Key_A)
    window.view.select_span(quote_id)
    key(qtbot, window, K.Key_N)
    assert stored.span(quote_id).stance == "neutral"
    assert window.view.selected != quote_id  # on to what is left to decide
    window.view.select_span(quote_id)
    key(qtbot, window, K.Key_G)  # a change of mind is no decision of something waiting
    assert stored.span(quote_id).stance == "against"
    assert window.view.selected == quote_id


def test_done_with_a_quote_missing_its_stance_asks_and_no_keeps_working(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    key(qtbot, window, K.Key_A, M.ControlModifier | M.ShiftModifier)
    asked: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, asked)
    key(qtbot, window, K.Key_Return, M.ControlModifier)
    assert asked == ["1 quote has no stance. Mark the document done anyway?"]
    assert stored.document(1).status == "in_progress"
    assert window.view.state is not None and window.view.state.id == 1
    window.activateWindow()  # what the window manager does when the question closes
    qtbot.waitUntil(window.isActiveWindow)
    answer_next_question(QMessageBox.StandardButton.Yes, asked)
    key(qtbot, window, K.Key_Return, M.ControlModifier)
    assert len(asked) == 2
    assert stored.document(1).status == "done"
    assert window.view.state is not None and window.view.state.id == 2  # on to the next unfinished


def select_the_quote(qtbot: QtBot, window: MainWindow, stored: Project) -> int:
    """Tab to the article's quote (after Ana Ruiz), as the annotator would."""
    key(qtbot, window, K.Key_Tab)
    key(qtbot, window, K.Key_Tab)
    quote_id = window.view.selected or 0
    assert stored.span(quote_id).kind == "quote"
    return quote_id


def test_a_stance_key_on_a_suggested_quote_decides_it_in_one_press(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id = select_the_quote(qtbot, window, stored)
    key(qtbot, window, K.Key_F)
    assert (stored.span(quote_id).status, stored.span(quote_id).stance) == ("accepted", "favor")
    assert window.view.selected != quote_id


def test_a_project_whose_documents_are_all_done_opens_on_the_last_one_worked_on(
    qtbot: QtBot, project_path: Path
) -> None:
    with Project.open(project_path, annotator="tester") as project:
        for document_id in (1, 2, 3):
            project.set_document_status(document_id, "done")
        project.update_span(1, stance="favor")  # the last thing done was in document 1
    window = open_window(qtbot, project_path)
    assert window.view.state is not None and window.view.state.id == 1
    assert "no documents" not in window.heading.text()
    assert "Every document is done" in window.statusBar().currentMessage()
    window.close()


def test_r_names_a_descriptive_speaker_with_a_typed_name(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id = select_the_quote(qtbot, window, stored)
    offered: list[list[str]] = []

    def type_a_name(dialog: QInputDialog) -> None:
        offered.append(dialog.comboBoxItems())
        dialog.setTextValue("Ana Ruiz, the mayor")
        dialog.accept()

    when_shown(QInputDialog, type_a_name)
    key(qtbot, window, K.Key_R)
    assert offered == [["Ana Ruiz", "Li Wei"]]  # the article's people
    assert stored.span(quote_id).attributes["speaker_name"] == "Ana Ruiz, the mayor"
    window.activateWindow()  # what the window manager does when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    key(qtbot, window, K.Key_Z, M.ControlModifier)
    assert stored.span(quote_id).attributes["speaker_name"] is None


def test_undo_and_redo_say_what_they_did(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, K.Key_Tab)
    key(qtbot, window, K.Key_A)
    key(qtbot, window, K.Key_Z, M.ControlModifier)
    assert window.statusBar().currentMessage() == "Undone: Accept PERSON"
    key(qtbot, window, K.Key_Y, M.ControlModifier)
    assert window.statusBar().currentMessage() == "Redone: Accept PERSON"
