"""The pipeline service trains the project's models: phases and progress streamed, cancel, report fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.pipeline_service import Done, PipelineService, Progress, Ready, Step, TrainOptions
from annotator.store import Project
from annotator.trained import ENTITIES, STANCE
from tests.learning.trainable import make_trainable
from tests.service_messages import SERVICE_S, until

# Each test starts spaCy in a child process and trains: not in the quick `-m "not slow"` run.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def test_training_streams_each_phase_and_keeps_both_models(service: PipelineService, tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 12)
    job = service.train(path, "ann", TrainOptions(dev_share=0.25, seed=1))
    done, before = until(service, Done)
    assert done.job == job
    steps = [message.text for message in before if isinstance(message, Step)]
    assert steps == ["Training the entity model on 12 documents", "Training the stance model"]
    assert any(isinstance(message, Progress) and message.job == job for message in before)
    report = done.result
    assert not report.stopped and report.problems == []
    assert "PORT" in report.entities["new_labels"] and report.entities["trained"]["micro"]["f"] > 0
    assert report.stance["counts"]["examples"] == 12 and report.stance["curve"][-1]["share"] == 1.0
    with Project.open(path, annotator="checker") as project:
        assert project.model_kinds() == [ENTITIES, STANCE]


def test_a_cancel_stops_at_the_next_update_and_keeps_nothing_half_made(
    service: PipelineService, tmp_path: Path
) -> None:
    path = make_trainable(tmp_path / "p.annotator", 12)
    job = service.train(path, "ann", TrainOptions(entity_curve=True))
    until(service, Progress)
    service.cancel(job)
    done, _ = until(service, Done)
    assert done.job == job and done.result.stopped
    assert done.result.entities is None and done.result.stance is None
    with Project.open(path, annotator="checker") as project:
        assert project.model_kinds() == []


def test_token_requests_are_answered_while_it_trains(service: PipelineService, tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 12)
    training = service.train(path, "ann", TrainOptions(stance=False))
    until(service, Progress)
    asked = service.tokens("Two words.")
    answered, _ = until(service, Done)
    assert answered.job == asked and answered.result == [(0, 3), (4, 9), (9, 10)]
    finished, _ = until(service, Done, timeout=SERVICE_S)
    assert finished.job == training and finished.result.entities is not None


def test_the_rules_only_fallback_trains_stance_and_says_why_not_entities(tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 8)
    service = PipelineService("no_such_pipeline_installed")
    try:
        until(service, Ready)
        service.train(path, "ann", TrainOptions())
        done, _ = until(service, Done)
    finally:
        service.close()
        service.release()
    assert done.result.entities is None and done.result.stance is not None
    assert [problem.message for problem in done.result.problems] == [
        "no spaCy pipeline is installed to start from: the entity model is not trained"
    ]
