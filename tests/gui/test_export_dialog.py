"""File ▸ Export's dialog: formats, the token choice, and a folder of shards written from the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator.gui import tasks
from annotator.gui.export_dialog import DOCBIN, DOCBIN_FOLDER, JSONL, ExportDialog, default_target
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import SECOND, key, open_window, when_shown

NOTHING_DONE = {"new": 3}


def choose_format(qtbot: QtBot, dialog: ExportDialog, name: str) -> None:
    """Pick ``name`` in the format box with the keyboard, as a person tabbing through would."""
    dialog.format.setFocus()
    qtbot.keyClick(dialog.format, Qt.Key.Key_Home)
    while dialog.format.currentText() != name:
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)


def test_the_folder_format_names_a_folder_and_has_no_token_choice(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(tmp_path / "news.annotator", NOTHING_DONE)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "news-export.jsonl") and not dialog.tokens.isHidden()

    choose_format(qtbot, dialog, DOCBIN_FOLDER)

    assert dialog.path.text() == str(tmp_path / "news-export-spacy")
    assert dialog.path_label.text() == "Folder" and dialog.tokens.isHidden()
    assert dialog.options().format == "spacy" and dialog.options().tokens

    choose_format(qtbot, dialog, JSONL)
    assert dialog.path.text() == str(tmp_path / "news-export.jsonl") and not dialog.tokens.isHidden()


def test_the_proposed_name_is_one_that_does_not_exist_yet(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "news-export.jsonl").write_text("an earlier export\n", encoding="utf-8")
    (tmp_path / "news-export-2.dev.jsonl").write_text("the dev part of another\n", encoding="utf-8")
    (tmp_path / "news-export.spacy").mkdir()
    dialog = ExportDialog(tmp_path / "news.annotator", NOTHING_DONE)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "news-export-3.jsonl")

    choose_format(qtbot, dialog, DOCBIN)
    assert dialog.path.text() == str(tmp_path / "news-export-3.spacy")
    assert default_target(tmp_path / "news.annotator", DOCBIN) == tmp_path / "news-export-2.spacy"


def press_ok(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.path.setFocus()
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)


@pytest.mark.parametrize("split", [0.0, 0.2], ids=["file", "split parts"])
def test_ok_asks_before_replacing_a_file_and_names_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: MonkeyPatch, split: float
) -> None:
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    existing = tmp_path / ("news.dev.jsonl" if split else "news.jsonl")
    existing.write_text("the file the project was imported from\n", encoding="utf-8")
    dialog = ExportDialog(tmp_path / "news.annotator", NOTHING_DONE)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "news.jsonl"))
    dialog.split.setValue(split)

    press_ok(qtbot, dialog)
    assert len(asked) == 1 and str(existing) in asked[0]
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted

    answer = QMessageBox.StandardButton.Yes
    press_ok(qtbot, dialog)
    assert len(asked) == 2 and dialog.result() == QDialog.DialogCode.Accepted


def test_ok_asks_nothing_for_a_new_file(qtbot: QtBot, tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *args: pytest.fail(f"asked {args}"))
    (tmp_path / "empty-folder").mkdir()
    dialog = ExportDialog(tmp_path / "news.annotator", NOTHING_DONE)
    qtbot.addWidget(dialog)
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted

    choose_format(qtbot, dialog, DOCBIN_FOLDER)
    dialog.path.setText(str(tmp_path / "empty-folder"))
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_export_from_the_window_leaves_the_imported_file_alone(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """Issue 12: File ▸ Export proposed news.jsonl, the file imported beside the project, and replaced it."""
    assert window.project is not None and window.project.path == tmp_path / "news.annotator"
    imported = tmp_path / "news.jsonl"
    imported.write_text('{"text": "the articles as they were imported"}\n', encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *args: pytest.fail(f"asked {args}"))

    def ok(dialog: ExportDialog) -> int:
        press_ok(qtbot, dialog)  # the proposed name, as it is
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", ok)
    tasks.choose_and_export(window)
    qtbot.waitUntil(lambda: "Export" in window.statusBar().currentMessage(), timeout=20_000)
    assert imported.read_text(encoding="utf-8") == '{"text": "the articles as they were imported"}\n'
    lines = (tmp_path / "news-export.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(json.loads(line)["topic"] == "" for line in lines)


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


def test_ctrl_e_then_enter_exports_only_the_documents_marked_done(
    qtbot: QtBot, project_path: Path, tmp_path: Path
) -> None:
    """A session's export for training held the unannotated documents too, as if they had no entities."""
    with Project.open(project_path, annotator="ana") as project:
        project.set_document_status(2, "done")
    window = open_window(qtbot, project_path)
    said: list[str] = []

    def enter(dialog: ExportDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        said.append(dialog.written.text())

    when_shown(ExportDialog, enter)
    key(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Export"), timeout=20_000)
    lines = [json.loads(line) for line in (tmp_path / "news-export.jsonl").read_text("utf-8").splitlines()]
    assert [line["text"] for line in lines] == [SECOND]
    assert said == ["1 document marked done will be written."]
    window.close()


def test_with_nothing_done_every_document_is_written_and_the_dialog_says_how_many_are_not_done(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = ExportDialog(tmp_path / "news.annotator", {"new": 3, "in_progress": 1, "done": 0, "skipped": 2})
    qtbot.addWidget(dialog)
    assert not dialog.done_only.isChecked() and not dialog.options().done_only
    assert dialog.written.text().startswith("6 documents will be written, 6 of them not marked done")
    choose_format(qtbot, dialog, DOCBIN)
    assert dialog.written.text().startswith("4 documents will be written (the 2 skipped left out), 4 of them")
    dialog.done_only.setFocus()
    qtbot.keyClick(dialog.done_only, Qt.Key.Key_Space)
    assert dialog.options().done_only and dialog.written.text() == "No document is marked done yet."
