"""Training an entity model on a project's accepted entities: examples, scores, training, storing."""

from __future__ import annotations

import pytest
from spacy.language import Language

from annotator.learning.entities import (
    EntityExample,
    TrainingStopped,
    better_than_stock,
    entity_pipeline,
    evaluate,
    examples_from_project,
    train_and_score,
    train_entities,
    without_overlaps,
)
from annotator.learning.entities_scores import predicted_entities, score_entities
from annotator.store import Project
from annotator.suggest import load_pipeline
from annotator.trained import ENTITIES, from_stored, to_stored

TRAIN_PORTS = ["Dunmore", "Kelvale", "Ostrand", "Pelhaven", "Quarrow", "Ribbleton", "Saltmere", "Tarnby"]
UNSEEN_PORTS = ["Wexholm", "Brindlecove", "Marrowick"]
FRAMES = [
    "The harbour of {} is busy this week.",
    "Ships waited outside the harbour of {} on Monday.",
    "Fishermen in the harbour of {} complained about the fees.",
    "A new crane arrived at the harbour of {} yesterday.",
    "The harbour of {} was closed after the storm.",
]


def port_example(frame: str, port: str) -> EntityExample:
    text = frame.format(port)
    start = text.index(port)
    return EntityExample(text, ((start, start + len(port), "PORT"),))


@pytest.fixture(scope="module")
def base() -> Language:
    return load_pipeline().nlp


@pytest.fixture(scope="module")
def port_model(base: Language) -> Language:
    """The stock pipeline taught PORT on 40 sentences (8 names in 5 frames)."""
    train = [port_example(frame, port) for port in TRAIN_PORTS for frame in FRAMES]
    return train_entities(base, train, seed=0)


def test_without_overlaps_keeps_the_longest_and_counts_the_rest() -> None:
    kept, dropped = without_overlaps([(0, 5, "ORG"), (0, 12, "ORG"), (6, 12, "PERSON"), (20, 25, "PERSON")])
    assert kept == [(0, 12, "ORG"), (20, 25, "PERSON")]
    assert dropped == 2


def test_examples_come_from_accepted_entities_of_done_documents(project: Project) -> None:
    done, _ = project.add_document("Anna Berg met Carl Dahl in Oslo.")
    open_doc, _ = project.add_document("Erik Falk stayed in Bergen.")
    project.add_span(done, 0, 9, "PERSON")
    project.add_span(done, 0, 4, "PERSON")  # overlaps the longer one: dropped
    project.add_span(done, 14, 23, "PERSON", status="suggested", origin="model")
    project.add_span(done, 27, 31, "GPE", status="rejected")
    project.add_span(done, 0, 31, "Q", kind="quote")
    project.add_span(open_doc, 0, 9, "PERSON")
    project.set_document_status(done, "done")
    assert examples_from_project(project) == [
        EntityExample("Anna Berg met Carl Dahl in Oslo.", ((0, 9, "PERSON"),), done, dropped=1)
    ]


def test_scores_count_exact_spans_per_label_and_in_total() -> None:
    gold = [[(0, 4, "A"), (10, 14, "A"), (20, 24, "B")], [(0, 3, "B")]]
    found = [[(0, 4, "A"), (10, 15, "A"), (20, 24, "A"), (30, 34, "C")], [(0, 3, "B")]]
    scores = score_entities(gold, found, {"A", "B", "NEW"})
    assert scores["labels"]["A"] == {"p": 0.3333, "r": 0.5, "f": 0.4, "gold": 2, "predicted": 3, "correct": 1}
    assert scores["labels"]["B"] == {"p": 1.0, "r": 0.5, "f": 0.6667, "gold": 2, "predicted": 1, "correct": 1}
    assert scores["labels"]["NEW"]["f"] == 0.0  # C is not a project label: not counted anywhere
    assert scores["micro"] == {"p": 0.5, "r": 0.5, "f": 0.5, "gold": 4, "predicted": 4, "correct": 2}


def test_stock_pipeline_scores_zero_on_a_label_it_lacks(base: Language) -> None:
    examples = [
        port_example(FRAMES[0], "Dunmore"),
        EntityExample("Angela Merkel spoke.", ((0, 13, "PERSON"),)),
    ]
    scores = evaluate(entity_pipeline(base), examples, ["PORT", "PERSON"])
    assert scores["labels"]["PORT"] == {"p": 0.0, "r": 0.0, "f": 0.0, "gold": 1, "predicted": 0, "correct": 0}
    assert scores["labels"]["PERSON"]["r"] == 1.0


def test_a_new_label_is_learned_and_found_on_unseen_names(port_model: Language) -> None:
    texts = [frame.format(port) for port in UNSEEN_PORTS for frame in FRAMES[:2]]
    found = predicted_entities(port_model, texts)
    hits = sum(
        (text.index(port), text.index(port) + len(port), "PORT") in entities
        for text, entities, port in zip(
            texts, found, [p for p in UNSEEN_PORTS for _ in range(2)], strict=True
        )
    )
    assert hits >= 5


def test_stock_labels_are_still_found_after_training(port_model: Language) -> None:
    text = "Angela Merkel visited the harbour of Dunmore on 3 May 2019 with 200 Norwegian sailors."
    labels = {label for _, _, label in predicted_entities(port_model, [text])[0]}
    assert {"PERSON", "DATE"} <= labels


def test_training_leaves_the_base_pipeline_untouched(base: Language, port_model: Language) -> None:
    assert "PORT" not in base.get_pipe("ner").labels
    assert port_model.pipe_names == ["ner"]


def test_the_trained_model_round_trips_through_the_project_file(
    project: Project, port_model: Language
) -> None:
    version, config, data = to_stored(port_model)
    project.save_model(ENTITIES, spacy_version=version, config=config, data=data, scores={}, decisions=40)
    stored = project.model(ENTITIES)
    assert stored is not None
    again = from_stored(stored)
    texts = ["The harbour of Wexholm is busy.", "Angela Merkel met Boris Johnson in Paris on Friday."]
    assert predicted_entities(again, texts) == predicted_entities(port_model, texts)
    assert len(data) < 10_000_000


def test_should_stop_stops_training_before_it_changes_anything(base: Language) -> None:
    train = [port_example(frame, port) for port in TRAIN_PORTS[:2] for frame in FRAMES]
    with pytest.raises(TrainingStopped):
        train_entities(base, train, seed=0, should_stop=lambda: True)


def test_entities_off_token_boundaries_are_widened_or_left_out(base: Language) -> None:
    text = "The harbour of Dunmore is busy."
    off_tokens = EntityExample(text, ((16, 19, "PORT"), (14, 15, "PORT")))  # "nmo" and a space
    info: dict = {}
    nlp = train_entities(base, [off_tokens, port_example(FRAMES[1], "Kelvale")], seed=0, info=info)
    assert info["dropped"] == 1
    assert (15, 22, "PORT") in predicted_entities(nlp, [text])[0]


def test_progress_reaches_its_end(base: Language) -> None:
    train = [port_example(FRAMES[0], port) for port in TRAIN_PORTS[:2]]
    seen: list[tuple[int, int]] = []
    train_entities(base, train, seed=0, epochs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] >= 2


def test_train_and_score_compares_stock_and_trained_on_held_out_documents(
    project: Project, base: Language
) -> None:
    for port in TRAIN_PORTS + UNSEEN_PORTS:
        for frame in FRAMES[:3]:
            example = port_example(frame, port)
            doc_id, _ = project.add_document(example.text)
            for start, end, label in example.entities:
                project.add_span(doc_id, start, end, label)
            project.set_document_status(doc_id, "done")
    result = train_and_score(project, base, dev_share=0.25, seed=1)
    scores = result.scores
    assert (scores["train_docs"], scores["dev_docs"]) == (25, 8)
    assert scores["labels"] == scores["new_labels"] == ["PORT"]
    assert scores["stock"]["labels"]["PORT"]["f"] == 0.0
    assert scores["trained"]["labels"]["PORT"]["f"] >= 0.8
    assert better_than_stock(scores) == {"PORT"}


def test_better_than_stock_takes_new_labels_and_those_it_beats() -> None:
    def table(**f: float) -> dict:
        return {"labels": {label: {"f": value} for label, value in f.items()}}

    scores = {
        "labels": ["LOCATION", "ORG", "PERSON"],
        "new_labels": ["LOCATION"],
        "stock": table(LOCATION=0.0, ORG=0.8, PERSON=0.9),
        "trained": table(LOCATION=0.0, ORG=0.85, PERSON=0.9),
    }
    assert better_than_stock(scores) == {"LOCATION", "ORG"}
