"""What the Train dialog reads before training: the decisions there are to learn from, and the kept models."""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project
from annotator.store.models_part import TrainingMaterial
from tests.learning.trainable import make_trainable


def test_only_accepted_decisions_in_documents_marked_done_count(tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 6)
    with Project.open(path, annotator="ann") as project:
        project.set_document_status(6, "in_progress")
        suggested, _ = project.add_document("Quarrow waited.")
        project.add_span(suggested, 0, 7, "PORT", status="suggested")
        project.set_document_status(suggested, "done")
        rejected = project.spans(1, kind="quote")[0]
        project.update_span(rejected.id, status="rejected")
        no_stance = project.spans(2, kind="quote")[0]
        project.update_span(no_stance.id, stance=None)
        assert project.training_material() == TrainingMaterial(documents=6, entities=5, stances=3)


def test_an_empty_project_has_nothing_to_learn_from_and_no_model(project: Project) -> None:
    assert project.training_material() == TrainingMaterial(0, 0, 0)
    assert project.model_summary("entities") is None


def test_a_model_summary_is_the_model_without_its_bytes(project: Project) -> None:
    project.save_model(
        "stance", spacy_version="3.8.0", config="[nlp]", data=b"\x00" * 10, scores={"acc": 0.8}, decisions=5
    )
    summary = project.model_summary("stance")
    stored = project.model("stance")
    assert summary is not None and stored is not None
    assert (summary.kind, summary.trained_at, summary.decisions, summary.scores) == (
        "stance",
        stored.trained_at,
        5,
        {"acc": 0.8},
    )
