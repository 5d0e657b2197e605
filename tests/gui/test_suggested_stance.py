"""A suggested stance in the window (issue 15): faint, with its probability; Y confirms it, Ctrl+Z undoes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, SECOND, key, point_at
from tests.texts import offset

K, M = Qt.Key, Qt.KeyboardModifier
QUOTE = "“The harbour will reopen soon.”"
SHOWN = "against? (71 %, suggested — Y confirms)"


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
    assert stance_field(window) == SHOWN
    assert window.inspector.is_faint("Stance")
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
    assert stance_field(window) == SHOWN and window.inspector.is_faint("Stance")


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


def test_the_quotes_tooltip_names_the_suggested_stance(qtbot: QtBot, window: MainWindow) -> None:
    start, end = offset(ARTICLE, "harbour")
    point = point_at(window, (start + end) // 2)
    viewport = window.view.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == "direct quote (accepted, suggested stance against? 71 %)"
    QToolTip.hideText()
