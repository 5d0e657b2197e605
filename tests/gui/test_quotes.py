"""Quotes: creating one, its type, its speaker and cue, and undoing all of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, click_on, drag, key, offset, open_window, point_at

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


def test_accepting_a_quote_accepts_its_suggested_cue_in_one_step_and_leaves_its_speaker_entity(
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
    assert [stored.span(i).status for i in (quote_id, cue.id, speaker_id)] == [
        "accepted",
        "accepted",
        "suggested",
    ]
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert {stored.span(i).status for i in (quote_id, speaker_id, cue.id)} == {"suggested"}


@pytest.fixture
def speaker_after_its_quote(project_path: Path) -> Path:
    """The suggested quote's speaker is "Li Wei", after it in the text, suggested with the wrong label."""
    with Project.open(project_path, annotator="model-run") as project:
        (quote,) = project.spans(1, kind="quote")
        li_wei = project.find_span(1, *offset(ARTICLE, "Li Wei"), "PERSON")
        assert li_wei is not None
        project.update_span(li_wei.id, label="ORG")
        project.set_relation(quote.id, "SPEAKER", li_wei.id)
    return project_path


@pytest.mark.parametrize(
    ("decision", "waiting"), [(Qt.Key.Key_A, "2 suggestions and 1 stance"), (Qt.Key.Key_F, "2 suggestions")]
)
def test_deciding_a_quote_leaves_its_speaker_entity_for_tab_to_visit_with_its_label(
    qtbot: QtBot, speaker_after_its_quote: Path, decision: Qt.Key, waiting: str
) -> None:
    window = open_window(qtbot, speaker_after_its_quote)
    with Project.open(speaker_after_its_quote, annotator="checker") as stored:
        (quote,) = stored.spans(1, kind="quote")
        li_wei = stored.find_span(1, *offset(ARTICLE, "Li Wei"), "ORG")
        assert li_wei is not None
        key(qtbot, window, Qt.Key.Key_Tab)
        key(qtbot, window, Qt.Key.Key_A)  # Ana Ruiz, a PERSON as suggested
        assert window.view.selected == quote.id
        key(qtbot, window, decision)
        assert stored.span(quote.id).status == "accepted"
        assert stored.relation(quote.id, "SPEAKER").child_id == li_wei.id
        assert (stored.span(li_wei.id).status, stored.span(li_wei.id).label) == ("suggested", "ORG")
        assert f"{waiting} to decide" in window.heading.text()
        assert window.view.selected == li_wei.id  # the next thing to decide, with the model's label shown
        assert window.inspector.values["Label"].text() == "ORG"
        key(qtbot, window, Qt.Key.Key_1)
        assert (stored.span(li_wei.id).status, stored.span(li_wei.id).label) == ("accepted", "PERSON")
        key(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert (stored.span(li_wei.id).status, stored.span(li_wei.id).label) == ("suggested", "ORG")
        key(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert [stored.span(i).status for i in (quote.id, li_wei.id)] == ["suggested", "suggested"]
    window.close()


def test_a_suggested_quotes_speaker_is_shown_faintly_until_the_quote_is_decided(
    qtbot: QtBot, speaker_after_its_quote: Path
) -> None:
    with Project.open(speaker_after_its_quote, annotator="model-run") as project:
        (quote,) = project.spans(1, kind="quote")
        project.update_span(
            quote.id, attributes={**quote.attributes, "speaker_name": "Li Wei", "confidence": 0.83}
        )
    window = open_window(qtbot, speaker_after_its_quote)
    with Project.open(speaker_after_its_quote, annotator="checker") as stored:
        window.view.select_span(quote.id)
        name = window.inspector.values["Resolved name"]
        assert name.text() == "Li Wei" and window.inspector.is_faint("Resolved name")
        assert window.inspector.is_faint("Speaker")
        assert "not yet a decision" in name.toolTip() and "83%" in name.toolTip()
        key(qtbot, window, Qt.Key.Key_A)
        assert stored.span(quote.id).status == "accepted"
        window.view.select_span(quote.id)
        assert not window.inspector.is_faint("Resolved name") and name.toolTip() == ""


LONG_QUOTE = (
    "the 60-turbine project will close their richest grounds, while the mayor calls it the city's best "
    "chance of new jobs and the harbourmaster disagrees entirely"
)


@pytest.mark.parametrize("width", [100, 120, 150, 200])
def test_a_long_quotes_text_in_the_span_panel_ends_in_an_ellipsis_within_its_lines(
    qtbot: QtBot, project_path: Path, width: int
) -> None:
    """However narrow the panel, the text is cut where its lines end, and the "…" shows."""
    with Project.open(project_path, annotator="model-run") as project:
        (quote,) = project.spans(1, kind="quote")
    window = open_window(qtbot, project_path)
    field = window.inspector.values["Text"]
    field.setFixedWidth(width)
    with Project.open(project_path, annotator="checker") as stored:
        ((document, _),) = stored.add_documents([{"text": LONG_QUOTE, "title": "long"}])
        long = stored.add_span(
            document, 0, len(LONG_QUOTE), "QUOTE", kind="quote", attributes={"type": "indirect"}
        )
    window.open_document(document)
    window.view.select_span(long.id)
    shown = field.text()
    assert shown.endswith("…") and LONG_QUOTE.startswith(shown[:-1].rstrip())
    metrics = field.fontMetrics()
    box = metrics.boundingRect(QRect(0, 0, field.width(), 100_000), Qt.TextFlag.TextWordWrap, shown)
    assert box.height() <= field.height()  # every line shown, the ellipsis included
    window.open_document(1)
    window.view.select_span(quote.id)
    assert field.text() == "“The harbour will reopen soon.”"
