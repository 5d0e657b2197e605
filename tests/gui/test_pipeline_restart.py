"""A pipeline service lost without being asked starts again, a few times at most, and by hand after that."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.gui import tasks
from annotator.gui.app import build_window
from annotator.gui.pipeline import MAX_RESTARTS, RestartLimit
from annotator.gui.window import MainWindow
from annotator.store import Project

# The pipeline service runs at niceness 10: on a machine kept busy it can take minutes to answer.
SERVICE_MS = 300_000
pytestmark = pytest.mark.timeout(1200)

REPORT = "Harbour master {n} said: “The port of Greyhaven reopens on Monday.” Mayor Ana Ruiz agreed.\n"


def started(qtbot: QtBot, path: Path, reports: int) -> MainWindow:
    """A window on a new project of ``reports`` documents at ``path``, its service started."""
    with Project.open(path, annotator="tester") as project:
        project.add_documents([{"text": REPORT.format(n=n)} for n in range(reports)])
    window = build_window(path, background=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.service is not None)
    return window


def child_pid(window: MainWindow) -> int:
    assert window.service is not None and window.service.service.process.pid is not None
    return window.service.service.process.pid


def kill_and_wait_for_the_loss(qtbot: QtBot, window: MainWindow) -> int:
    """Kill the service's child; its pid, once the window has heard of the loss."""
    pid = child_pid(window)
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.service is not None and not window.service.running, timeout=SERVICE_MS)
    return pid


def answers_tokens(qtbot: QtBot, window: MainWindow) -> None:
    answers: list[list[tuple[int, int]]] = []
    assert window.service is not None
    window.service.tokens("U.S. aid", answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=SERVICE_MS)
    assert answers == [[(0, 4), (5, 8)]]


def test_the_restart_limit_allows_three_in_ten_minutes_then_refuses_until_one_is_older() -> None:
    limit = RestartLimit()
    assert [limit.allow(t) for t in (0.0, 60.0, 120.0, 130.0)] == [True, True, True, False]
    assert limit.allow(600.0) and not limit.allow(601.0)
    limit.clear()
    assert limit.allow(602.0) and limit.used == 1


@pytest.mark.slow
def test_a_killed_service_fails_the_run_keeps_what_was_stored_and_comes_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "news.annotator"
    window = started(qtbot, path, reports=400)
    qtbot.waitUntil(lambda: window.pipeline is not None, timeout=SERVICE_MS)
    assert window.service is not None
    failures: list[str] = []
    finished: list[object] = []

    def kill_after_two(done: int, _total: int) -> None:
        if done >= 2 and not failures:
            os.kill(child_pid(window), signal.SIGKILL)

    window.service.suggest(
        path, "tester", list(range(1, 401)), finished.append, failures.append, kill_after_two
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=SERVICE_MS)
    assert not finished and "killed" in failures[0]
    assert window.pipeline_label.text() == "Pipeline: stopped ⚠"
    assert "starting it again (1 of at most 3 times in 10 minutes)" in window.pipeline_label.toolTip()
    assert not window.actions_["suggest"].isEnabled()
    with Project.open(path, annotator="checker") as stored:
        assert stored.spans(1, status="suggested") and stored.spans(2, status="suggested")

    qtbot.waitUntil(lambda: window.pipeline is not None, timeout=SERVICE_MS)
    assert window.pipeline_label.text().startswith("Pipeline: en_core_web_sm")
    assert window.actions_["suggest"].isEnabled() and not window.actions_["restart_pipeline"].isEnabled()
    answers_tokens(qtbot, window)
    window.open_document(400)
    tasks.suggest_current(window)
    qtbot.waitUntil(lambda: "Suggest:" in window.statusBar().currentMessage(), timeout=SERVICE_MS)
    assert "1 document with en_core_web_sm" in window.statusBar().currentMessage()
    window.close()


@pytest.mark.slow
def test_after_three_restarts_in_ten_minutes_it_stays_stopped_until_asked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = started(qtbot, tmp_path / "news.annotator", reports=1)
    for _ in range(MAX_RESTARTS):  # killed while loading: a loss all the same
        pid = kill_and_wait_for_the_loss(qtbot, window)
        qtbot.waitUntil(
            lambda pid=pid: window.service is not None and window.service.running, timeout=SERVICE_MS
        )
        assert child_pid(window) != pid
        assert window.pipeline_label.text() == "Pipeline: loading…"
    last = kill_and_wait_for_the_loss(qtbot, window)
    assert "stays stopped" in window.pipeline_label.toolTip()
    assert "Restart pipeline" in window.pipeline_label.toolTip()
    # No restart is due: its timer, the only way the service comes back by itself, is not running.
    assert window.service is not None and not window.service._restart_timer.isActive()
    assert not window.service.running and child_pid(window) == last
    assert window.actions_["restart_pipeline"].isEnabled()

    window.actions_["restart_pipeline"].trigger()
    assert window.pipeline_label.text() == "Pipeline: loading…"
    assert not window.actions_["restart_pipeline"].isEnabled()
    qtbot.waitUntil(lambda: window.pipeline is not None, timeout=SERVICE_MS)
    answers_tokens(qtbot, window)
    window.close()
