"""A stand-in for the project's trained entity model: an entity ruler kept as training keeps a model."""

from __future__ import annotations

import spacy

from annotator.store import Project
from annotator.trained import ENTITIES, project_model_name, to_stored


def keep_entity_model(project: Project, phrases: dict[str, str]) -> str:
    """Keep a model finding each phrase with its label in ``project``; the name its suggestions get."""
    nlp = spacy.blank("en")
    # token patterns: the ruler's phrase (string) patterns do not come back from to_bytes/from_bytes
    nlp.add_pipe("entity_ruler").add_patterns(
        [
            {"label": label, "pattern": [{"TEXT": word} for word in phrase.split()]}
            for phrase, label in phrases.items()
        ]
    )
    version, config, data = to_stored(nlp)
    project.save_model(
        ENTITIES,
        spacy_version=version,
        config=config,
        data=data,
        scores={"use_labels": sorted(set(phrases.values()))},
        decisions=8,
    )
    stored = project.model(ENTITIES)
    assert stored is not None
    return project_model_name(ENTITIES, stored.trained_at)
