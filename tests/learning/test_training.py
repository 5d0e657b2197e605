"""Training a project's models in one run: what is kept in the project, what a stop keeps, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from annotator.learning.training import train_project
from annotator.learning.training_text import format_training
from annotator.store import Project
from annotator.suggest import load_pipeline
from annotator.trained import ENTITIES, STANCE
from tests.learning.trainable import make_trainable


@pytest.fixture(scope="module")
def base() -> Language:
    return load_pipeline().nlp


@pytest.mark.slow
def test_both_models_are_trained_scored_and_kept_in_the_project(tmp_path: Path, base: Language) -> None:
    path = make_trainable(tmp_path / "p.annotator")
    steps: list[str] = []
    with Project.open(path, annotator="ann") as project:
        report = train_project(project, base, seed=1, entity_curve=True, step=steps.append)
        kept = {kind: project.model(kind) for kind in (ENTITIES, STANCE)}
    assert not report.problems and not report.stopped
    assert steps == [
        "Training the entity model on 24 documents, then its learning curve",
        "Training the stance model",
    ]
    assert report.entities is not None and report.stance is not None
    assert report.entities["new_labels"] == ["PORT"]
    assert report.entities["use_labels"] == ["PORT"]
    assert [point["share"] for point in report.entities["curve"]] == [0.25, 0.5, 0.75, 1.0]
    assert report.entities["trained"]["labels"]["PORT"]["f"] > report.entities["stock"]["labels"]["PORT"]["f"]
    assert report.stance["counts"]["examples"] == 24
    assert [point["share"] for point in report.stance["curve"]] == [0.25, 0.5, 0.75, 1.0]
    for kind, scores in ((ENTITIES, report.entities), (STANCE, report.stance)):
        stored = kept[kind]
        assert stored is not None and stored.scores == scores
    text = format_training(report)
    assert "PORT" in text and "trained (new label)" in text and "  always '" in text


def test_without_documents_marked_done_nothing_is_trained_and_each_model_says_why(
    tmp_path: Path, base: Language
) -> None:
    path = make_trainable(tmp_path / "p.annotator", 4, done=False)
    with Project.open(path, annotator="ann") as project:
        report = train_project(project, base)
        assert project.model(ENTITIES) is None and project.model(STANCE) is None
    assert report.entities is None and report.stance is None
    assert [problem.where for problem in report.problems] == ["entities", "stance"]
    assert "0 document(s) marked done have accepted entities" in report.problems[0].message
    assert "nothing to learn from" in report.problems[1].message


def test_without_a_pipeline_only_the_stance_model_is_trained(tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 8)
    with Project.open(path, annotator="ann") as project:
        report = train_project(project, None)
        assert project.model(ENTITIES) is None and project.model(STANCE) is not None
    assert "no spaCy pipeline" in report.problems[0].message


def test_a_stop_during_stance_training_keeps_the_entity_model_already_made(
    tmp_path: Path, base: Language
) -> None:
    path = make_trainable(tmp_path / "p.annotator", 8)
    phases: list[str] = []
    with Project.open(path, annotator="ann") as project:
        report = train_project(
            project, base, step=phases.append, should_stop=lambda: phases[-1] == "Training the stance model"
        )
        assert project.model(ENTITIES) is not None and project.model(STANCE) is None
    assert report.stopped and report.entities is not None and report.stance is None


def test_a_retrain_can_guess_again_in_the_documents_not_done_and_leaves_done_ones_alone(
    tmp_path: Path,
) -> None:
    path = make_trainable(tmp_path / "p.annotator", 12)
    text = '"The new fee is wonderful for the harbour," said Anna Berg.'
    with Project.open(path, annotator="ann") as project:
        waiting, _ = project.add_document(text)
        quote = project.add_span(waiting, 1, 41, "QUOTE", kind="quote", status="suggested", origin="model")
        done_id = project.document_ids("done")[0]
        done_quote = next(span for span in project.spans(done_id) if span.kind == "quote")
        report = train_project(project, None, entities=False, guess_unfinished=True)
        assert report.stances_guessed == 1
        assert project.span(quote.id).attributes["suggested_stance"]["label"] == "favor"
        assert "suggested_stance" not in project.span(done_quote.id).attributes
