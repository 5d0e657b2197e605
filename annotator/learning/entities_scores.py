"""How well a pipeline finds a project's entities: precision, recall and F1 per label, exact spans.

A prediction counts as the window would show it: spaCy's entity trimmed of edge
punctuation and a possessive ending, on token boundaries (:func:`trim_entity`), so a
model is scored on the suggestions an annotator would see. Only the project's labels
are scored; a pipeline's other labels (GPE when the project says LOCATION) are ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.suggest.engine import TokenBounds, trim_entity
from annotator.tokenizing import bounded_doc

if TYPE_CHECKING:
    from spacy.language import Language

Entity = tuple[int, int, str]


def predicted_entities(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> list[list[Entity]]:
    """Each text's entities as ``nlp`` suggests them (every label), trimmed as suggestions are."""
    docs = (bounded_doc(nlp.tokenizer, text) for text in texts)
    found: list[list[Entity]] = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        bounds = TokenBounds(doc)
        trimmed = (
            trim_entity(doc.text, bounds, ent.start_char, ent.end_char, ent.label_) for ent in doc.ents
        )
        found.append(list(dict.fromkeys(entity for entity in trimmed if entity is not None)))
    return found


def _ratios(correct: int, predicted: int, gold: int) -> dict[str, float | int]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f": round(f, 4),
        "gold": gold,
        "predicted": predicted,
        "correct": correct,
    }


def score_entities(
    gold: Sequence[Collection[Entity]], predicted: Sequence[Collection[Entity]], labels: Collection[str]
) -> dict[str, Any]:
    """``{"labels": {label: {p, r, f, gold, predicted, correct}}, "micro": {...}}`` over ``labels`` only.

    A label nothing predicted and nothing holds scores 0 throughout; it still counts in
    no total, since it has no span.
    """
    counts: dict[str, Counter[str]] = {label: Counter() for label in labels}
    for wanted, found in zip(gold, predicted, strict=True):
        wanted_set = {entity for entity in wanted if entity[2] in counts}
        found_set = {entity for entity in found if entity[2] in counts}
        for kind, entities in (
            ("gold", wanted_set),
            ("predicted", found_set),
            ("correct", wanted_set & found_set),
        ):
            for entity in entities:
                counts[entity[2]][kind] += 1
    total = sum(counts.values(), Counter())
    return {
        "labels": {
            label: _ratios(count["correct"], count["predicted"], count["gold"])
            for label, count in sorted(counts.items())
        },
        "micro": _ratios(total["correct"], total["predicted"], total["gold"]),
    }
