"""F1: the shortcuts sheet fits its rows within the screen, wraps what does not fit, and can be searched."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from annotator.gui.dialogs import ShortcutsDialog
from annotator.gui.window import MainWindow
from tests.gui.conftest import key, when_shown


def press_f1(qtbot: QtBot, window: MainWindow, check: Callable[[ShortcutsDialog], None]) -> None:
    """F1 in the article; ``check`` runs on the open sheet, then Esc closes it."""
    ran: list[bool] = []

    def inspect(dialog: ShortcutsDialog) -> None:
        try:
            check(dialog)
            ran.append(True)
        finally:
            qtbot.keyClick(dialog.filter, Qt.Key.Key_Escape)  # Esc in the filter box closes the sheet

    when_shown(ShortcutsDialog, inspect)
    key(qtbot, window, Qt.Key.Key_F1)
    assert ran, "the sheet did not open or its check failed"


def test_f1_sheet_filters_rows_by_key_action_or_description(qtbot: QtBot, window: MainWindow) -> None:
    def search(dialog: ShortcutsDialog) -> None:
        everything = dialog.shown_rows()
        assert len(everything) > 30
        qtbot.waitUntil(dialog.filter.hasFocus)  # type at once
        qtbot.keyClicks(dialog.filter, "stance")
        shown = dialog.shown_rows()
        assert ("F / G / N / U", "Stance") in [row[:2] for row in shown]
        assert all("stance" in " ".join(row).casefold() for row in shown) and len(shown) < 5
        dialog.filter.clear()
        qtbot.keyClicks(dialog.filter, "ctrl+z")
        assert [row[1] for row in dialog.shown_rows()] == ["Undo"]
        dialog.filter.clear()
        qtbot.keyClicks(dialog.filter, "more label")  # every word, anywhere in the row
        assert dialog.shown_rows() == [
            ("L", "More labels…", everything[[r[1] for r in everything].index("More labels…")][2])
        ]
        dialog.filter.clear()
        qtbot.keyClicks(dialog.filter, "no such thing")
        assert dialog.shown_rows() == [] and dialog.nothing.isVisible()
        dialog.filter.clear()
        assert dialog.shown_rows() == everything and not dialog.nothing.isVisible()

    press_f1(qtbot, window, search)


def test_f1_sheet_fits_the_screen_is_resizable_and_shows_every_description_whole(
    qtbot: QtBot, window: MainWindow
) -> None:
    def measure(dialog: ShortcutsDialog) -> None:
        screen = window.screen().availableGeometry()
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
        assert dialog.isSizeGripEnabled() and dialog.minimumWidth() < dialog.width()
        for width in (dialog.width(), 520):
            dialog.resize(width, dialog.height())
            qtbot.waitUntil(lambda w=width: dialog.width() == w)
            QApplication.processEvents()
            table = dialog.table
            assert table.horizontalScrollBar().maximum() == 0  # nothing to the right, out of sight
            column = table.columnWidth(2)
            metrics = table.fontMetrics()
            for row in range(table.rowCount()):
                text = table.item(row, 2).text()
                lines = max(1, table.rowHeight(row) // metrics.lineSpacing())
                # Wrapped onto as many lines as it needs: no text is cut off.
                assert metrics.horizontalAdvance(text) <= (column - 8) * lines + 60 * (lines - 1), (
                    width,
                    text,
                )
        box = dialog.findChild(QDialogButtonBox)
        assert box.button(QDialogButtonBox.StandardButton.Close).isVisible()

    press_f1(qtbot, window, measure)
