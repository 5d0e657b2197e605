"""A suggested stance in the window (issue 15): faint, with its probability; Y confirms it, Ctrl+Z undoes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from annotator.gui.inspector import stance_text
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, SECOND, key, point_at
from tests.texts import offset

K, M = Qt.Key, Qt.KeyboardModifier
QUOTE = "“The harbour will reopen soon.”"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """An accepted quote with a suggested stance and its speaker; a suggested entity after it."""
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="model-run") as project:
        (first, _), _ = project.add_documents([{"text": t, "title": ""} for t in (ARTICLE, SECOND)])
        speaker = project.add_span(first, *offset(ARTICLE, "Ana Ruiz"), "PERSON")
        project.add_span(first, *offset(ARTICLE, "Li Wei"), "PERSON", status="suggested", origin="model")
        start, end = offset(ARTICLE, QUOTE)
        guess = {"suggested_stance": {"label": "against", "p": 0.71}}
        quote = project.add_span(
            first, start, end, "QUOTE", kind="quote",
            attributes={"type": "direct", "speaker_name": "Ana Ruiz", "parts": [[start, end]], **guess},
        )  # fmt: skip
        project.set_relation(quote.id, "SPEAKER", speaker.id)
    return path


def stance_field(window: MainWindow) -> str:
    return window.inspector.values["Stance"].text()


def shows_the_suggestion(window: MainWindow) -> bool:
    """The Stance field asks "against? 71 %", says it is suggested and names Y, greyed and in italics."""
    guess, _, how = stance_field(window).partition("\n")
    faint = window.inspector.is_faint("Stance")
    return faint and guess == "against? 71 %" and "suggested" in how and "Y" in how


def tab_to_the_quote(qtbot: QtBot, window: MainWindow, stored: Project) -> int:
    """Tab walks to the quote first: its stance is only suggested, so it still waits for a decision."""
    key(qtbot, window, K.Key_Tab)
    quote_id = window.view.selected or 0
    assert stored.span(quote_id).kind == "quote"
    return quote_id


def test_the_inspector_shows_a_suggested_stance_faintly_with_its_probability(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    tab_to_the_quote(qtbot, window, stored)
    assert shows_the_suggestion(window)
    assert window.inspector.values["Stance"].textFormat() == Qt.TextFormat.PlainText
    assert window.actions_["confirm_stance"].isEnabled()


def test_y_confirms_the_suggested_stance_and_ctrl_z_takes_it_back(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    quote_id = tab_to_the_quote(qtbot, window, stored)
    key(qtbot, window, K.Key_Y)
    assert stored.span(quote_id).stance == "against"
    assert stored.span(window.view.selected or 0).label == "PERSON"  # on to the suggestion left, Li Wei
    window.view.select_span(quote_id)
    assert stance_field(window) == "against" and not window.inspector.is_faint("Stance")
    assert not window.actions_["confirm_stance"].isEnabled()  # nothing left to confirm
    key(qtbot, window, K.Key_Z, M.ControlModifier)
    assert stored.span(quote_id).stance is None
    window.view.select_span(quote_id)
    assert shows_the_suggestion(window)


def test_y_where_no_stance_is_suggested_changes_nothing(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    speaker = stored.spans(1, kind="entity")[0]
    window.view.select_span(speaker.id)
    assert stance_field(window) == "—" and not window.inspector.is_faint("Stance")
    assert not window.actions_["confirm_stance"].isEnabled()
    logged = len(stored.events())
    key(qtbot, window, K.Key_Y)
    assert len(stored.events()) == logged


@pytest.mark.parametrize(
    ("guess", "short", "shown"),
    [
        ({"label": "favor", "p": 0.83}, False, "favor? 83 %\nsuggested — Y confirms"),
        ({"label": "favor", "p": 0.83}, True, "favor? 83 %\nsuggested: press Y"),  # a narrow panel
        ({"label": "favor"}, False, "favor?\nsuggested — Y confirms"),
    ],
)
def test_the_stance_field_words_a_guess_as_a_question(
    project: Project, guess: dict[str, object], short: bool, shown: str
) -> None:
    document_id, _ = project.add_document(ARTICLE)
    span = project.add_span(document_id, 0, 5, "QUOTE", kind="quote", attributes={"suggested_stance": guess})
    assert stance_text(span, "Y", short) == (shown, True)
    decided = project.update_span(span.id, stance="against")
    assert stance_text(decided, "Y") == ("against", False)


def test_the_quotes_tooltip_names_the_suggested_stance(qtbot: QtBot, window: MainWindow) -> None:
    start, end = offset(ARTICLE, "harbour")
    point = point_at(window, (start + end) // 2)
    viewport = window.view.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == "direct quote (accepted, suggested stance against? 71 %)"
    QToolTip.hideText()
