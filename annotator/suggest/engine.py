"""Suggestions for plain texts: entities and quotes from one pass of the pipeline."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from annotator.suggest.person_spans import mend_person_names
from annotator.suggest.pipeline import PipelineInfo, load_pipeline
from annotator.suggest.quotes import Quote, find_quotes

Entity = tuple[int, int, str]
_EDGE = " \t\r\n,.;:!?\"“”‘’'()[]"


@dataclass(frozen=True)
class TextSuggestions:
    """What the pipeline suggests for one text."""

    entities: list[Entity]
    quotes: list[Quote]


class TokenBounds:
    """The character offsets where a document's tokens start and end, to put spans on them."""

    def __init__(self, doc: Doc) -> None:
        columns = doc.to_array([IDX, LENGTH])
        self.starts: list[int] = columns[:, 0].tolist()
        self.ends: list[int] = (columns[:, 0] + columns[:, 1]).tolist()

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """``start:end`` widened to whole tokens: a token cut by an end is taken whole.

        An end in the whitespace between tokens moves inwards to the nearest token
        edge, so a span never starts or ends with whitespace the tokens leave out.
        """
        if not self.starts:
            return start, end
        first = max(bisect_right(self.starts, start) - 1, 0)  # the last token starting at or before start
        if self.ends[first] <= start:  # start is in the whitespace after that token
            first = min(first + 1, len(self.starts) - 1)
        last = min(bisect_left(self.ends, end), len(self.ends) - 1)  # the first token ending at or after end
        if self.starts[last] >= end:  # end is in the whitespace before that token
            last = max(last - 1, 0)
        if last < first:  # only whitespace: leave it to the caller
            return start, end
        return self.starts[first], self.ends[last]


def trim_entity(text: str, bounds: TokenBounds, start: int, end: int, label: str) -> Entity | None:
    """An entity's offsets without surrounding punctuation or a possessive ending, on token boundaries.

    Trimming works on characters, so it may cut into a token ("U.S." -> "U.S");
    such a token is then taken whole again: exports align spans with the tokens.
    """
    if text.endswith(("’s", "'s"), start, end):
        end -= 2
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (*bounds.snap(start, end), label) if start < end else None


def _on_tokens(quote: Quote, bounds: TokenBounds) -> Quote:
    """``quote`` with its parts, speaker and cue widened to whole tokens (see :meth:`TokenBounds.snap`)."""
    parts = tuple(bounds.snap(*part) for part in quote.parts)
    speaker = bounds.snap(*quote.speaker) if quote.speaker else None
    cue = bounds.snap(*quote.cue) if quote.cue else None
    start, end = bounds.snap(quote.start, quote.end)
    if (start, end, parts, speaker, cue) == (quote.start, quote.end, quote.parts, quote.speaker, quote.cue):
        return quote
    return dataclasses.replace(quote, start=start, end=end, parts=parts, speaker=speaker, cue=cue)


def suggestions_for(doc: Doc, labels: Collection[str] | None = None) -> TextSuggestions:
    """Entities (with ``labels``, or all) and quotes of a processed document.

    Every span starts and ends on the boundaries of ``doc``'s tokens, which are
    the tokens an export writes (the same tokenizer rules).
    """
    text = doc.text
    mend_person_names(doc)
    bounds = TokenBounds(doc)
    entities = list(
        dict.fromkeys(  # trimmed and widened again, two entities may have become one
            found
            for ent in doc.ents
            if (labels is None or ent.label_ in labels)
            and (found := trim_entity(text, bounds, ent.start_char, ent.end_char, ent.label_)) is not None
        )
    )
    return TextSuggestions(entities, [_on_tokens(quote, bounds) for quote in find_quotes(doc)])


def suggest_texts(
    texts: Iterable[str],
    pipeline: PipelineInfo | None = None,
    batch_size: int = 32,
    *,
    labels: Collection[str] | None = None,
) -> Iterator[TextSuggestions]:
    """Suggestions for each text, in order, with the texts streamed through ``nlp.pipe``."""
    info = pipeline or load_pipeline()
    for doc in info.nlp.pipe(texts, batch_size=batch_size):
        yield suggestions_for(doc, labels)
