"""The order "least certain first" (issue 15): chosen beside the filter, remembered; the list, Tab,
PgDown and "next unfinished" follow it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.gui.documents import natural_width
from annotator.gui.usersettings import LEAST_CERTAIN, load_settings
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key, open_window
from tests.texts import offset

K, M = Qt.Key, Qt.KeyboardModifier

# Written for these tests: one document without any stance guess, three with guesses of some doubt.
PLAIN = "Mayor Ana Ruiz spoke to the council on Monday about the harbour.\n"
TWO_QUOTES = "Ana Ruiz said “The harbour will reopen soon.” Li Wei said “It will not.”\n"
FEES = "The port authority said “Fees will rise.”\n"
NOTHING = "Zoe Park said “Nothing changes.”\n"
GUESSES = {
    TWO_QUOTES: (("“The harbour will reopen soon.”", 0.7), ("“It will not.”", 0.2)),
    FEES: (("“Fees will rise.”", 0.05),),
    NOTHING: (("“Nothing changes.”", 0.1),),
}


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Documents 1-4: no guess; guesses 0.7 and 0.2; a guess 0.05; a guess 0.1 but done.

    Least certain first they are listed 3, 4, 2, 1.
    """
    path = tmp_path / "doubt.annotator"
    with Project.open(path, annotator="model-run") as project:
        added = project.add_documents([{"text": text} for text in (PLAIN, TWO_QUOTES, FEES, NOTHING)])
        ids = {
            text: doc_id for text, (doc_id, _) in zip((PLAIN, TWO_QUOTES, FEES, NOTHING), added, strict=True)
        }
        project.add_span(ids[PLAIN], *offset(PLAIN, "Ana Ruiz"), "PERSON", status="suggested", origin="model")
        for text, quotes in GUESSES.items():
            for fragment, p in quotes:
                guess = {"suggested_stance": {"label": "favor", "p": p}}
                project.add_span(
                    ids[text], *offset(text, fragment), "QUOTE", kind="quote", status="suggested",
                    origin="model", attributes={"type": "direct", **guess},
                )  # fmt: skip
        project.set_document_status(ids[NOTHING], "done")
    return path


def listed(window: MainWindow) -> list[int]:
    """The document ids in the list, top to bottom, as the table shows them."""
    model = window.table.model()
    return [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(model.rowCount())]


def selected_row_document(window: MainWindow) -> int:
    return window.table.currentIndex().data(Qt.ItemDataRole.UserRole)


def quote_text(window: MainWindow) -> str:
    state = window.view.state
    assert state is not None and window.view.selected is not None
    span = state.spans[window.view.selected]
    return state.text[span.start : span.end]


def test_the_order_combo_lists_the_least_certain_first_and_is_remembered(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    assert listed(window) == [1, 2, 3, 4] and window.view.state and window.view.state.id == 1
    window.order.setFocus()
    qtbot.keyClick(window.order, K.Key_Down)
    assert window.order.currentText() == "Least certain first"
    assert listed(window) == [3, 4, 2, 1]
    assert selected_row_document(window) == 1  # the open document stays selected, now on the last row
    assert load_settings()[0].document_order == LEAST_CERTAIN
    window.close()
    again = open_window(qtbot, project_path)
    assert again.order.currentText() == "Least certain first" and listed(again) == [3, 4, 2, 1]
    assert again.view.state is not None and again.view.state.id == 3  # the least certain unfinished one
    again.close()


def test_the_status_filter_keeps_the_order(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    window.filter.setCurrentIndex(window.filter.findData("new"))
    assert listed(window) == [3, 2, 1]


def test_tab_goes_to_the_least_certain_guess_first_and_shift_tab_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_document(2)
    key(qtbot, window, K.Key_Tab)
    assert quote_text(window) == "“The harbour will reopen soon.”"  # in order: the text's
    window.view.select_span(None)
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    assert window.order.currentText() == "Least certain first"
    key(qtbot, window, K.Key_Tab)
    assert quote_text(window) == "“It will not.”"  # p 0.2 before 0.7
    key(qtbot, window, K.Key_Tab)
    assert quote_text(window) == "“The harbour will reopen soon.”"
    key(qtbot, window, K.Key_Tab, M.ShiftModifier)
    assert quote_text(window) == "“It will not.”"


def test_skip_and_pgdown_follow_the_lists_order(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    window.open_document(3)
    key(qtbot, window, K.Key_PageDown)
    assert window.view.state is not None and window.view.state.id == 4  # the next row, done or not
    window.open_document(3)
    key(qtbot, window, K.Key_Return, M.ControlModifier | M.ShiftModifier)  # skip, next unfinished
    assert window.view.state is not None and window.view.state.id == 2  # in import order: 1
    assert selected_row_document(window) == 2
    key(qtbot, window, K.Key_Return, M.ControlModifier | M.ShiftModifier)
    assert window.view.state is not None and window.view.state.id == 1


@pytest.mark.parametrize("width", [210, 360])
def test_the_filter_and_the_order_stack_in_a_narrow_list_and_show_their_choices_whole(
    qtbot: QtBot, window: MainWindow, width: int
) -> None:
    window.resize(1280, 800)
    window.splitter.setSizes([width, 1280 - width - 300, 300])
    side_by_side = width == 360
    qtbot.waitUntil(lambda: (window.filter.y() == window.order.y()) == side_by_side)  # laid out again
    for combo in (window.filter, window.order):
        assert combo.width() >= natural_width(combo)
