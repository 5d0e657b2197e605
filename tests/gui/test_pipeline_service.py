"""The window with its pipeline service: spaCy loads in a child process, suggestions land in the file."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.actions.tokens import TokenCache
from annotator.gui import tasks
from annotator.gui.app import build_window
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key, offset

# The pipeline service runs at niceness 10: on a machine kept busy it can take minutes to answer.
SERVICE_MS = 300_000
pytestmark = pytest.mark.timeout(1200)

ARTICLE = "The U.S. envoy said: “We don't expect a deal.” Mayor Ana Ruiz agreed in Greyhaven.\n"
SECOND = "A second report. Police chief Tom Hale said the harbour of Greyhaven will reopen.\n"


def wait_for_pipeline(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.pipeline is not None, timeout=SERVICE_MS)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> Iterator[MainWindow]:
    """One window whose service has loaded the default pipeline, shared by this module's tests."""
    path = tmp_path_factory.mktemp("service") / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        project.add_documents([{"text": ARTICLE}, {"text": SECOND}])
    window = build_window(path, background=True)
    window.show()
    deadline = time.monotonic() + SERVICE_MS / 1000
    while window.pipeline is None and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    yield window
    window.close()


@pytest.mark.slow  # a Python process of its own
def test_the_window_process_does_not_import_spacy() -> None:
    script = (
        "import sys\n"
        "from annotator.gui import app, tasks, window\n"
        "from annotator.gui.pipeline import PipelineClient\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_status_bar_shows_loading_then_the_pipeline(qtbot: QtBot, project_path: Path) -> None:
    window = build_window(project_path, background=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.service is not None)
    assert window.pipeline_label.text() == "Pipeline: loading…"
    assert not window.actions_["suggest"].isEnabled()
    wait_for_pipeline(qtbot, window)
    assert window.pipeline_label.text().startswith("Pipeline: en_core_web_sm")
    assert "⚠" not in window.pipeline_label.text()
    assert window.actions_["suggest"].isEnabled()
    assert window.service is not None and window.service.service.process.is_alive()


@pytest.mark.slow  # starts spaCy in a child process
def test_suggest_from_the_keys_lands_in_the_project_and_the_window(qtbot: QtBot, loaded: MainWindow) -> None:
    loaded.open_document(2)
    loaded.activateWindow()  # keys reach a window's shortcuts only while it is the active one
    qtbot.waitUntil(loaded.isActiveWindow)
    loaded.view.setFocus()
    key(qtbot, loaded, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "Suggest:" in loaded.statusBar().currentMessage(), timeout=SERVICE_MS)
    assert "1 document with en_core_web_sm" in loaded.statusBar().currentMessage()
    assert loaded.project is not None and loaded.project.path is not None
    with Project.open(loaded.project.path, annotator="checker") as stored:
        assert stored.spans(2, kind="quote", status="suggested")
    assert loaded.view.state is not None and loaded.view.state.pending_count() > 0
    assert loaded.model is not None and loaded.model.ids == [1, 2]


@pytest.mark.slow  # starts spaCy in a child process
def test_suggest_from_the_document_menu_runs_on_the_open_document(qtbot: QtBot, loaded: MainWindow) -> None:
    loaded.open_document(1)
    menu = next(action.menu() for action in loaded.menuBar().actions() if action.text() == "&Document")
    next(action for action in menu.actions() if action.text() == "&Suggest").trigger()
    qtbot.waitUntil(
        lambda: loaded.view.state is not None and loaded.view.state.pending_count() > 0, timeout=SERVICE_MS
    )
    assert loaded.project is not None
    with Project.open(loaded.project.path, annotator="checker") as stored:
        assert stored.spans(1, kind="entity", status="suggested")


@pytest.mark.slow  # starts spaCy in a child process
def test_snapping_uses_spacys_tokens_once_the_service_sent_them(qtbot: QtBot, loaded: MainWindow) -> None:
    loaded.open_document(1)
    state = loaded.view.state
    assert state is not None
    qtbot.waitUntil(lambda: state.text in loaded.tokens, timeout=SERVICE_MS)
    start, end = offset(ARTICLE, "U.S.")
    assert state.tokens.snap(start + 1, start + 2) == (start, end)  # one token for spaCy, four for the regex
    dont, _ = offset(ARTICLE, "don't")
    assert state.tokens.snap(dont, dont + 1) == (dont, dont + 2)  # "do" + "n't"


def test_before_the_tokens_arrive_snapping_splits_words_and_marks(qtbot: QtBot, window: MainWindow) -> None:
    assert window.service is None
    window.open_document(1)
    state = window.view.state
    assert state is not None
    start = state.text.index("Ana Ruiz")
    assert state.tokens.snap(start + 1, start + 2) == (start, start + 3)


@pytest.mark.slow
def test_a_killed_service_is_reported_and_suggest_is_disabled(qtbot: QtBot, project_path: Path) -> None:
    window = build_window(project_path, background=True)
    qtbot.addWidget(window)
    wait_for_pipeline(qtbot, window)
    assert window.service is not None
    window.service.service.process.kill()
    qtbot.waitUntil(lambda: window.pipeline is None, timeout=SERVICE_MS)
    assert window.pipeline_label.text() == "Pipeline: stopped ⚠"
    assert "killed" in window.pipeline_label.toolTip()
    assert not window.actions_["suggest"].isEnabled()
    window.close()


def test_closing_the_window_while_the_pipeline_loads_ends_the_service(
    qtbot: QtBot, project_path: Path
) -> None:
    window = build_window(project_path, background=False)
    qtbot.addWidget(window)
    service = tasks.pipeline_service(window)
    assert service is not None
    process = service.service.process
    window.close()
    assert window.pipeline_label.text() == "Pipeline: loading…"
    with pytest.raises(ValueError):  # released: the child was joined and its handle closed
        process.is_alive()


def test_the_token_cache_keeps_the_service_boundaries_of_the_last_texts() -> None:
    cache = TokenCache(size=2)
    assert list(cache.tokenize("U.S. aid")) == [(0, 1), (1, 2), (2, 3), (3, 4), (5, 8)]
    cache.store("U.S. aid", [(0, 4), (5, 8)])
    cache.store("second", [(0, 6)])
    assert cache.tokenize("U.S. aid") == [(0, 4), (5, 8)]
    cache.store("third", [(0, 5)])
    assert "U.S. aid" not in cache and "second" in cache and "third" in cache
