"""The stance model: what it learns from, that it learns, how it is scored, that a project keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.learning.stance import (
    StanceExample,
    TrainingStopped,
    evaluate,
    examples_from_project,
    majority_baseline,
    predict,
    score,
    train_and_score,
    train_stance,
)
from annotator.store import Project
from annotator.store.models_part import StoredModel
from annotator.trained import from_stored, to_stored

LABELS = ["favor", "against", "neutral", "unclear"]
TOPIC = "the new bridge"
GOOD = ["wonderful", "great", "splendid", "helpful", "welcome", "excellent"]
BAD = ["terrible", "awful", "dreadful", "harmful", "wasteful", "ugly"]
THINGS = ["plan", "bridge", "design", "budget", "route", "idea", "project"]


def made_up(count: int, start: int = 0) -> list[StanceExample]:
    """Quotes whose stance is plain from one word: praise is favor, blame is against."""
    examples = []
    for number in range(start, start + count):
        favor = number % 2 == 0
        word = (GOOD if favor else BAD)[number % 6]
        thing = THINGS[number % 7]
        text = f"The {thing} is {word}, said the mayor on day {number}."
        examples.append(StanceExample(text, TOPIC, "favor" if favor else "against"))
    return examples


@pytest.fixture(scope="module")
def trained() -> object:
    return train_stance(made_up(40), LABELS, seed=0)


def test_training_learns_that_praise_is_favor_and_blame_against(trained: object) -> None:
    unseen = made_up(20, start=100)
    found = predict(trained, unseen)
    assert [label for label, _ in found] == [example.label for example in unseen]
    assert evaluate(trained, unseen)["accuracy"] == 1.0


def test_predictions_are_a_label_and_a_probability(trained: object) -> None:
    found = predict(trained, [StanceExample("Nothing to say.", TOPIC), *made_up(3)])
    assert len(found) == 4
    for label, p in found:
        assert label in LABELS
        assert 0.0 <= p <= 1.0


def test_a_model_kept_by_the_project_predicts_the_same_after_loading(trained: object) -> None:
    version, config, data = to_stored(trained)
    loaded = from_stored(StoredModel("stance", version, config, data, {}, "", 40))
    examples = made_up(10, start=200)
    assert predict(loaded, examples) == predict(trained, examples)


def test_should_stop_stops_training_between_epochs() -> None:
    epochs: list[int] = []
    with pytest.raises(TrainingStopped):
        train_stance(
            made_up(10),
            LABELS,
            seed=0,
            progress=lambda done, _total: epochs.append(done),
            should_stop=lambda: len(epochs) >= 2,
        )
    assert epochs == [1, 2]


def test_progress_counts_every_epoch() -> None:
    seen: list[tuple[int, int]] = []
    train_stance(made_up(6), LABELS, seed=0, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == len(seen)


def test_scores_on_hand_made_predictions() -> None:
    gold = ["favor", "favor", "against", "against", "neutral"]
    said = ["favor", "against", "against", "against", "favor"]
    scores = score(gold, said, LABELS)
    assert scores["accuracy"] == pytest.approx(3 / 5)
    assert scores["n"] == 5
    # favor: 1 right of 2 said and 2 real; against: 2 right of 3 said and 2 real.
    assert scores["f1"]["favor"] == pytest.approx(0.5)
    assert scores["f1"]["against"] == pytest.approx(0.8)
    assert scores["f1"]["neutral"] == 0.0
    assert scores["mean_f1_favor_against"] == pytest.approx(0.65)


def test_the_baseline_always_answers_the_most_frequent_training_stance() -> None:
    train = [StanceExample("a", TOPIC, label) for label in ["against", "against", "favor"]]
    dev = [StanceExample("b", TOPIC, label) for label in ["against", "favor", "favor", "against"]]
    baseline = majority_baseline(train, dev, LABELS)
    assert baseline["label"] == "against"
    assert baseline["accuracy"] == 0.5


def make_project(path: Path) -> Project:
    """Three documents, one done: only its accepted quotes with a stance are examples."""
    project = Project.open(path, annotator="ann")
    project.set_setting("topic", TOPIC)
    texts = [
        'Ann Lee said: "The bridge is wonderful." Bob Kay said the budget is terrible. "Fine," said Cy.',
        '"The bridge is awful," said Dee.',
    ]
    done, _ = project.add_document(texts[0])
    other, _ = project.add_document(texts[1])
    text = texts[0]
    first = text.index('"The') + 1
    quote = project.add_span(done, first, text.index('"', first), "QUOTE", kind="quote", stance="favor")
    speaker = project.add_span(done, 0, 7, "PERSON")
    project.set_relation(quote.id, "SPEAKER", speaker.id)
    second = text.index("the budget")
    project.add_span(
        done,
        second,
        text.index(".", second),
        "QUOTE",
        kind="quote",
        stance="against",
        attributes={"speaker_name": "Bob Kay"},
    )
    fine = text.index("Fine")
    project.add_span(done, fine, fine + 4, "QUOTE", kind="quote")  # no stance yet
    project.add_span(
        done,
        text.index("Cy"),
        text.index("Cy") + 2,
        "QUOTE",
        kind="quote",
        status="suggested",
        stance="favor",
    )
    project.add_span(other, 1, 22, "QUOTE", kind="quote", stance="against")  # its document is not done
    project.set_document_status(done, "done")
    return project


def test_examples_are_the_stances_of_accepted_quotes_in_done_documents(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.annotator") as project:
        examples = examples_from_project(project)
    assert examples == [
        StanceExample("The bridge is wonderful.", TOPIC, "favor", "Ann Lee"),
        StanceExample("the budget is terrible", TOPIC, "against", "Bob Kay"),
    ]


@pytest.mark.slow
def test_train_and_score_holds_out_a_dev_split_and_reports_the_curve(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.annotator", annotator="ann") as project:
        project.set_setting("topic", TOPIC)
        for example in made_up(30):
            document, _ = project.add_document(f"Report. {example.text}")
            start = len("Report. ")
            project.add_span(
                document, start, start + len(example.text), "QUOTE", kind="quote", stance=example.label
            )
            project.set_document_status(document, "done")
        steps: list[tuple[int, int]] = []
        result = train_and_score(project, progress=lambda done, total: steps.append((done, total)))
    assert result.counts["examples"] == 30
    assert result.counts["dev"] == 6
    assert result.scores["dev"]["n"] == 6
    assert result.scores["baseline"]["accuracy"] == 0.5
    assert [point["share"] for point in result.curve] == [0.25, 0.5, 0.75, 1.0]
    assert steps[-1][0] == steps[-1][1] == len(steps)
    assert predict(result.nlp, made_up(4, start=300))[0][0] == "favor"
