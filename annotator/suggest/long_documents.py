"""Suggestions for a document too long for one pass of the pipeline, made piece by piece.

spaCy refuses a text longer than the pipeline's ``max_length`` (error E088). Such a document is cut
into pieces at paragraph boundaries and each piece is suggested as a short document would be, the
project's entity model included; the pieces' suggestions are joined with the whole text's offsets.
"""

from __future__ import annotations

import dataclasses

from annotator.suggest.engine import Entity, suggestions_for
from annotator.suggest.pipeline import PipelineInfo
from annotator.suggest.project_models import (
    ProjectModels,
    ProjectSuggestions,
    entity_source,
    with_project_entities,
)
from annotator.suggest.quotes import Quote

# The most characters of a piece; a pipeline with a smaller ``max_length`` gets pieces of that size.
PIECE_CHARS = 100_000


def pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """``text`` cut into (start, end) pieces of at most ``limit`` characters, in order, covering it all.

    Each cut is at the last blank line of the piece, else its last line break,
    else its last space; only a piece with none of them is cut anywhere.
    """
    found: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        cut = start + limit
        for separator in ("\n\n", "\n", " "):
            at = text.rfind(separator, start + 1, cut)
            if at > start:
                cut = at + len(separator)
                break
        found.append((start, cut))
        start = cut
    found.append((start, len(text)))
    return found


def _shifted(quote: Quote, by: int) -> Quote:
    def move(part: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if part is None else (part[0] + by, part[1] + by)

    return dataclasses.replace(
        quote,
        start=quote.start + by,
        end=quote.end + by,
        parts=tuple((s + by, e + by) for s, e in quote.parts),
        cue=move(quote.cue),
        speaker=move(quote.speaker),
    )


def suggestions_in_pieces(
    info: PipelineInfo,
    text: str,
    labels: set[str] | None,
    models: ProjectModels,
    limit: int = PIECE_CHARS,
) -> ProjectSuggestions:
    """Suggestions for a text too long for the pipeline, made piece by piece (see :func:`pieces`).

    Each piece gets what a short document gets: the stock pipeline's suggestions with the project's
    entity model applied (:func:`with_project_entities`). Pieces are at most ``limit`` characters and
    never longer than the pipeline takes. Offsets are the whole text's. A quote, an entity, or a
    speaker named in an earlier piece, is not followed across a cut.
    """
    entities: list[Entity] = []
    quotes: list[Quote] = []
    found_by: dict[Entity, str] = {}
    for start, end in pieces(text, min(limit, info.nlp.max_length)):
        with info.nlp.memory_zone():
            doc = info.nlp(text[start:end])
            found = with_project_entities(suggestions_for(doc, labels), doc, models)
        for entity in found.entities:
            moved = (entity[0] + start, entity[1] + start, entity[2])
            entities.append(moved)
            if (source := entity_source(found, entity)) is not None:
                found_by[moved] = source
        quotes += [_shifted(quote, start) for quote in found.quotes]
    return ProjectSuggestions(entities, quotes, found_by=found_by)
