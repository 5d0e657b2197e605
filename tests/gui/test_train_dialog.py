"""Tools ▸ Train models: the window trains the models in the pipeline process and shows the scores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from annotator.gui.app import build_window
from annotator.gui.train_dialog import TrainDialog, show_train_dialog
from annotator.gui.window import MainWindow
from annotator.store import Project
from annotator.trained import ENTITIES, STANCE
from tests.gui.conftest import key, open_window
from tests.learning.trainable import article, make_trainable

# The pipeline service runs at niceness 10: on a machine kept busy it can take minutes to answer.
SERVICE_MS = 300_000
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def cells(view: QTableView) -> list[list[str]]:
    """What the table shows, header first."""
    model: QAbstractItemModel = view.model()
    columns = range(model.columnCount())
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)).replace("\n", " ") for c in columns]
    return [header] + [
        [str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


@pytest.fixture
def trainable(tmp_path: Path) -> Path:
    """Twelve harbour documents marked done, and one unfinished whose quote the models have not seen."""
    path = make_trainable(tmp_path / "harbour.annotator", 12)
    with Project.open(path, annotator="ann") as project:
        text, _port, words, _stance = article(14)
        document, _ = project.add_document(text)
        start = text.index(words)
        project.add_span(document, start, start + len(words), "QUOTE", kind="quote", status="suggested")
    return path


@pytest.fixture
def loaded(qtbot: QtBot, trainable: Path) -> Iterator[MainWindow]:
    """The window on the trainable project, its pipeline loaded, active."""
    window = build_window(trainable, background=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pipeline is not None, timeout=SERVICE_MS)
    window.activateWindow()  # keys reach a window's shortcuts only while it is the active one
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    yield window
    window.close()


def open_dialog(qtbot: QtBot, window: MainWindow) -> TrainDialog:
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    dialog = window.findChild(TrainDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_train_waits_for_the_pipeline_and_the_dialog_shows_what_there_is_to_learn_from(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = make_trainable(tmp_path / "p.annotator", 5)
    with Project.open(path, annotator="ann") as project:
        project.set_document_status(5, "in_progress")
    window = open_window(qtbot, path)
    assert not window.actions_["train"].isEnabled()  # no pipeline loaded: nothing to train with
    dialog = show_train_dialog(window)
    assert dialog is not None
    assert dialog.material.text() == (
        "4 documents marked done, with 4 accepted entities and 4 quotes with a stance."
    )
    assert dialog.kept.text() == "Entity model: none yet.\nStance model: none yet."
    assert not dialog.train_button.isEnabled() and "not loaded" in dialog.train_button.toolTip()
    assert dialog.entity_heading.text() == "Entities: no model trained yet."
    assert (dialog.entities.isChecked(), dialog.stance.isChecked(), dialog.curve.isChecked()) == (
        True,
        True,
        False,
    )
    assert (dialog.dev_share.value(), dialog.seed.value()) == (0.2, 0)
    window.close()


@pytest.mark.slow  # starts spaCy in a child process and trains both models
@pytest.mark.timeout(600)  # training at niceness 10 on a machine whose every CPU is busy takes minutes
def test_train_from_the_keys_shows_the_scores_keeps_the_models_and_suggests_again(
    qtbot: QtBot, loaded: MainWindow, trainable: Path
) -> None:
    assert loaded.actions_["train"].isEnabled()
    dialog = open_dialog(qtbot, loaded)
    assert dialog.material.text().startswith("12 documents marked done, with 12 accepted entities")
    qtbot.mouseClick(dialog.curve, Qt.MouseButton.LeftButton)
    assert dialog.curve.isChecked()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Train is the default button
    assert dialog.running and not dialog.train_button.isEnabled() and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=SERVICE_MS)

    assert dialog.outcome.text().startswith("Trained in ")
    assert "the entity and the stance model are kept in the project" in dialog.outcome.text()
    entities = cells(dialog.entity_view)
    assert entities[0] == [
        "label", "stock P", "stock R", "stock F1", "trained P", "trained R", "trained F1", "in dev",
        "suggested by",
    ]  # fmt: skip
    assert entities[1][0] == "PORT" and entities[1][1:4] == ["0.00", "0.00", "0.00"]
    assert int(entities[1][7]) > 0 and entities[1][8] == "trained (new)"
    assert entities[-1][0] == "all labels" and float(entities[-1][6]) > 0
    stance = cells(dialog.stance_view)
    assert stance[0] == ["", "accuracy", "mean F1 favor/against", "F1 favor", "F1 against"]
    assert stance[1][0] in ("always 'favor'", "always 'against'") and stance[2][0] == "trained"
    curves = dialog.curve_view.describe()
    assert curves.startswith("entity micro F1 (dev): 25 % (")
    assert "stance accuracy (dev): 25 % (" in curves and "100 % (" in curves
    assert dialog.kept.text().startswith("Entity model: trained ")
    with Project.open(trainable, annotator="checker") as project:
        assert project.model_kinds() == [ENTITIES, STANCE]
    # The pipeline process saved the models for the window: not another program's changes.
    assert not loaded.outside.check()
    assert loaded.statusBar().currentMessage().startswith("Trained in ")

    assert dialog.suggest_button.isEnabled()
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=SERVICE_MS)
    assert dialog.outcome.text().startswith("Suggested on 1 document: ")
    with Project.open(trainable, annotator="checker") as project:
        quote = project.spans(13, kind="quote")[0]
        assert quote.attributes["suggested_stance"]["label"] == "favor"
        assert "PORT" in {span.label for span in project.spans(13, kind="entity", status="suggested")}
    assert not loaded.outside.check()
    assert loaded.statusBar().currentMessage().startswith("Suggest: Suggested on 1 document: ")
    shown = loaded.view.state
    assert shown is not None and shown.id == 13
    assert "PORT" in {span.label for span in shown.spans.values() if span.status == "suggested"}


@pytest.mark.slow  # starts spaCy in a child process and trains
@pytest.mark.timeout(600)  # training at niceness 10 on a machine whose every CPU is busy takes minutes
def test_cancel_stops_the_training_keeps_nothing_half_made_and_says_so(
    qtbot: QtBot, loaded: MainWindow, trainable: Path
) -> None:
    dialog = open_dialog(qtbot, loaded)
    dialog.curve.setChecked(True)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.maximum() > 0, timeout=SERVICE_MS)  # the entity model trains
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.phase.text() == "Stopping at the next update…"
    qtbot.waitUntil(lambda: not dialog.running, timeout=SERVICE_MS)
    assert dialog.outcome.text() == "Stopped. Nothing was kept: the project's models are as they were."
    assert dialog.kept.text() == "Entity model: none yet.\nStance model: none yet."
    assert "Nothing was kept" in loaded.statusBar().currentMessage()
    with Project.open(trainable, annotator="checker") as project:
        assert project.model_kinds() == []
    assert dialog.train_button.isEnabled()  # and it can train again
