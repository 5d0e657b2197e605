"""File ▸ Export's dialog: formats, the token choice, and a folder of shards written from the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator.gui import tasks
from annotator.gui.export_dialog import DOCBIN_FOLDER, JSONL, ExportDialog
from annotator.gui.window import MainWindow


def choose_format(qtbot: QtBot, dialog: ExportDialog, name: str) -> None:
    """Pick ``name`` in the format box with the keyboard, as a person tabbing through would."""
    dialog.format.setFocus()
    qtbot.keyClick(dialog.format, Qt.Key.Key_Home)
    while dialog.format.currentText() != name:
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)


def test_the_folder_format_names_a_folder_and_has_no_token_choice(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "news.annotator")
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "news.jsonl") and not dialog.tokens.isHidden()

    choose_format(qtbot, dialog, DOCBIN_FOLDER)

    assert dialog.path.text() == str(tmp_path / "news-spacy")
    assert dialog.path_label.text() == "Folder" and dialog.tokens.isHidden()
    assert dialog.options().format == "spacy" and dialog.options().tokens

    choose_format(qtbot, dialog, JSONL)
    assert dialog.path.text() == str(tmp_path / "news.jsonl") and not dialog.tokens.isHidden()


def test_unticking_tokens_exports_lines_without_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    out = tmp_path / "plain.jsonl"

    def accept(dialog: ExportDialog) -> int:
        dialog.path.setText(str(out))
        qtbot.mouseClick(dialog.tokens, Qt.MouseButton.LeftButton, pos=dialog.tokens.rect().bottomLeft() / 2)
        return 1

    monkeypatch.setattr(ExportDialog, "exec", accept)
    tasks.choose_and_export(window)
    qtbot.waitUntil(lambda: "Export" in window.statusBar().currentMessage(), timeout=20_000)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and not any("tokens" in line for line in lines)


@pytest.mark.slow
def test_a_docbin_folder_is_written_from_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    out = tmp_path / "corpus"

    def accept(dialog: ExportDialog) -> int:
        choose_format(qtbot, dialog, DOCBIN_FOLDER)
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", accept)
    tasks.choose_and_export(window)
    qtbot.waitUntil(lambda: "Export" in window.statusBar().currentMessage(), timeout=20_000)
    assert [path.name for path in out.iterdir()] == ["00000.spacy"]
    assert "corpus/" in window.statusBar().currentMessage()
