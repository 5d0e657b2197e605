"""A document too long for one pass of the pipeline gets the project's entity model too, piece by piece.

The project's entity model here is an entity ruler for two labels the stock pipeline lacks, LOCATION and
OFFICIAL_TITLE, stored and loaded as a trained model is. The pipeline's ``max_length`` is made small so
that a few paragraphs are already too long.
"""

from __future__ import annotations

import pytest

from annotator.store import Project, Span
from annotator.suggest import PipelineInfo, suggest_documents
from annotator.suggest.long_documents import pieces
from tests.entity_models import keep_entity_model

MAX_LENGTH = 600
# Written for these tests: every paragraph starts with a port, so a piece starts with one too.
PARAGRAPHS = [
    "Kelvale reopened its harbour on Monday after the storm, the Harbour Master said.",
    'Kelvale fishermen were angry. "The new fee is awful," said Anna Berg, who sails from Dunmore.',
    "Kelvale and Dunmore share one ferry, and the Harbour Master of Dunmore wants a second one.",
]
PHRASES = {"Kelvale": "LOCATION", "Dunmore": "LOCATION", "Harbour Master": "OFFICIAL_TITLE"}


def _occurrences(text: str, phrase: str) -> set[int]:
    found, at = set(), text.find(phrase)
    while at != -1:
        found.add(at)
        at = text.find(phrase, at + 1)
    return found


def _stored(spans: list[Span], by: int = 0) -> set[tuple[str, int, int, str, str | None]]:
    return {(span.kind, span.start + by, span.end + by, span.label, span.model) for span in spans}


@pytest.fixture
def long_text(pipeline: PipelineInfo, monkeypatch: pytest.MonkeyPatch) -> str:
    """A text longer than the pipeline then takes in one pass, no two of its pieces alike."""
    monkeypatch.setattr(pipeline.nlp, "max_length", MAX_LENGTH)  # spaCy's E088 for anything longer
    text = "\n\n".join(f"{paragraph} ({n})" for n, paragraph in enumerate(PARAGRAPHS * 8))
    assert len(text) > MAX_LENGTH
    return text


def test_a_long_documents_project_model_entities_are_stored_across_it_with_its_name(
    project: Project, long_text: str
) -> None:
    document_id, _ = project.add_document(long_text)
    name = keep_entity_model(project, PHRASES)
    report = suggest_documents(project)
    assert (report.documents, report.problems) == (1, [])
    spans = project.spans(document_id, kind="entity")
    for phrase, label in PHRASES.items():
        theirs = [span for span in spans if long_text[span.start : span.end] == phrase]
        assert sorted(span.start for span in theirs) == sorted(_occurrences(long_text, phrase)), phrase
        assert {(span.label, span.model) for span in theirs} == {(label, name)}
    cuts = {start for start, _ in pieces(long_text, MAX_LENGTH)[1:]}
    assert len(cuts) >= 2
    assert cuts <= {span.start for span in spans if span.model == name}  # a port right where a piece starts
    found = [(span.start, span.end) for span in spans if span.model == name]
    for span in spans:  # a stock entity overlapping one the project's model found is left out
        if span.model != name:
            assert all(span.end <= start or end <= span.start for start, end in found), span


def test_a_long_document_gets_what_its_pieces_get_as_short_documents(
    project: Project, long_text: str
) -> None:
    long_id, _ = project.add_document(long_text)
    cut = pieces(long_text, MAX_LENGTH)
    short_ids = [project.add_document(long_text[start:end])[0] for start, end in cut]
    keep_entity_model(project, PHRASES)
    report = suggest_documents(project)
    assert (report.documents, report.problems) == (1 + len(cut), [])
    expected = set().union(
        *(_stored(project.spans(i), by) for i, (by, _) in zip(short_ids, cut, strict=True))
    )
    stored = project.spans(long_id)
    assert _stored(stored) == expected
    assert len(stored) == len(expected)  # no span twice where pieces meet
    assert {span.kind for span in stored} >= {"entity", "quote", "speaker"}
