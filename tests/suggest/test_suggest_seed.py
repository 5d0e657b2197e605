"""The shared seed article: every direct quote with the right resolved speaker, and its indirect quotes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.suggest import TextSuggestions
from annotator.suggest.marks import quoted_stretches

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "thaad-article.txt"
# The speakers of the article's quoted passages, in reading order.
SPEAKERS = [
    "Anthony Blinken",
    "Hong Lei",
    "Hong Lei",
    "Anthony Blinken",
    "Jin Canrong",
    "Jin Canrong",
    "Jin Canrong",
]


@pytest.fixture(scope="module")
def seed(suggest: Callable[[str], TextSuggestions]) -> tuple[str, TextSuggestions]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not here")
    text = SEED.read_text(encoding="utf-8")
    return text, suggest(text)


def test_every_quoted_passage_is_found_with_its_resolved_speaker(seed: tuple[str, TextSuggestions]) -> None:
    text, result = seed
    passages = quoted_stretches(text)
    assert len(passages) == len(SPEAKERS)
    for passage, speaker in zip(passages, SPEAKERS, strict=True):
        holding = [q for q in result.quotes if q.start <= passage.start and passage.end <= q.end]
        assert len(holding) == 1, text[passage.start : passage.end]
        assert holding[0].speaker_name == speaker, text[passage.start : passage.end]
        assert holding[0].type in ("direct", "mixed")
    assert sum(q.type == "direct" for q in result.quotes) == 6


def test_indirect_quotes_are_found_with_their_speakers(seed: tuple[str, TextSuggestions]) -> None:
    _, result = seed
    indirect = [q.speaker_name for q in result.quotes if q.type == "indirect"]
    assert indirect.count("Anthony Blinken") == 2
    assert "Jin Canrong" in indirect
    assert any(name and "foreign ministry" in name for name in indirect)
