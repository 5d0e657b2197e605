"""Runs of punctuation without spaces (issue 13, item 4): the bounded tokenizer keeps the text and the
offsets exact, changes no token outside a long run, and suggestions around such a run are still found.

How fast it is, is measured by benchmarks/bench_degenerate.py; here only that it ends.
"""

from __future__ import annotations

import pickle
import re

import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.suggest import PipelineInfo, Quote, load_pipeline, suggest_texts
from annotator.suggest.pipeline import RULES_ONLY
from annotator.tokenizing import LONG_RUN, PIECE, BoundedTokenizer, bounded_doc, long_runs

_BLANK = spacy.blank("en")
RUNS = {
    "straight quotes": '"',
    "alternating quotes": "\"'",
    "guillemets": "«»",
    "curly quotes": "“”‘’",
    "dollars": "$",
    "possessives": "'s",
    "dashes": "-",
    "full stops": ".",
}
QUOTE = "“We will rebuild the school before winter,” said Mayor Helen Okafor."


def run_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def outside(doc: spacy.tokens.Doc, runs: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """(offset, text, space after) of the tokens that start outside every run."""
    return [
        (token.idx, token.text, token.whitespace_)
        for token in doc
        if not any(start <= token.idx < end for start, end in runs)
    ]


TEXTS = st.lists(
    st.sampled_from(
        [
            '"',
            "'",
            "«",
            "»",
            "a",
            "Ann",
            " ",
            "  ",
            "\n",
            "\t",
            "\u00a0",
            ".",
            "U.S.",
            "don't",
            "-",
            ":)",
            "$5",
        ]
        + [unit * 40 for unit in ('"', "«»", "x", "'s")]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example("«»" * 80 + "' " + "'s" * 40)  # spaCy splits "'s's" after "' " otherwise than alone
def test_the_text_and_every_token_outside_a_long_run_are_spacy_s(text: str) -> None:
    doc = bounded_doc(_BLANK.tokenizer, text)
    assert doc.text == text
    assert all(text[token.idx : token.idx + len(token)] == token.text for token in doc)
    runs = long_runs(text)
    assert outside(doc, runs) == outside(_BLANK.tokenizer(text), runs)
    for start, end in runs:  # a long run is cut every PIECE characters, and nowhere else
        inside = [token for token in doc if start <= token.idx < end]
        assert [token.idx for token in inside] == list(range(start, end, PIECE))


def test_a_text_without_a_long_run_is_tokenized_by_spacy_alone() -> None:
    text = "See https://example.org/" + "a" * (LONG_RUN - 24) + " and “this,” she said."
    assert long_runs(text) == []
    assert [t.text for t in bounded_doc(_BLANK.tokenizer, text)] == [t.text for t in _BLANK(text)]


# A run of "'s" reads as a quote opened by its apostrophes and runs on into the next quote, at any
# length (100 characters as well, which the tokenizer leaves alone): the quote finder's, not the run's.
@pytest.mark.parametrize("name", [name for name in RUNS if name != "possessives"])
def test_quotes_around_a_long_run_are_still_found(name: str, pipeline: PipelineInfo) -> None:
    run = run_of(RUNS[name], 5_000)
    text = f"{QUOTE} {run}\n\n{QUOTE}\n{run}\n{QUOTE}"
    (found,) = suggest_texts([text], pipeline)
    for at in _starts(text, QUOTE):
        assert _quoted_at(text, found.quotes, at), (at, found.quotes)
    assert all(0 <= quote.start < quote.end <= len(text) for quote in found.quotes)
    assert all(text[start:end] == "Helen Okafor" for start, end, label in found.entities if label == "PERSON")


def _starts(text: str, part: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(part), text)]


def _quoted_at(text: str, quotes: list[Quote], at: int) -> bool:
    """Whether a quote said by Helen Okafor holds the words of the :data:`QUOTE` at ``at``, and no more."""
    return any(
        at <= quote.start < quote.end <= at + len(QUOTE)
        and "We will rebuild the school before winter" in text[quote.start : quote.end]
        and quote.speaker_name == "Helen Okafor"
        for quote in quotes
    )


@pytest.mark.parametrize("name", [None, RULES_ONLY])
def test_both_pipelines_tokenize_bounded_and_keep_the_text(name: str | None) -> None:
    info = load_pipeline(name)
    assert isinstance(info.nlp.tokenizer, BoundedTokenizer)
    text = QUOTE + " " + '"' * 10_000 + " " + QUOTE
    with info.nlp.memory_zone():
        doc = info.nlp(text)
        assert doc.text == text
        assert len(doc) < 1_000  # 10,000 marks are 200 tokens, not 10,000


def test_the_bounded_tokenizer_survives_pickling(pipeline: PipelineInfo) -> None:
    """spaCy's worker processes (``--processes``) may get the pipeline pickled."""
    tokenizer = pickle.loads(pickle.dumps(pipeline.nlp.tokenizer))
    text = "«»" * 1_000 + " said Ann."
    assert [t.text for t in tokenizer(text)] == [t.text for t in pipeline.nlp.tokenizer(text)]


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", RUNS)
def test_100_kb_of_a_run_is_suggested_for_and_ends(name: str, pipeline: PipelineInfo) -> None:
    text = run_of(RUNS[name], 100_000) + "\n\n" + QUOTE
    (found,) = suggest_texts([text], pipeline)
    assert _quoted_at(text, found.quotes, 100_002), found.quotes
