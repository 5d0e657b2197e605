"""The heading counts what is left to decide: suggestions and quotes still waiting for a stance."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.store import Project
from tests.gui.conftest import open_window


def test_a_quote_waiting_for_its_stance_is_counted_beside_the_suggestions(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "p.annotator"
    text = '"The fees are too high," said Anna Berg in Dunmore.'
    with Project.open(path, annotator="tester") as project:
        waiting, _ = project.add_document(text)
        project.add_span(
            waiting,
            1,
            22,
            "QUOTE",
            kind="quote",
            attributes={"suggested_stance": {"label": "against", "p": 0.7}},
        )
        project.add_span(waiting, 43, 50, "GPE", status="suggested", origin="model")
        settled, _ = project.add_document("Nothing to decide here.")
    window = open_window(qtbot, path)
    try:
        window.open_document(waiting)
        qtbot.waitUntil(lambda: "to decide" in window.heading.shown()[1])
        assert "1 suggestion and 1 stance to decide" in window.heading.shown()[1]
        window.open_document(settled)
        qtbot.waitUntil(lambda: "nothing left to decide" in window.heading.shown()[1])
    finally:
        window.close()
