"""Quotes: creating one, its type, its speaker and cue, and undoing all of it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, click_on, drag, key, offset, point_at

CTRL = Qt.KeyboardModifier.ControlModifier
QUOTE = "“The harbour will reopen soon.”"


def select_quote(qtbot: QtBot, window: MainWindow) -> int:
    click_on(qtbot, window, *offset(ARTICLE, "harbour"))
    assert window.view.selected is not None
    return window.view.selected


def make_ana_the_speaker(qtbot: QtBot, window: MainWindow, stored: Project) -> tuple[int, int]:
    """Select the quote, press S, click "Ana Ruiz": returns (quote id, speaker span id)."""
    quote_id = select_quote(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S)
    click_on(qtbot, window, *offset(ARTICLE, "Ana Ruiz"))
    relation = stored.relation(quote_id, "SPEAKER")
    assert relation is not None
    return quote_id, relation.child_id


def test_s_then_clicking_an_entity_links_the_speaker_and_resolves_the_name(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id, speaker_id = make_ana_the_speaker(qtbot, window, stored)
    assert ARTICLE[stored.span(speaker_id).start : stored.span(speaker_id).end] == "Ana Ruiz"
    assert stored.span(quote_id).attributes["speaker_name"] == "Ana Ruiz"
    assert window.view.selected == quote_id
    assert window.inspector.values["Speaker"].text() == "Ana Ruiz"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored.relation(quote_id, "SPEAKER") is None
    assert stored.span(quote_id).attributes["speaker_name"] is None


def test_c_with_selected_words_creates_and_links_a_cue(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id = select_quote(qtbot, window)
    key(qtbot, window, Qt.Key.Key_C)
    drag(qtbot, window, *offset(ARTICLE, "said"))
    key(qtbot, window, Qt.Key.Key_C)
    relation = stored.relation(quote_id, "CUE")
    assert relation is not None
    cue = stored.span(relation.child_id)
    assert (cue.kind, ARTICLE[cue.start : cue.end]) == ("cue", "said")
    assert window.inspector.values["Cue"].text() == "said"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored.relation(quote_id, "CUE") is None
    assert stored.spans(1, kind="cue") == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stored.relation(quote_id, "CUE") is not None


def test_q_makes_a_quote_and_t_cycles_its_type(qtbot: QtBot, window: MainWindow, stored: Project) -> None:
    drag(qtbot, window, *offset(ARTICLE, "calling the plan rushed"))
    key(qtbot, window, Qt.Key.Key_Q)
    quote = next(s for s in stored.spans(1, kind="quote") if s.origin == "human")
    assert quote.attributes["type"] == "indirect"  # no quotation marks in what was selected
    assert quote.attributes["parts"] == [[quote.start, quote.end]]
    window.view.select_span(quote.id)
    key(qtbot, window, Qt.Key.Key_T)
    assert stored.span(quote.id).attributes["type"] == "mixed"


def test_deleting_a_speaker_entity_and_undoing_restores_the_link(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id, speaker_id = make_ana_the_speaker(qtbot, window, stored)
    window.view.select_span(speaker_id)
    key(qtbot, window, Qt.Key.Key_Delete, CTRL)
    assert stored.relation(quote_id, "SPEAKER") is None
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored.relation(quote_id, "SPEAKER").child_id == speaker_id


def test_right_click_on_a_span_offers_its_actions_and_they_work(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    start, end = offset(ARTICLE, "Li Wei")
    left = point_at(window, start)
    seen: list[str] = []

    def choose_reject() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is not None
        seen.extend(action.text().replace("&", "") for action in menu.actions())
        reject = next(action for action in menu.actions() if action.text() == "&Reject")
        menu.close()
        reject.trigger()

    QTimer.singleShot(100, choose_reject)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.RightButton, pos=QPoint(left.x() + 3, left.y()))
    window.view.customContextMenuRequested.emit(QPoint(left.x() + 3, left.y()))
    assert {"Accept", "Reject", "Delete", "Label", "Stance"} <= set(seen)
    assert stored.find_span(1, start, end, "PERSON").status == "rejected"


def test_accepting_a_quote_accepts_its_suggested_speaker_and_cue_in_one_step(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id, speaker_id = make_ana_the_speaker(qtbot, window, stored)
    assert stored.span(speaker_id).status == "accepted"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored.span(speaker_id).status == "suggested"
    key(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    with stored.transaction():
        stored.update_span(speaker_id, status="suggested")
        cue = stored.add_span(
            1, *offset(ARTICLE, "said"), "CUE", kind="cue", status="suggested", origin="model"
        )
        stored.set_relation(quote_id, "CUE", cue.id)
    window.open_document(1)
    window.view.select_span(quote_id)
    key(qtbot, window, Qt.Key.Key_A)
    assert {stored.span(i).status for i in (quote_id, speaker_id, cue.id)} == {"accepted"}
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert {stored.span(i).status for i in (quote_id, speaker_id, cue.id)} == {"suggested"}
