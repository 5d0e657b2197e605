"""The panel says what suggested the selected span: the stock pipeline, or the project's entity model."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.gui.train_tables import local_time
from annotator.store import Project
from annotator.trained import ENTITIES, project_model_name
from tests.gui.conftest import click_on, open_window
from tests.texts import offset

TEXT = 'Ships waited outside the harbour of Kelvale. "The fee is awful," said Anna Berg. Ana agreed.\n'
TRAINED_AT = "2026-12-03T09:52:11.123+00:00"


def test_the_status_tooltip_names_the_model_that_suggested_the_span(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "sources.annotator"
    with Project.open(path, annotator="ann") as project:
        document, _ = project.add_document(TEXT)
        for fragment, label, model in (
            ("Kelvale", "PORT", project_model_name(ENTITIES, TRAINED_AT)),
            ("Anna Berg", "PERSON", "en_core_web_sm 3.8.0"),
        ):
            project.add_span(
                document, *offset(TEXT, fragment), label, status="suggested", origin="model", model=model
            )
        project.add_span(document, *offset(TEXT, "Ana"), "PERSON")  # a person's own
    window = open_window(qtbot, path)
    status = window.inspector.values["Status"]

    for fragment, source in (
        ("Kelvale", f"Suggested by the project's entity model, trained {local_time(TRAINED_AT)}"),
        ("Anna Berg", "Suggested by the pipeline en_core_web_sm 3.8.0"),
        ("Ana", ""),
    ):
        click_on(qtbot, window, *offset(TEXT, fragment))
        qtbot.waitUntil(lambda fragment=fragment: window.inspector.values["Text"].text() == fragment)
        assert status.toolTip() == source
    window.close()
