"""Properties that hold for any text: quotes fit the text, parts are ordered, nothing crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.suggest import load_pipeline, suggest_texts
from annotator.suggest.marks import quoted_stretches
from annotator.suggest.pipeline import RULES_ONLY

WORDS = ["said", "he", "she", "Smith", "Jane Doe", "told", "according", "to", "the", "minister", "we", "win"]
PIECES = st.sampled_from(
    [*WORDS, "“", "”", "‘", "’", '"', "'", "«", "»", ",", ".", ":", " ", " ", "\n\n", "don’t"]
)
TEXTS = st.lists(PIECES, min_size=1, max_size=60).map(" ".join)


@given(TEXTS)
def test_quoted_stretches_are_ordered_and_inside_the_text(text: str) -> None:
    previous_end = 0
    for stretch in quoted_stretches(text):
        assert stretch.open <= stretch.start
        for start, end in stretch.parts:
            assert previous_end <= start < end <= len(text)
            previous_end = end


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.sampled_from([RULES_ONLY, None]))
def test_quotes_fit_the_text_whatever_it_is(text: str, pipeline: str | None) -> None:
    (result,) = suggest_texts([text], load_pipeline(pipeline))
    for quote in result.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.start == quote.parts[0][0] and quote.end == quote.parts[-1][1]
        for span in (quote.cue, quote.speaker):
            assert span is None or 0 <= span[0] < span[1] <= len(text)
        assert 0 < quote.confidence <= 1
