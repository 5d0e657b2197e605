"""The pipeline service: spaCy in a child process, serving suggestions and token boundaries, headless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.pipeline_service import (
    BACKGROUND_NICENESS,
    Done,
    Failed,
    PipelineService,
    Progress,
    Ready,
    Stopped,
)
from annotator.store import Project
from annotator.suggest import PipelineInfo
from tests.service_messages import SERVICE_S, until

pytestmark = pytest.mark.timeout(1200)

ARTICLE = "Mayor Ana Ruiz said: “The harbour will reopen soon.” She spoke in Greyhaven on Monday.\n"
# Written for these tests: CRLF, double spaces, an emoji, a contraction and an abbreviation.
TRICKY = "Don't  panic,\r\nsaid the U.S. envoy 😀 in Zoe\u0308's café.  "
# Each test starts spaCy in a child process (about 2 s): not in the quick `-m "not slow"` run.
pytestmark = pytest.mark.slow


def many_documents(path: Path, count: int) -> list[int]:
    with Project.open(path, annotator="tester") as project:
        added = project.add_documents({"text": f"Report {n}. {ARTICLE}"} for n in range(count))
    return [document_id for document_id, _ in added]


def test_importing_the_service_does_not_import_spacy() -> None:
    script = "import sys, annotator.pipeline_service; print('spacy' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_the_service_loads_the_default_pipeline_and_says_which(service: PipelineService) -> None:
    assert service.ready is not None
    assert service.ready.name.startswith("en_core_web_sm")
    assert service.ready.warning is None
    assert service.process.pid != 0 and service.process.is_alive()


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_child_runs_at_a_lower_cpu_priority_than_the_window(service: PipelineService) -> None:
    child = os.getpriority(os.PRIO_PROCESS, service.process.pid)
    assert child >= max(BACKGROUND_NICENESS, os.getpriority(os.PRIO_PROCESS, 0))


def test_token_boundaries_are_spacys_non_space_tokens(
    service: PipelineService, pipeline: PipelineInfo
) -> None:
    job = service.tokens(TRICKY)
    done, _ = until(service, Done)
    expected = [(t.idx, t.idx + len(t.text)) for t in pipeline.nlp.tokenizer(TRICKY) if not t.is_space]
    assert done.job == job
    assert done.result == expected
    assert (TRICKY.index("U.S."), TRICKY.index("U.S.") + 4) in done.result


def test_suggestions_land_in_the_project_with_progress(service: PipelineService, tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    ids = many_documents(path, 3)
    job = service.suggest(path, "tester", ids)
    done, before = until(service, Done)
    assert done.job == job
    assert [(m.done, m.total) for m in before if isinstance(m, Progress)] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert done.result.documents == 3 and done.result.spans_added > 0 and not done.result.cancelled
    with Project.open(path, annotator="checker") as project:
        assert project.spans(ids[0], kind="quote", status="suggested")
        assert project.spans(ids[0], kind="entity", status="suggested")


def test_cancel_stops_a_run_after_the_current_document(service: PipelineService, tmp_path: Path) -> None:
    path = tmp_path / "many.annotator"
    ids = many_documents(path, 200)
    job = service.suggest(path, "tester", ids)
    while not isinstance(progress := service.receive(timeout=SERVICE_S), Progress) or progress.done < 1:
        assert progress is not None
    service.cancel(job)
    done, _ = until(service, Done)
    assert done.result.cancelled and 1 <= done.result.documents < 200
    with Project.open(path, annotator="checker") as project:
        assert project.spans(ids[0]) and not project.spans(ids[-1])


def test_token_requests_are_answered_during_a_suggestion_run(
    service: PipelineService, tmp_path: Path
) -> None:
    path = tmp_path / "many.annotator"
    ids = many_documents(path, 100)
    run = service.suggest(path, "tester", ids)
    asked = service.tokens("Two words.")
    answered, before = until(service, Done)
    assert answered.job == asked and answered.result == [(0, 3), (4, 9), (9, 10)]
    assert any(isinstance(m, Progress) and m.job == run for m in before)
    service.cancel(run)
    finished, _ = until(service, Done)
    assert finished.job == run


def test_a_failed_request_is_reported_and_the_service_serves_on(
    service: PipelineService, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.annotator"
    junk.write_bytes(b"not a database " * 100)
    job = service.suggest(junk, "tester", [1])
    failed, _ = until(service, Failed)
    assert failed.job == job and "database" in failed.message
    service.tokens("Still here.")
    done, _ = until(service, Done)
    assert done.result == [(0, 5), (6, 10), (10, 11)]


def test_a_missing_pipeline_loads_rules_only_with_a_warning_and_closes_cleanly() -> None:
    service = PipelineService("no_such_pipeline_installed")
    ready, _ = until(service, Ready)
    assert ready.name == "rules-only"
    assert ready.warning is not None and "'no_such_pipeline_installed' could not be loaded" in ready.warning
    service.close()
    assert service.process.exitcode == 0
    service.release()


def test_a_killed_child_is_reported_not_waited_for() -> None:
    service = PipelineService(None)
    until(service, Ready)
    service.process.kill()
    stopped, _ = until(service, Stopped, timeout=SERVICE_S)
    assert stopped.exitcode == -9 and "killed" in stopped.describe()
    assert service.receive() is stopped
    service.tokens("Nobody answers.")  # sending to a dead child is not an error
    service.close()
    service.release()


def test_closing_while_the_pipeline_loads_ends_the_child_at_once() -> None:
    service = PipelineService(None)
    service.close()
    assert service.process.exitcode == -signal.SIGTERM  # ended while loading, not left to finish
    assert isinstance(service.receive(timeout=SERVICE_S), Stopped)
    service.release()
