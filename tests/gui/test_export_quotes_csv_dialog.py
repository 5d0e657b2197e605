"""File ▸ Export's quotes table (issue 16): chosen in the real dialog, written from the real window."""

from __future__ import annotations

from pathlib import Path

import pandas
from PySide6.QtCore import Qt
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator.gui import tasks
from annotator.gui.export_dialog import JSONL, QUOTES_CSV, ExportDialog
from annotator.gui.window import MainWindow
from tests.gui.conftest import ARTICLE
from tests.gui.test_export_dialog import NOTHING_DONE, choose_format
from tests.texts import offset


def test_the_quotes_table_names_a_csv_file_without_tokens_or_split(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "news.annotator", NOTHING_DONE)
    qtbot.addWidget(dialog)
    dialog.split.setValue(0.2)

    choose_format(qtbot, dialog, QUOTES_CSV)

    assert dialog.path.text() == str(tmp_path / "news-export.csv")
    assert dialog.tokens.isHidden() and dialog.split.isHidden() and not dialog.include_all.isHidden()
    options = dialog.options()
    assert options.format == "quotes-csv" and options.split is None

    choose_format(qtbot, dialog, JSONL)
    assert dialog.path.text() == str(tmp_path / "news-export.jsonl") and not dialog.split.isHidden()
    assert dialog.options().split == 0.2


def test_the_window_exports_every_quote_as_a_table_pandas_reads(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    out = tmp_path / "quotes.csv"

    def accept(dialog: ExportDialog) -> int:
        choose_format(qtbot, dialog, QUOTES_CSV)
        dialog.path.setText(str(out))
        qtbot.mouseClick(
            dialog.include_all, Qt.MouseButton.LeftButton, pos=dialog.include_all.rect().bottomLeft() / 2
        )
        return 1

    monkeypatch.setattr(ExportDialog, "exec", accept)
    tasks.choose_and_export(window)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=20_000)

    assert window.statusBar().currentMessage().endswith("Exported 3 documents with 1 quote to quotes.csv.")
    [row] = pandas.read_csv(out).to_dict("records")
    start, end = offset(ARTICLE, "“The harbour will reopen soon.”")
    assert (row["document_id"], row["start"], row["end"]) == (1, start, end)
    assert (row["quote"], row["type"], row["status"]) == (
        "“The harbour will reopen soon.”",
        "direct",
        "suggested",
    )
