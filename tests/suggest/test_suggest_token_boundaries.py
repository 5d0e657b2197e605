"""Issue 12: every suggested span starts and ends on a token boundary, so exports keep it exactly.

Trimming punctuation off an entity works on characters and turned "U.S." into
"U.S", which ends inside the token "U.S.".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy

from annotator.suggest import TextSuggestions
from annotator.suggest.engine import TokenBounds, trim_entity

TEXT = (
    "Troops from the U.S. arrived in Seoul on Monday.  “We are ready,” said Gen. Park Ji-hoon of Hanwha Corp."
)


@pytest.fixture(scope="module")
def bounds() -> TokenBounds:
    return TokenBounds(spacy.blank("en").make_doc(TEXT))


def words(start: int, end: int) -> str:
    return TEXT[start:end]


@pytest.mark.parametrize(
    ("cut", "whole"),
    [
        ("U.S", "U.S."),  # ends inside "U.S."
        ("S.", "U.S."),  # starts inside it
        ("om the U", "from the U.S."),
        ("Seoul", "Seoul"),  # on the tokens already
        (" Seoul ", "Seoul"),  # whitespace at either end moves in
        ("Monday.  “", "Monday.  “"),  # the extra space is a token of its own
        ("Hanwha Corp", "Hanwha Corp."),  # "Corp." is one token
    ],
)
def test_snap_widens_a_span_to_the_tokens_it_cuts(bounds: TokenBounds, cut: str, whole: str) -> None:
    start = TEXT.index(cut)
    assert words(*bounds.snap(start, start + len(cut))) == whole


def test_snap_leaves_a_span_of_whitespace_alone(bounds: TokenBounds) -> None:
    space = TEXT.index(" arrived")
    assert bounds.snap(space, space + 1) == (space, space + 1)


@pytest.mark.parametrize(
    ("entity", "kept"),
    [
        ("U.S.", "U.S."),  # the full stop belongs to the abbreviation's token
        ("the U.S.", "the U.S."),
        ("Seoul on Monday.", "Seoul on Monday"),  # a full stop of its own is trimmed
        ("“We", "We"),
        ("Hanwha Corp.", "Hanwha Corp."),
    ],
)
def test_trimmed_entities_end_on_token_boundaries(bounds: TokenBounds, entity: str, kept: str) -> None:
    start = TEXT.index(entity)
    found = trim_entity(TEXT, bounds, start, start + len(entity), "GPE")
    assert found is not None and words(*found[:2]) == kept


def test_a_possessive_is_trimmed_on_its_token_boundary() -> None:
    text = "Washington’s allies and Seoul's army met."
    doc = spacy.blank("en").make_doc(text)
    for name in ("Washington’s", "Seoul's"):
        start = text.index(name)
        found = trim_entity(text, TokenBounds(doc), start, start + len(name), "GPE")
        assert found is not None and text[found[0] : found[1]] == name[:-2]


def on_tokens(text: str, result: TextSuggestions) -> list[str]:
    """The suggested spans (entities, quotes, their parts, speakers and cues) that are off the tokens."""
    doc = spacy.blank("en").make_doc(text)
    spans = [(start, end) for start, end, _ in result.entities]
    for quote in result.quotes:
        spans += [(quote.start, quote.end), *quote.parts]
        spans += [part for part in (quote.speaker, quote.cue) if part is not None]
    return [text[start:end] for start, end in spans if doc.char_span(start, end) is None]


def test_the_pipeline_suggests_us_whole_and_every_span_on_the_tokens(
    suggest: Callable[[str], TextSuggestions],
) -> None:
    text = (
        "The U.S. sent more troops to South Korea on Monday, U.S. officials said. "
        "Officials in the U.S. said the system would be ready by 7:45 p.m. "
        "“It is ready,” said Adm. Harry Harris of the U.S. Navy."
    )
    result = suggest(text)
    entities = [text[start:end] for start, end, _ in result.entities]
    assert "U.S." in entities and "U.S" not in entities, entities
    assert on_tokens(text, result) == []
