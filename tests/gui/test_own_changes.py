"""What the window asked another connection to write (its pipeline process) is its own, not another program's.

The pipeline process opens the project under the window's session; here a second connection under that
session stands in for it, and one without (``annotator import``, a second window) for another program.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import SECOND
from tests.texts import offset

ANOTHER_PROGRAM = "another program"


def test_suggestions_the_pipeline_process_stores_show_up_without_blaming_another_program(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    assert window.view.state is not None and window.model is not None
    window.tell("Suggest: 1 document: 1 suggestions added")
    with Project.open(project_path, annotator="model-run", session=window.outside.session) as pipeline:
        port = pipeline.add_span(
            2, *offset(SECOND, "Greyhaven"), "GPE", status="suggested", origin="model", model="stock"
        )
        pipeline.add_span(window.view.state.id, 0, 5, "PERSON", status="suggested", origin="model")

    row = window.model.row_of(2)
    assert row is not None
    qtbot.waitUntil(lambda: window.model is not None and window.model.index(row, 2).data() == 1)  # to do
    qtbot.waitUntil(lambda: window.view.state is not None and len(window.view.state.spans) == 5)
    assert port.id not in window.view.state.spans  # another document's
    assert window.statusBar().currentMessage() == "Suggest: 1 document: 1 suggestions added"
    assert not window.outside.check()


def test_another_program_writing_while_the_pipeline_process_does_is_still_reported(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    assert window.view.state is not None
    shown = window.view.state.id
    with Project.open(project_path, annotator="model-run", session=window.outside.session) as pipeline:
        pipeline.add_span(shown, 0, 5, "PERSON", status="suggested", origin="model")
    with Project.open(project_path, annotator="colleague") as other:
        other.set_document_status(shown, "in_progress")

    qtbot.waitUntil(lambda: ANOTHER_PROGRAM in window.statusBar().currentMessage())
    assert window.view.state is not None and window.view.state.document.status == "in_progress"
