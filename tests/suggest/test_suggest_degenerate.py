"""Degenerate and over-long texts (issue 13, items 1 and 4): suggestions come, pieces join right.

How fast they come is measured by benchmarks/bench_degenerate.py, not here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store import Project
from annotator.suggest import PipelineInfo, TextSuggestions, load_pipeline, suggest_documents, suggest_texts
from annotator.suggest.long_documents import pieces, suggestions_in_pieces
from annotator.suggest.pipeline import RULES_ONLY
from annotator.suggest.project_models import ProjectModels
from annotator.suggest.quotes_layout import SENTENCE_END, Layout
from annotator.suggest.quotes_types import Candidate, Found
from annotator.suggest.sentences import MAX_SENTENCE_TOKENS, NAME

DEGENERATE = {
    "repeated cue": "he said " * 1500,
    "nested reports": "he said that " * 1000,
    "only marks": '"' * 3000,
    "only curly marks": "“ ” " * 1000,
    "unbalanced marks": "“word " * 1000,
    "no punctuation": "the plan will cost more than the city can pay " * 250,
    "nested quotes": "“a ‘b " * 400 + "’ ” " * 400,
    "every line a quote": '"The plan is sound and fair," Ann Lee said.\n' * 300,
    "according to": "according to him " * 600,
}


@pytest.mark.parametrize("name", DEGENERATE)
def test_degenerate_texts_give_suggestions_that_fit(name: str, pipeline: PipelineInfo) -> None:
    text = DEGENERATE[name]
    (result,) = suggest_texts([text], pipeline)
    for quote in result.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.start == quote.parts[0][0] and quote.end == quote.parts[-1][1]


def test_no_sentence_is_longer_than_the_cap(pipeline: PipelineInfo) -> None:
    doc = pipeline.nlp("he said " * 1500)
    assert max(len(sentence) for sentence in doc.sents) <= MAX_SENTENCE_TOKENS


def test_the_cap_leaves_ordinary_sentences_alone(pipeline: PipelineInfo) -> None:
    text = "“We will rebuild the school before winter,” said Mayor Helen Okafor. Later she left."
    capped = [s.text for s in pipeline.nlp(text).sents]
    with pipeline.nlp.select_pipes(disable=[NAME]):
        assert capped == [s.text for s in pipeline.nlp(text).sents]


def test_every_line_a_quote_finds_each(pipeline: PipelineInfo) -> None:
    text = DEGENERATE["every line a quote"]
    (result,) = suggest_texts([text], pipeline)
    assert len(result.quotes) == 300
    assert {q.speaker_name for q in result.quotes} == {"Ann Lee"}


# ---------------------------------------------------------------- the fast lookups agree with the plain scans

_BLANK = spacy.blank("en")
SENTENCE_TEXTS = st.lists(
    st.sampled_from(["Mr.", "U.S.", "said", "a", ".", "!", "?", "”", "'", " ", "  ", "\n", "Ann", "x."]),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(SENTENCE_TEXTS, st.data())
def test_sentence_bounds_are_those_of_a_scan(text: str, data: st.DataObject) -> None:
    layout = Layout(_BLANK(text))
    floor = data.draw(st.integers(0, len(text)))
    at = data.draw(st.integers(floor, len(text)))
    ceiling = data.draw(st.integers(at, len(text)))
    scanned = floor
    for match in SENTENCE_END.finditer(text, floor, at):
        scanned = match.end()
    assert layout.sentence_start(floor, at) == scanned
    match = SENTENCE_END.search(text, at, ceiling)
    assert layout.sentence_end(at, ceiling) == (match.start() + 1 if match else ceiling)
    assert Layout.ends_sentence(text) == (
        text.lstrip()[:1] in (".", "!", "?")
        or any(
            len(text[: m.start()].split()[-1].rstrip(".")) > 3
            for m in SENTENCE_END.finditer(text)
            if text[: m.start()].split()
        )
    )


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=25),
    st.integers(0, 80),
    st.integers(1, 20),
)
def test_taken_is_any_overlap(extents: list[tuple[int, int]], start: int, length: int) -> None:
    found = Found()
    for at, size in extents:
        found.add(Candidate([(at, at + size)], "direct", 0.5))
    end = start + length
    assert found.taken(start, end) == any(c.start < end and start < c.end for c in found.candidates)


# ---------------------------------------------------------------- long documents, in pieces


@given(st.text(alphabet="ab \n", max_size=300), st.integers(1, 40))
def test_pieces_cover_the_text_in_order(text: str, limit: int) -> None:
    found = pieces(text, limit)
    assert found[0][0] == 0 and found[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(found):
        assert end == start
    assert all(0 < e - s <= limit for s, e in found[:-1]) and found[-1][1] - found[-1][0] <= limit


def test_pieces_are_cut_at_paragraphs() -> None:
    text = "one two.\n\nthree four.\nfive six seven.\n\neight"
    assert [text[s:e] for s, e in pieces(text, 25)] == [
        "one two.\n\n",
        "three four.\n",
        "five six seven.\n\neight",
    ]


PARAGRAPHS = [
    "“We will rebuild the school before winter,” said Mayor Helen Okafor.",
    "The council said the bridge would reopen in May, according to a statement.",
    "Ann Lee, the engineer, told reporters that the cables were “sound and safe”.",
]


def _moved(result: TextSuggestions, by: int) -> list[tuple[object, ...]]:
    return [(q.start + by, q.end + by, q.type, q.speaker_name, q.confidence) for q in result.quotes]


def test_pieces_are_joined_with_their_offsets(
    pipeline: PipelineInfo, suggest: Callable[[str], TextSuggestions]
) -> None:
    text = "\n\n".join(PARAGRAPHS)
    joined = suggestions_in_pieces(
        pipeline, text, None, ProjectModels(), limit=len(max(PARAGRAPHS, key=len)) + 2
    )
    expected_quotes, expected_entities, at = [], [], 0
    for paragraph in PARAGRAPHS:
        alone = suggest(paragraph)
        expected_quotes += _moved(alone, at)
        expected_entities += [(s + at, e + at, label) for s, e, label in alone.entities]
        at += len(paragraph) + 2
    assert [(q.start, q.end, q.type, q.speaker_name, q.confidence) for q in joined.quotes] == expected_quotes
    assert joined.entities == expected_entities
    for quote in joined.quotes:
        for s, e in (*quote.parts, quote.cue, quote.speaker):
            assert text[s:e].strip() == text[s:e] != ""
    assert any(text[q.speaker[0] : q.speaker[1]] == "Ann Lee" for q in joined.quotes if q.speaker)


def test_a_document_too_long_for_the_pipeline_is_suggested_in_pieces(
    project: Project,
    pipeline: PipelineInfo,
    suggest: Callable[[str], TextSuggestions],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_text = "\n\n".join(PARAGRAPHS * 20)
    long_id, _ = project.add_document(long_text)
    short_id, _ = project.add_document(PARAGRAPHS[0])
    monkeypatch.setattr(pipeline.nlp, "max_length", 2000)  # spaCy's E088 for anything longer
    report = suggest_documents(project)
    assert (report.documents, report.problems) == (2, [])
    quotes = project.spans(long_id, kind="quote")
    assert len(quotes) == 3 * 20
    three = "\n\n".join(PARAGRAPHS)
    assert {long_text[q.start : q.end] for q in quotes} == {
        three[q.start : q.end] for q in suggest(three).quotes
    }
    assert project.spans(short_id, kind="quote")


@pytest.mark.slow
def test_a_document_over_a_million_characters_does_not_stop_the_run(project: Project) -> None:
    project.set_setting("pipeline", RULES_ONLY)
    paragraph = "“We will rebuild the school before winter,” said Mayor Helen Okafor.\n\n"
    long_text = paragraph * (1_000_001 // len(paragraph) + 1)
    assert len(long_text) > load_pipeline(RULES_ONLY).nlp.max_length
    first, _ = project.add_document(PARAGRAPHS[0])
    long_id, _ = project.add_document(long_text)
    last, _ = project.add_document(PARAGRAPHS[0] + " ")
    report = suggest_documents(project)
    assert (report.documents, report.problems) == (3, [])
    quotes = project.spans(long_id, kind="quote")
    assert len(quotes) == long_text.count("“")
    (alone,) = suggest_texts([paragraph], load_pipeline(RULES_ONLY))
    assert {long_text[q.start : q.end] for q in quotes} == {paragraph[q.start : q.end] for q in alone.quotes}
    assert project.spans(first, kind="quote") and project.spans(last, kind="quote")
