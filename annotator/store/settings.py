"""Project settings and their defaults: labels with colours, stance labels, topic."""

from __future__ import annotations

from typing import Any

# Colours follow displaCy's palette, so entities look as spaCy users expect.
DEFAULT_ENTITY_LABELS: list[dict[str, str]] = [
    {"name": "PERSON", "colour": "#aa9cfc"},
    {"name": "ORG", "colour": "#7aecec"},
    {"name": "GPE", "colour": "#feca74"},
    {"name": "NORP", "colour": "#c887fb"},
    {"name": "LOC", "colour": "#ff9561"},
    {"name": "FAC", "colour": "#9cc9cc"},
    {"name": "EVENT", "colour": "#ffeb80"},
    {"name": "PRODUCT", "colour": "#bfeeb7"},
    {"name": "WORK_OF_ART", "colour": "#f0d0ff"},
    {"name": "LAW", "colour": "#ff8197"},
    {"name": "LANGUAGE", "colour": "#e4e7d2"},
    {"name": "DATE", "colour": "#bfe1d9"},
    {"name": "TIME", "colour": "#bfe1d9"},
    {"name": "PERCENT", "colour": "#e4e7d2"},
    {"name": "MONEY", "colour": "#e4e7d2"},
    {"name": "QUANTITY", "colour": "#e4e7d2"},
    {"name": "ORDINAL", "colour": "#e4e7d2"},
    {"name": "CARDINAL", "colour": "#e4e7d2"},
]

DEFAULTS: dict[str, Any] = {
    "entity_labels": DEFAULT_ENTITY_LABELS,
    # Which entity labels the pipeline suggests; the rest can still be added by hand.
    "suggest_labels": ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"],
    "stance_labels": ["favor", "against", "neutral", "unclear"],
    "topic": "",
    # Whether an accepted quote needs a stance before its document counts as done (Tab visits it).
    "require_stance": True,
    # None: the first installed English pipeline (see annotator.suggest).
    "pipeline": None,
    # Retrain the stance model in the background after this many new stance decisions (0: never).
    "retrain_every": 0,
}
