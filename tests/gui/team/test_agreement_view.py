"""Review ▸ Agreement: the matrix holds agreement_report's numbers; a cell leads to documents, then review."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.agreement.report import agreement_report, pair_documents
from annotator.gui.agreement_view import MEASURES, AgreementDialog, heat, readable_on
from annotator.gui.window import MainWindow
from annotator.store import Project
from annotator.team.marks import layer_marks
from tests.gui.team.team_project import PORT


def agreement(qtbot: QtBot, window: MainWindow) -> AgreementDialog:
    """Review ▸ Agreement, by its shortcut; the dialog once its numbers are in."""
    qtbot.keyClick(
        window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = window.findChild(AgreementDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.matrix.rowCount() == 2)
    return dialog


def test_the_matrix_shows_agreement_reports_values_for_every_measure(
    qtbot: QtBot, window: MainWindow, merged: Path
) -> None:
    dialog = agreement(qtbot, window)
    with Project.open(merged, annotator="checker") as project:
        layers = layer_marks(project)
        expected = agreement_report(layers, project.titles({1, 2}))
    (pair,) = expected["pairs"]
    model = dialog.matrix
    assert [model.headerData(n, Qt.Orientation.Horizontal) for n in range(2)] == ["ana", "ben"]
    for number, measure in enumerate(MEASURES):
        dialog.measures.setCurrentIndex(number)
        value = measure.value(pair)
        for cell in (model.index(0, 1), model.index(1, 0)):
            assert model.value(cell) == value
            assert model.data(cell) == ("–" if value is None else f"{value:.2f}")
        assert model.data(model.index(0, 0)) == ""
    dialog.measures.setCurrentIndex(0)  # entities F1, exact: only Ana Ruiz of 3 and 3 matches
    cell = model.index(0, 1)
    assert model.value(cell) == pytest.approx(2 / 6)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) == heat(2 / 6)
    assert "1 matched of 3 and 3 entities" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    alpha = expected["stance_alpha"]
    assert f"(n = {alpha['n']} units)" in dialog.alpha.text()


def test_cell_colours_run_warm_to_cool_with_readable_text() -> None:
    low, high = heat(0.0), heat(1.0)
    assert low.red() > low.blue() and high.blue() > high.red()
    assert heat(-0.4) == low  # a negative kappa is as warm as 0
    assert readable_on(heat(0.5)).name() == "#000000"  # on pale yellow
    assert readable_on(heat(1.0)).name() == "#ffffff"  # on dark blue


def test_a_cell_lists_the_pairs_documents_and_one_opens_in_review(qtbot: QtBot, window: MainWindow) -> None:
    dialog = agreement(qtbot, window)
    dialog.table.setCurrentIndex(dialog.matrix.index(0, 1))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.documents.count() == 2)
    found = pair_documents(dialog.layers, "ana", "ben")
    assert found[0][0] == 1  # Bridge: most disagreements first
    assert [dialog.documents.item(n).text() for n in range(2)] == [
        f"{found[0][1]:>3}  Bridge",
        f"{found[1][1]:>3}  Port",
    ]
    dialog.documents.setCurrentRow(1)
    qtbot.keyClick(dialog.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.review.active)
    assert window.review.names == ["ana", "ben"]
    assert window.view.state is not None and window.view.state.text == PORT
    assert window.review.panel.lines() == [
        "1  ana: ORG «port authority of Greyhaven»",
        "2  ben: ORG «port authority»",
    ]
    assert QApplication.activeModalWidget() is None
