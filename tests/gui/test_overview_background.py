"""The overview counts in a worker: it says so meanwhile, drops what comes too late, lets the window close."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.overview.figures import project_overview
from annotator.overview.model import Overview
from annotator.overview.palette import segment_colours
from annotator.store import Project
from tests.gui.conftest import key, open_window
from tests.gui.test_overview import CTRL_SHIFT, counted, make_project

# Counts for ever: only a stop request ends it.
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


class Gate:
    """Stands in for ``project_overview`` in the worker: counts, then holds the figures until let go."""

    def __init__(self) -> None:
        self.counted = threading.Event()
        self.let_go = threading.Event()

    def __call__(self, project: Project, *, agreement: bool) -> Overview:
        figures = project_overview(project, agreement=agreement)
        self.counted.set()
        assert self.let_go.wait(60), "the test never let the count go"
        return figures


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr("annotator.gui.overview_view.project_overview", held)
    yield held
    held.let_go.set()  # a test that failed early must not leave a worker waiting


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The window on the overview tests' four documents (one done), the article shown."""
    shown = open_window(qtbot, make_project(tmp_path / "overview.annotator"))
    yield shown
    shown.close()


def open_overview(qtbot: QtBot, window: MainWindow) -> None:
    key(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(window.overview.isVisible)


def no_worker_left(window: MainWindow) -> bool:
    """Every worker has ended and its result was handed on (or dropped): their threads are deleted."""
    return not window.findChildren(QThread)


def test_the_overview_says_it_is_counting_while_the_window_stays_usable(
    qtbot: QtBot, window: MainWindow, gate: Gate
) -> None:
    open_overview(qtbot, window)
    page = window.overview
    qtbot.waitUntil(gate.counted.is_set)
    assert page.counting.isVisible() and page.counts.text() == "" and not page.content.isVisible()
    key(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)  # the window answers keys while the worker counts
    assert window.view.isVisible()
    open_overview(qtbot, window)
    qtbot.waitUntil(page.counting.isVisible)
    gate.let_go.set()
    counted(qtbot, window)
    assert page.counts.text() == "4 documents, 1 done (25 %)" and page.content.isVisible()


def test_figures_counted_for_an_overview_closed_meanwhile_are_dropped_and_counted_anew(
    qtbot: QtBot, window: MainWindow, gate: Gate, tmp_path: Path
) -> None:
    open_overview(qtbot, window)
    qtbot.waitUntil(gate.counted.is_set)  # one document done, as counted now
    qtbot.keyClick(window.overview.focusWidget() or window.overview, Qt.Key.Key_Escape)
    assert window.view.isVisible() and not window.overview.counting.isVisible()
    with Project.open(tmp_path / "overview.annotator", annotator="ben") as other:
        other.set_document_status(1, "done")
    gate.let_go.set()
    qtbot.waitUntil(lambda: no_worker_left(window))
    assert window.overview.overview is None  # what came was dropped
    open_overview(qtbot, window)
    counted(qtbot, window)
    assert window.overview.counts.text() == "4 documents, 2 done (50 %)"


def test_a_change_while_counting_is_counted_once_that_count_is_shown(
    qtbot: QtBot, window: MainWindow, gate: Gate, tmp_path: Path
) -> None:
    open_overview(qtbot, window)
    qtbot.waitUntil(gate.counted.is_set)
    with Project.open(tmp_path / "overview.annotator", annotator="ben") as other:
        other.set_document_status(2, "done")
    assert window.outside.check()  # as the window's poll notices another program's change
    gate.let_go.set()
    qtbot.waitUntil(lambda: window.overview.counts.text().startswith("4 documents, 2 done"))
    counted(qtbot, window)


@pytest.mark.timeout(60)
def test_closing_the_window_while_counting_stops_the_count(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def endless(project: Project, *, agreement: bool) -> Overview:
        started.set()
        project.conn.execute(ENDLESS).fetchone()
        raise AssertionError("only a stop request ends the count")

    monkeypatch.setattr("annotator.gui.overview_view.project_overview", endless)
    open_overview(qtbot, window)
    qtbot.waitUntil(started.is_set)
    window.close()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: no_worker_left(window))
    assert window.overview.overview is None and "could not" not in window.overview.counts.text()


def test_the_charts_colour_their_segments_as_the_report_does(qtbot: QtBot, window: MainWindow) -> None:
    open_overview(qtbot, window)
    counted(qtbot, window)
    speakers = window.overview.speakers
    assert speakers.chart is not None
    expected = segment_colours(speakers.chart.segments, speakers.chart.left)
    assert {segment: colour.name() for segment, colour in speakers.colours.items()} == expected
