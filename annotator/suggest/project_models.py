"""Suggestions from the models trained on the project's own decisions (issue 15).

The project's entity model suggests the labels it was kept for (it beat the stock pipeline on them
on the dev split, or the stock pipeline lacks them); the stock pipeline keeps the others. Each entity
names its source: the spans the project's model found are stored with its name
(``project:entities@<when it was trained>``), the others with the stock pipeline's. The stance
model guesses a stance for every quote no person has given one, kept in the quote's attributes as
``suggested_stance`` (``{"label", "p"}``): a suggestion, never a decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.problems import Problem
from annotator.store import Project
from annotator.suggest.engine import Entity, TextSuggestions, TokenBounds, trim_entity
from annotator.trained import (
    ENTITIES,
    STANCE,
    STANCE_INPUT,
    ModelRefused,
    from_stored,
    guess_stances,
    project_model_name,
    stance_input,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Quotes whose stance is guessed in one batch.
STANCE_BATCH = 64


@dataclass
class ProjectModels:
    """The project's trained models that can be used here, and why any cannot."""

    entities: Language | None = None
    entity_labels: frozenset[str] = frozenset()
    # What the entities it finds are stored with (see :func:`project_model_name`).
    entity_name: str = ""
    stance: Language | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectSuggestions(TextSuggestions):
    """Suggestions some of whose entities the project's entity model found: ``found_by`` names it for them."""

    found_by: Mapping[Entity, str] = field(default_factory=dict)


def entity_source(suggestions: TextSuggestions, entity: Entity) -> str | None:
    """The project model that found ``entity`` among ``suggestions``; None if the stock pipeline did."""
    return suggestions.found_by.get(entity) if isinstance(suggestions, ProjectSuggestions) else None


def load_project_models(project: Project) -> ProjectModels:
    """The project's entity and stance models, each None when not trained or refused (with a warning)."""
    models = ProjectModels()
    for kind in (ENTITIES, STANCE):
        stored = project.model(kind)
        if stored is None:
            continue
        try:
            nlp = from_stored(stored)
            if kind == STANCE and stored.scores.get("input") != STANCE_INPUT:
                raise ModelRefused(
                    "the project's stance model reads quotes otherwise than this version of annotator: it "
                    "is not used (`annotator train --stance`, or Train in the window, trains it anew)"
                )
        except ModelRefused as error:
            models.problems.append(Problem("project models", str(error), severity="warning"))
            continue
        if kind == STANCE:
            models.stance = nlp
        else:
            models.entities = nlp
            models.entity_labels = frozenset(stored.scores.get("use_labels", ()))
            models.entity_name = project_model_name(kind, stored.trained_at)
    return models


def with_project_entities(suggestions: TextSuggestions, doc: Doc, models: ProjectModels) -> TextSuggestions:
    """``suggestions`` with the entities of the labels the project's model is kept for taken from it.

    A stock entity of another label overlapping one of them is left out. The result names the
    project's model for the entities it found (:func:`entity_source`).
    """
    if models.entities is None or not models.entity_labels:
        return suggestions
    text = doc.text
    bounds = TokenBounds(doc)
    mine = models.entity_labels
    found = [
        trimmed
        for ent in models.entities(text).ents
        if ent.label_ in mine
        and (trimmed := trim_entity(text, bounds, ent.start_char, ent.end_char, ent.label_)) is not None
    ]
    # The stock pipeline's other labels keep their entities, except where the project's model found
    # one of its own: "Holloway Quay" is the project's HARBOUR, not also the stock FAC.
    kept = [
        entity
        for entity in suggestions.entities
        if entity[2] not in mine and all(entity[1] <= start or end <= entity[0] for start, end, _ in found)
    ]
    return ProjectSuggestions(
        list(dict.fromkeys(kept + found)),
        suggestions.quotes,
        found_by=dict.fromkeys(found, models.entity_name),
    )


def suggest_stances(project: Project, document_id: int, models: ProjectModels, model_name: str) -> int:
    """Guess a stance for each quote of the document no person gave one; returns how many changed.

    Rejected quotes are left alone. A guess is written only when it differs from the one there.
    """
    if models.stance is None:
        return 0
    document = project.document(document_id)
    quotes = [
        span
        for span in project.spans(document_id, kind="quote")
        if span.status != "rejected" and span.stance is None
    ]
    changed = 0
    for start in range(0, len(quotes), STANCE_BATCH):
        batch = quotes[start : start + STANCE_BATCH]
        inputs = [
            stance_input(document.text[q.start : q.end], q.attributes.get("speaker_name") or "")
            for q in batch
        ]
        with project.transaction():
            for quote, (label, p) in zip(batch, guess_stances(models.stance, inputs), strict=True):
                guess: dict[str, Any] = {"label": label, "p": round(p, 3)}
                if quote.attributes.get("suggested_stance") != guess:
                    attributes = {**quote.attributes, "suggested_stance": guess}
                    project.update_span(
                        quote.id, attributes=attributes, annotator=model_name, keep_annotator=True
                    )
                    changed += 1
    return changed
