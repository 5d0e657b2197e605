"""Suggestions from the project's own trained models: entity labels it was kept for, stance guesses."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.training import Example

from annotator.store import Project
from annotator.suggest.engine import TextSuggestions
from annotator.suggest.project_models import load_project_models, suggest_stances, with_project_entities
from annotator.trained import ENTITIES, STANCE, STANCE_INPUT, stance_input, to_stored

TOPIC = "the harbour toll"
FAVOUR = ["the toll is fair", "we welcome the toll", "the toll will help us", "a good toll"]
AGAINST = ["the toll is theft", "we reject the toll", "the toll will ruin us", "a bad toll"]


def _stance_model() -> spacy.language.Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat")
    for label in ("favor", "against"):
        textcat.add_label(label)
    data = [(stance_input(t), "favor") for t in FAVOUR] + [(stance_input(t), "against") for t in AGAINST]
    examples = [
        Example.from_dict(
            nlp.make_doc(text), {"cats": {"favor": label == "favor", "against": label == "against"}}
        )
        for text, label in data
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(30):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    return nlp


def _save(project: Project, kind: str, nlp: spacy.language.Language, **scores: object) -> None:
    version, config, data = to_stored(nlp)
    if kind == STANCE:
        scores.setdefault("input", STANCE_INPUT)
    project.save_model(
        kind, spacy_version=version, config=config, data=data, scores=dict(scores), decisions=8
    )


def test_every_quote_without_a_human_stance_gets_a_guess_and_decisions_are_left_alone(
    project: Project,
) -> None:
    project.set_setting("topic", TOPIC)
    text = "He said the toll is fair. She said the toll is theft. They said a bad toll. Others said no."
    doc_id, _ = project.add_document(text)

    def at(words: str) -> tuple[int, int]:
        start = text.index(words)
        return start, start + len(words)

    fair = project.add_span(
        doc_id, *at("the toll is fair"), "QUOTE", kind="quote", status="suggested", origin="model"
    )
    theft = project.add_span(doc_id, *at("the toll is theft"), "QUOTE", kind="quote")
    decided = project.add_span(doc_id, *at("a bad toll"), "QUOTE", kind="quote", stance="favor")
    rejected = project.add_span(doc_id, *at("no"), "QUOTE", kind="quote", status="rejected")
    _save(project, STANCE, _stance_model())

    models = load_project_models(project)
    assert models.stance is not None and models.problems == []
    assert suggest_stances(project, doc_id, models, "model") == 2
    guesses = {span.id: span.attributes.get("suggested_stance") for span in project.spans(doc_id)}
    assert guesses[fair.id]["label"] == "favor" and 0.5 < guesses[fair.id]["p"] <= 1
    assert guesses[theft.id]["label"] == "against"
    assert guesses[decided.id] is None and guesses[rejected.id] is None
    assert project.span(decided.id).stance == "favor" and project.span(fair.id).stance is None
    assert suggest_stances(project, doc_id, models, "model") == 0  # nothing new to guess
    # The guess is the model's (the event log says so); the accepted quote stays its annotator's.
    assert project.span(theft.id).annotator == theft.annotator != "model"
    last = project.conn.execute("SELECT annotator FROM events ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "model"


def test_a_stance_model_that_read_quotes_otherwise_is_refused_with_a_warning(project: Project) -> None:
    _save(project, STANCE, _stance_model(), input="speaker | words")
    models = load_project_models(project)
    assert models.stance is None
    (problem,) = models.problems
    assert "reads quotes otherwise" in problem.message and problem.severity == "warning"


def test_a_model_from_another_spacy_version_is_refused_with_a_warning(project: Project) -> None:
    _, config, data = to_stored(_stance_model())
    project.save_model(STANCE, spacy_version="2.0.0", config=config, data=data, scores={}, decisions=1)
    models = load_project_models(project)
    assert models.stance is None
    (problem,) = models.problems
    assert "spaCy 2.0.0" in problem.message and problem.severity == "warning"


@pytest.mark.slow
def test_the_entity_model_suggests_the_labels_it_was_kept_for_and_the_stock_ones_stay(
    project: Project,
) -> None:
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PORT")
    names = ["Greyhaven", "Lowmere", "Eastholm", "Brindle", "Carrow", "Dunmore", "Fallow", "Harrow"]
    examples = []
    for name in names:
        text = f"The harbour of {name} is busy today."
        doc = nlp.make_doc(text)
        start = text.index(name)
        examples.append(Example.from_dict(doc, {"entities": [(start, start + len(name), "PORT")]}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer)
    _save(project, ENTITIES, nlp, use_labels=["PORT"])
    models = load_project_models(project)
    assert models.entity_labels == {"PORT"}

    text = "The harbour of Greyhaven is busy today, said Ana Ruiz."
    doc = spacy.blank("en")(text)
    greyhaven = (text.index("Greyhaven"), text.index("Greyhaven") + len("Greyhaven"), "GPE")
    stock = TextSuggestions(
        [(text.index("Ana"), text.index("Ana") + 8, "PERSON"), (0, 3, "PORT"), greyhaven], []
    )
    found = with_project_entities(stock, doc, models)
    assert (text.index("Ana"), text.index("Ana") + 8, "PERSON") in found.entities
    assert (0, 3, "PORT") not in found.entities  # the stock pipeline's PORT gives way to the project's
    assert greyhaven not in found.entities  # a stock entity where the project's model found a PORT
    start = text.index("Greyhaven")
    assert (start, start + len("Greyhaven"), "PORT") in found.entities
