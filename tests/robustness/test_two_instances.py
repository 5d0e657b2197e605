"""Two programs on one project file: both finish their work, nothing is lost, the window sees the other's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Project
from tests.gui.conftest import key, open_window, project_path
from tests.robustness.soundness import assert_sound
from tests.robustness.test_crash_safety import child_env

__all__ = ["project_path"]
NONE, CTRL, SHIFT = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


def articles(path: Path, first: int, count: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(first, first + count):
            text = f"Article {number}: Mayor Ana Ruiz opened the bridge in Greyhaven."
            stream.write(json.dumps({"text": text, "spans": [{"start": 0, "end": 7, "label": "ORG"}]}) + "\n")
    return path


def start_import(folder: Path, project: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(project), str(source), "--no-suggest"],
        env=child_env(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_two_imports_started_together_both_finish_and_lose_nothing(tmp_path: Path, existing: bool) -> None:
    project = tmp_path / "news.annotator"
    if existing:
        Project.open(project).close()
    # Overlapping halves: 1,000 articles each, 500 of them in both files.
    first = articles(tmp_path / "a.jsonl", 0, 1000)
    second = articles(tmp_path / "b.jsonl", 500, 1000)

    children = [start_import(tmp_path, project, source) for source in (first, second)]
    results = [(child.wait(60), *child.communicate()) for child in children]

    assert [status for status, _, _ in results] == [0, 0], results
    counts = assert_sound(project)
    assert (counts["documents"], counts["spans"]) == (1500, 1500)
    imported = sum(int(out.split("imported ")[1].split()[0]) for _, out, _ in results)
    assert imported == 1500


@pytest.mark.slow
def test_the_window_keeps_working_while_an_import_runs_and_then_shows_its_documents(
    qtbot: QtBot, project_path: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, project_path)
    assert window.project is not None and window.model is not None
    before = window.model.rowCount()
    child = start_import(tmp_path, project_path, articles(tmp_path / "new.jsonl", 0, 3000))
    committed: set[tuple[int, str]] = set()
    presses = [
        (Qt.Key.Key_Tab, NONE),
        (Qt.Key.Key_F, NONE),
        (Qt.Key.Key_Z, CTRL),
        (Qt.Key.Key_Z, CTRL | SHIFT),
    ]
    while child.poll() is None:
        for name, modifiers in presses:
            key(qtbot, window, name, modifiers)
            committed.add(
                window.project.conn.execute("SELECT id, batch FROM events ORDER BY id DESC").fetchone()
            )
        qtbot.wait(10)

    assert child.returncode == 0, child.communicate()
    # The window's two-second poll may have seen the last batch already (a busy machine is slow to end
    # the child); either way, after one more look it lists every document.
    window.outside.check()
    assert window.model.rowCount() == before + 3000
    assert assert_sound(project_path)["documents"] == before + 3000
    with Project.open(project_path) as project:
        assert committed <= set(project.conn.execute("SELECT id, batch FROM events"))
        state = window.view.state
        assert state is not None
        assert {span.id: span.stance for span in state.spans.values()} == {
            span.id: span.stance for span in project.spans(state.id)
        }
    assert len(committed) > 10


def test_a_change_from_another_program_shows_in_the_open_document_keeping_the_selection(
    qtbot: QtBot, project_path: Path
) -> None:
    window = open_window(qtbot, project_path)
    key(qtbot, window, Qt.Key.Key_Tab)
    selected = window.view.selected
    assert window.view.state is not None and selected is not None
    other = next(span for span in window.view.state.spans.values() if span.id != selected)
    assert not window.outside.check(), "the window's own changes are not another program's"

    with Project.open(project_path, annotator="colleague") as project:
        project.update_span(other.id, status="rejected")

    assert window.outside.check()
    assert window.view.state is not None and window.view.state.spans[other.id].status == "rejected"
    assert window.view.selected == selected
    assert not window.outside.check()


def test_documents_another_program_adds_right_after_opening_show_up(qtbot: QtBot, project_path: Path) -> None:
    window = open_window(qtbot, project_path)
    assert window.model is not None
    before = window.model.rowCount()

    with Project.open(project_path, annotator="colleague") as project:
        project.add_document("A document added by someone else.")

    assert window.outside.check()
    assert window.model.rowCount() == before + 1
