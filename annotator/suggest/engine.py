"""Suggestions for plain texts: entities and quotes from one pass of the pipeline."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from annotator.suggest.pipeline import PipelineInfo, load_pipeline
from annotator.suggest.quotes import Quote, find_quotes

Entity = tuple[int, int, str]
_EDGE = " \t\r\n,.;:!?\"“”‘’'()[]"


@dataclass(frozen=True)
class TextSuggestions:
    """What the pipeline suggests for one text."""

    entities: list[Entity]
    quotes: list[Quote]


def _entity(text: str, start: int, end: int, label: str) -> Entity | None:
    """An entity's offsets without surrounding punctuation or a possessive ending."""
    if text.endswith(("’s", "'s"), start, end):
        end -= 2
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (start, end, label) if start < end else None


def suggestions_for(doc: Doc, labels: Collection[str] | None = None) -> TextSuggestions:
    """Entities (with ``labels``, or all) and quotes of a processed document."""
    text = doc.text
    entities = [
        found
        for ent in doc.ents
        if (labels is None or ent.label_ in labels)
        and (found := _entity(text, ent.start_char, ent.end_char, ent.label_)) is not None
    ]
    return TextSuggestions(entities, find_quotes(doc))


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
