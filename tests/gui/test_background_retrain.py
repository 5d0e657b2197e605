"""The stance model retrained in the background after every N new stance decisions (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.gui.background_training import new_stance_decisions
from annotator.gui.train_dialog import TrainDialog
from annotator.trained import STANCE
from tests.gui.conftest import click_on, key
from tests.gui.test_train_dialog import CTRL_SHIFT, SERVICE_MS, loaded, trainable  # noqa: F401
from tests.learning.trainable import article


def test_new_decisions_are_those_the_kept_model_has_not_learnt_from() -> None:
    assert new_stance_decisions(12, None) == 12
    assert new_stance_decisions(12, 10) == 2


@pytest.mark.slow
def test_marking_a_document_done_past_the_setting_retrains_and_guesses_again(
    qtbot: QtBot,
    loaded,  # noqa: F811
    trainable: Path,  # noqa: F811
) -> None:
    window = loaded
    project = window.project
    assert project is not None
    # A second unfinished document, whose quote gets the retrained model's guess.
    text, _port, words, stance = article(16)
    other, _ = project.add_document(text)
    start = text.index(words)
    quote = project.add_span(other, start, start + len(words), "QUOTE", kind="quote", status="suggested")
    window.refresh_all()

    # The setting, typed into the Train dialog: every 5 new stance decisions.
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    dialog = window.findChild(TrainDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    spin = dialog.background.every
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "5")
    qtbot.keyClick(spin, Qt.Key.Key_Tab)
    assert project.setting("retrain_every") == 5
    dialog.close()

    # 12 stance decisions in documents done and no model yet: the next stance given in a done
    # document starts a retrain.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_document(1)
    first, _port, first_words, _stance = article(0)
    start = first.index(first_words)
    click_on(qtbot, window, start, start + len(first_words))
    qtbot.waitUntil(lambda: window.view.selected is not None)
    key(qtbot, window, Qt.Key.Key_N)  # neutral
    qtbot.waitUntil(lambda: window.retrain.job is not None or project.model(STANCE) is not None)
    qtbot.waitUntil(lambda: window.retrain.job is None, timeout=SERVICE_MS)
    assert project.model(STANCE) is not None
    guess = project.span(quote.id).attributes.get("suggested_stance")
    assert guess is not None and guess["label"] == stance
    # The pipeline process wrote the model and the guesses for the window: not another program.
    assert not window.outside.check()
    assert "Stance model retrained on 12 decisions" in window.statusBar().currentMessage()
