"""Import, export and the document list, run from the window; work happens off the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPointF, Qt, QThread, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QListWidget, QPushButton
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator.gui import tasks, workers
from annotator.gui.dialogs import ProblemsDialog
from annotator.gui.documents import DocumentListModel
from annotator.gui.window import MainWindow
from annotator.store import Project


@pytest.fixture
def shown_problems(monkeypatch: MonkeyPatch) -> list[list[str]]:
    """Problems dialogs opened, as their rows (instead of blocking on exec)."""
    seen: list[list[str]] = []

    def record(dialog: ProblemsDialog) -> int:
        listing = dialog.findChild(QListWidget)
        seen.append([listing.item(row).text() for row in range(listing.count())] if listing else [])
        return 0

    monkeypatch.setattr(ProblemsDialog, "exec", record)
    return seen


def test_dropped_files_are_imported_in_the_background(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shown_problems: list[list[str]]
) -> None:
    good = tmp_path / "new.txt"
    good.write_text("An imported article about the harbour.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.model is not None
    qtbot.waitUntil(lambda: len(window.model.ids) == 4, timeout=10_000)
    assert "imported 1" in window.statusBar().currentMessage()
    assert not window.outside.check(), "the window's import is not another program's"
    assert "imported 1" in window.statusBar().currentMessage()


def test_import_problems_are_listed_not_raised(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shown_problems: list[list[str]]
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "fine line"}\nnot json at all\n', encoding="utf-8")
    tasks.import_files(window, [broken])
    qtbot.waitUntil(lambda: bool(shown_problems), timeout=10_000)
    assert window.model is not None and len(window.model.ids) == 4
    assert any("broken.jsonl:2" in row for row in shown_problems[0])


@pytest.mark.slow
def test_export_writes_the_accepted_spans(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: MonkeyPatch,
    shown_problems: list[list[str]],
) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    out = tmp_path / "out.jsonl"

    def accept(dialog: tasks.ExportDialog) -> int:
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(tasks.ExportDialog, "exec", accept)
    tasks.choose_and_export(window)
    qtbot.waitUntil(lambda: "Export" in window.statusBar().currentMessage(), timeout=20_000)
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert {"Ana Ruiz", "Li Wei"} <= {first["text"][s["start"] : s["end"]] for s in first["spans"]}


def test_filtering_by_status_and_searching_text(qtbot: QtBot, window: MainWindow) -> None:
    window.filter.setCurrentIndex(window.filter.findData("new"))
    assert window.model is not None and window.model.ids == [1, 2, 3]
    window.search.setText("greyhaven")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.model.ids == [2]


@pytest.mark.slow
def test_the_document_list_finds_the_last_of_100000_documents(qtbot: QtBot, tmp_path: Path) -> None:
    """How fast it is, benchmarks/bench_big.py measures; this checks the lazy list at that size is right."""
    with Project.open(tmp_path / "big.annotator") as project:
        project.add_documents(
            {"text": f"Document number {n}.", "title": f"Title {n}"} for n in range(100_000)
        )
        model = DocumentListModel(project)
        assert model.rowCount() == 100_000
        assert model.data(model.index(99_999, 1)) == "Title 99999"
        model.set_filter("new", "number 99999")
        assert model.ids == [100_000]


def test_cancel_stops_an_import_after_the_current_batch(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shown_problems: list[list[str]]
) -> None:
    many = tmp_path / "many.jsonl"
    many.write_text(
        "".join(json.dumps({"text": f"Report number {n}."}) + "\n" for n in range(2000)), encoding="utf-8"
    )
    dialog = tasks.import_files(window, [many])
    assert dialog is not None
    dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: "Import" in window.statusBar().currentMessage(), timeout=20_000)
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.model is not None and 3 < len(window.model.ids) < 2003


def test_closing_skips_a_job_whose_thread_qt_already_deleted(qtbot: QtBot, window: MainWindow) -> None:
    """deleteLater can run before a finished job leaves the list; closing used to crash on it."""
    thread, worker = QThread(), workers.Worker(lambda _progress, _stop: None)
    window.__dict__.setdefault("_running_jobs", []).append((thread, worker))
    shiboken6.delete(thread)
    window.close()
    assert window.project is None
