"""A worker's long read ends soon after it is asked to stop, rather than running to its end."""

from __future__ import annotations

import threading

import pytest

from annotator.overview.figures import project_overview
from annotator.store import FileError, Project
from tests.test_store_certainty import documents, quote


@pytest.fixture
def guessed(project: Project) -> Project:
    """1,000 documents, each with an accepted quote whose stance the model guessed."""
    with project.transaction():
        for doc_id in documents(project, 1000):
            quote(project, doc_id, 10, 0.5, status="accepted")
    return project


def test_a_read_stops_once_asked_and_not_before(guessed: Project) -> None:
    asked = False
    guessed.stop_reads_when(lambda: asked)
    assert len(guessed.least_certainties()) == 1000
    asked = True
    with pytest.raises(FileError, match="interrupted"):
        guessed.least_certainties()


def test_the_overviews_counts_stop_on_both_their_connections(guessed: Project) -> None:
    asked_from: set[int] = set()

    def stop() -> bool:
        asked_from.add(threading.get_ident())
        return True

    with Project.open(guessed.path, read_only=True) as own:
        own.stop_reads_when(stop)
        with pytest.raises(FileError, match="interrupted"):
            project_overview(own, agreement=False)
    assert asked_from - {threading.get_ident()}  # the quotes' read, in a thread of its own, stopped too
