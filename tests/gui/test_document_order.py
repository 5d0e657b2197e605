"""The order "least certain first" (issue 15): chosen beside the filter, remembered; the list, Tab,
PgDown and "next unfinished" follow it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from pytestqt.qtbot import QtBot

from annotator.gui.documents import natural_width
from annotator.gui.usersettings import LEAST_CERTAIN, load_settings
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key, open_window
from tests.gui.test_overview_background import ENDLESS
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


def ordered(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the list no longer says it is being put least certain first (the certainties came)."""
    qtbot.waitUntil(window.documents.ordering.isHidden)


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
    ordered(qtbot, window)
    assert listed(window) == [3, 4, 2, 1]
    assert selected_row_document(window) == 1  # the open document stays selected, now on the last row
    assert load_settings()[0].document_order == LEAST_CERTAIN
    window.close()
    again = open_window(qtbot, project_path)
    ordered(qtbot, again)
    assert again.order.currentText() == "Least certain first" and listed(again) == [3, 4, 2, 1]
    assert again.view.state is not None and again.view.state.id == 3  # the least certain unfinished one
    again.close()


def test_the_status_filter_keeps_the_order(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    ordered(qtbot, window)
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
    ordered(qtbot, window)
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


class Gate:
    """Holds the read of every document's certainty in its worker, after reading, until let go."""

    def __init__(self, read: Callable[..., dict[int, float]]) -> None:
        self.read, self.done, self.let_go = read, threading.Event(), threading.Event()

    def __call__(self, project: Project, ids: Sequence[int] | None = None) -> dict[int, float]:
        certainties = self.read(project, ids)
        if ids is None:  # the whole list's, in the worker; a document's own is read on the GUI thread
            self.done.set()
            assert self.let_go.wait(60), "the test never let the read go"
        return certainties


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate(Project.least_certainties)
    monkeypatch.setattr(Project, "least_certainties", lambda project, ids=None: held(project, ids))
    yield held
    held.let_go.set()  # a test that failed early must not leave a worker waiting


def no_worker_left(window: MainWindow) -> bool:
    """Every worker has ended and its result was handed on (or dropped): their threads are deleted."""
    return not window.findChildren(QThread)


def test_the_list_keeps_its_order_and_says_so_until_the_certainties_come(
    qtbot: QtBot, window: MainWindow, gate: Gate
) -> None:
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    qtbot.waitUntil(gate.done.is_set)
    assert window.documents.ordering.isVisible() and listed(window) == [1, 2, 3, 4]
    key(qtbot, window, K.Key_PageDown)  # the window answers meanwhile, in the order shown
    assert window.view.state is not None and window.view.state.id == 2
    gate.let_go.set()
    ordered(qtbot, window)
    assert listed(window) == [3, 4, 2, 1] and selected_row_document(window) == 2


def test_certainties_that_come_after_the_order_was_switched_back_are_dropped(
    qtbot: QtBot, window: MainWindow, gate: Gate
) -> None:
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    qtbot.waitUntil(gate.done.is_set)
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)  # back to import order
    assert window.order.currentText() == "In order" and window.documents.ordering.isHidden()
    gate.let_go.set()
    qtbot.waitUntil(lambda: no_worker_left(window))
    assert listed(window) == [1, 2, 3, 4] and window.model is not None and window.model.certainty(3) is None


def test_a_stance_decided_while_the_certainties_are_read_is_not_undone_by_them(
    qtbot: QtBot, window: MainWindow, gate: Gate
) -> None:
    window.open_document(3)  # its one quote's guess, p 0.05, is the least certain of all
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    qtbot.waitUntil(gate.done.is_set)  # read with that guess still waiting
    key(qtbot, window, K.Key_Tab)
    key(qtbot, window, K.Key_Y)  # the guess confirmed: nothing left to guess in document 3
    gate.let_go.set()
    ordered(qtbot, window)
    assert listed(window) == [4, 2, 1, 3]  # 3 among those without a guess, in import order


@pytest.mark.timeout(60)
def test_closing_the_window_while_the_certainties_are_read_stops_the_read(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()
    read = Project.least_certainties

    def endless(project: Project, ids: Sequence[int] | None = None) -> dict[int, float]:
        if ids is not None:
            return read(project, ids)
        started.set()
        project.conn.execute(ENDLESS).fetchone()
        raise AssertionError("only a stop request ends the read")

    monkeypatch.setattr(Project, "least_certainties", endless)
    key(qtbot, window, K.Key_L, M.ControlModifier | M.ShiftModifier)
    qtbot.waitUntil(started.is_set)
    window.close()
    qtbot.waitUntil(lambda: no_worker_left(window))
    assert "could not" not in window.statusBar().currentMessage()
