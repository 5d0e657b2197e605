"""Each suggestion names what suggested it: the project's entity model, or the stock pipeline (issue 15).

The project's entity model here is an entity ruler for one new label, PORT: small, exact and quick to
build, and stored and loaded as a trained model is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.exporting import export_docbin, export_jsonl
from annotator.store import Project, Span
from annotator.suggest import load_pipeline
from annotator.suggest.storing import suggest_documents
from annotator.trained import ENTITIES, project_model_name, project_model_of
from tests.entity_models import keep_entity_model

# Written for these tests: a port the stock pipeline takes for a place, and a person it knows.
TEXT = 'Ships waited outside the harbour of Kelvale on Monday. "The new fee is awful," said Anna Berg.\n'


@pytest.fixture
def suggested(project: Project) -> tuple[Project, str, str]:
    """The project with the PORT model kept and the document suggested: (project, its name, the stock one)."""
    project.add_document(TEXT)
    name = keep_entity_model(project, {"Kelvale": "PORT"})
    report = suggest_documents(project)
    assert report.problems == [] and report.spans_added > 0
    return project, name, load_pipeline().name


def _by_text(spans: list[Span]) -> dict[str, Span]:
    return {TEXT[span.start : span.end]: span for span in spans}


def test_the_project_models_entities_name_it_and_the_stock_pipelines_keep_its_name(
    suggested: tuple[Project, str, str],
) -> None:
    project, name, stock = suggested
    spans = _by_text(project.spans(1))
    assert (spans["Kelvale"].label, spans["Kelvale"].model) == ("PORT", name)
    assert name.startswith("project:entities@") and project_model_of(name) == (ENTITIES, name.split("@")[1])
    assert (spans["Anna Berg"].label, spans["Anna Berg"].model) == ("PERSON", stock)
    assert spans["The new fee is awful"].model == stock  # the quote
    assert {span.origin for span in spans.values()} == {"model"}


def test_suggesting_again_keeps_each_suggestions_source(suggested: tuple[Project, str, str]) -> None:
    project, name, stock = suggested
    before = {span.id: span.model for span in project.spans(1)}
    report = suggest_documents(project)
    assert (report.spans_added, report.spans_removed) == (0, 0)
    assert {span.id: span.model for span in project.spans(1)} == before
    assert set(before.values()) == {name, stock}


def test_exports_name_the_source_of_each_suggestion(
    suggested: tuple[Project, str, str], tmp_path: Path
) -> None:
    project, name, stock = suggested
    export_jsonl(project, tmp_path / "out.jsonl", include_all=True)
    (record,) = [
        json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    sources = {TEXT[span["start"] : span["end"]]: span["model"] for span in record["spans"]}
    assert (sources["Kelvale"], sources["Anna Berg"]) == (name, stock)

    export_docbin(project, tmp_path / "out.spacy", include_all=True)
    (doc,) = DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab)
    sources = {TEXT[span["start"] : span["end"]]: span["model"] for span in doc.user_data["spans"]}
    assert (sources["Kelvale"], sources["Anna Berg"]) == (name, stock)


def test_only_names_made_for_the_projects_models_read_as_theirs() -> None:
    assert project_model_of(project_model_name("entities", "2026-12-03T09:52:11.123+00:00")) == (
        "entities",
        "2026-12-03T09:52:11.123+00:00",
    )
    assert project_model_of("en_core_web_sm 3.8.0") is None
    assert project_model_of("project:") is None
