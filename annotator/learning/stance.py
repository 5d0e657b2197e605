"""A stance classifier trained on the stances annotators gave (issue 15): CPU only, spaCy's own parts.

The model is a spaCy pipeline of a blank English tokenizer and one ``textcat``: a bag of unigrams
and bigrams (``spacy.TextCatBOW.v3``, ``ngram_size`` 2), 20 epochs of 25 batches (of 4 examples at
least), to which multinomial naive Bayes is then added (:func:`add_naive_bayes`, 0.3 of its log
odds). It reads :func:`annotator.trained.stance_input`: every word lower-cased and cut to its first
five letters.

Measured on the ArgKP stance benchmark (``benchmarks/bench_stance_argkp.py``, held-out accuracy at
50/100/150 labels, mean over the first 10 topics; "28" is all of them), against the plain unigram
baseline in the same run (0.748/0.815/0.818 on 10 topics, 0.750/0.822/0.838 on 28):

* The bigram model on the words as written: 0.778/0.828/0.860 (28: 0.758/0.836/0.854).
* What helped: cutting words to five letters (alone 0.793/0.834/0.869; six letters 0.795/0.839/0.873;
  a crude suffix stripper 0.786/0.832/0.853) together with naive Bayes, which gains most from it
  (naive Bayes alone: 0.798/0.831/0.865 on the words, 0.814/0.857/0.877 on five letters, 28:
  0.813/0.854/0.874). Both together, as trained here: 0.802/0.856/0.884 (28: 0.804/0.854/0.879),
  in 1.7 CPU seconds for 100 labels. Naive Bayes' weight (1 or 0.3) and whether it starts the
  training or is added after (0.809/0.856/0.879) change little; 0.3 keeps the probabilities from
  being near 0 or 1 for almost every quote (naive Bayes alone has its best held-out log loss at
  about 0.2 of its log odds).
* What did not: lower-casing alone (0.774/0.823/0.860), also without punctuation (0.770/0.824/0.860);
  naive Bayes on unigrams only (28: 0.789/0.842/0.861) or with trigrams (28: 0.806/0.858/0.883,
  within noise); logistic regression fitted to convergence with L2 (0.746/0.797/0.846 at best),
  or on NB-scaled features, NBSVM-style (0.728/0.818/0.855); and, before, ``TextCatEnsemble.v2``
  and ``TextCatReduce.v1`` over the stock pipeline's pretrained tok2vec (fine-tuned: 0.81-0.83 at
  100 on 8 topics in 8-10 s; frozen: 0.71), trigrams in the trained model, averaging 3 or 7
  differently shuffled copies, marking words after a negation, other learning rates and epochs.

The pipeline holds only spaCy's built-in architectures (naive Bayes only sets weights of the same
``SparseLinear``), so :mod:`annotator.trained` stores and loads it from its config and bytes alone.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.trained import stance_input

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from annotator.store import Project

SPEAKER = "SPEAKER"
FAVOR_AGAINST = ("favor", "against")
EPOCHS = 20
BATCH_SIZE = 4
# Batches grow with the examples so that an epoch is at most this many updates: 1,000 quotes train
# in a third of the time, and as well, as with batches of 4.
UPDATES_PER_EPOCH = 25
LEARN_RATE = 0.001
CURVE_SHARES = (0.25, 0.5, 0.75, 1.0)
# Naive Bayes added to the trained weights (see add_naive_bayes): how much of it, and the count
# added to every n-gram's count under each label.
NAIVE_BAYES_WEIGHT = 0.3
NAIVE_BAYES_ALPHA = 0.25


class TrainingStopped(Exception):
    """Raised by :func:`train_stance` when ``should_stop()`` said so between two epochs."""


@dataclass(frozen=True)
class StanceExample:
    """One stance decision to learn from or to predict: a quote's words toward the project's topic.

    ``context`` is what else is known about the words, such as the speaker's name; ``label`` is
    the stance a person gave ("" for an example to predict).
    """

    text: str
    topic: str
    label: str = ""
    context: str = ""


@dataclass
class StanceResult:
    """A trained stance model and how it scored on the held-out decisions."""

    nlp: Language
    scores: dict[str, Any]
    curve: list[dict[str, Any]]
    counts: dict[str, int]
    seconds: float
    labels: list[str] = field(default_factory=list)


def examples_from_project(project: Project) -> list[StanceExample]:
    """Every stance a person gave to an accepted quote in a document marked done, in document order.

    The quote's words are the example; its speaker (the linked SPEAKER span's words, else the
    quote's ``speaker_name``) is its context. Entities are not used: a stance on an entity is a
    judgement about a name, not about words a speaker said, and would teach the quote model the
    wrong thing.
    """
    topic = str(project.setting("topic") or "")
    examples: list[StanceExample] = []
    for document_id in project.document_ids(status="done"):
        quotes = [
            span
            for span in project.spans(document_id, kind="quote", status="accepted")
            if span.stance is not None
        ]
        if not quotes:
            continue
        text = project.document(document_id).text
        speakers = _speakers(project, document_id, text)
        for quote in quotes:
            speaker = speakers.get(quote.id) or str(quote.attributes.get("speaker_name") or "")
            examples.append(StanceExample(text[quote.start : quote.end], topic, quote.stance or "", speaker))
    return examples


def _speakers(project: Project, document_id: int, text: str) -> dict[int, str]:
    """Each quote's linked speaker's words, by quote id."""
    links = [relation for relation in project.relations(document_id) if relation.label == SPEAKER]
    if not links:
        return {}
    spans = project.spans_by_id(document_id)
    found: dict[int, str] = {}
    for link in links:
        child = spans.get(link.child_id)
        if child is not None:
            found[link.head_id] = text[child.start : child.end]
    return found


def model_text(example: StanceExample) -> str:
    """What the classifier reads (see :func:`annotator.trained.stance_input`)."""
    return stance_input(example.text, example.context)


def _textcat_config() -> dict[str, Any]:
    return {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": 262144,
        }
    }


def train_stance(
    examples: Sequence[StanceExample],
    labels: Sequence[str],
    *,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Language:
    """A pipeline that tells which of ``labels`` an example's stance is, learnt from ``examples``.

    Examples whose label is not in ``labels`` are left out; a label no example has is known to
    the model but never learnt (it gets little probability). After the epochs, naive Bayes over the
    same examples is added to the weights (:func:`add_naive_bayes`). ``progress(done, total)`` is
    called after each epoch; ``should_stop()`` is asked before each, and a true answer raises
    :class:`TrainingStopped` (nothing half-trained is returned).
    """
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    wanted = list(dict.fromkeys(labels))
    usable = [example for example in examples if example.label in wanted]
    if not usable:
        raise ValueError("there is no stance decision to learn from")
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=_textcat_config())
    for label in wanted:
        textcat.add_label(label)
    training = [
        Example.from_dict(
            nlp.make_doc(model_text(example)),
            {"cats": {label: float(label == example.label) for label in wanted}},
        )
        for example in usable
    ]
    optimizer = nlp.initialize(lambda: training)
    optimizer.learn_rate = LEARN_RATE
    order = random.Random(seed)
    size = max(BATCH_SIZE, -(-len(training) // UPDATES_PER_EPOCH))
    for epoch in range(EPOCHS):
        if should_stop is not None and should_stop():
            raise TrainingStopped("stance training was cancelled")
        order.shuffle(training)
        for batch in minibatch(training, size=size):
            nlp.update(batch, sgd=optimizer)
        if progress is not None:
            progress(epoch + 1, EPOCHS)
    add_naive_bayes(textcat, [example.reference for example in training], NAIVE_BAYES_WEIGHT)
    return nlp


def add_naive_bayes(textcat: Any, docs: Sequence[Doc], weight: float) -> None:
    """Add ``weight`` times multinomial naive Bayes to ``textcat``'s bag-of-n-grams weights.

    Each n-gram gets, for each label, the log of its smoothed share among that label's n-grams
    (counted once a document), less the mean of that over the labels the docs have; a label no doc
    has gets nothing. The model stays a plain linear ``TextCatBOW``: the weights are placed where
    its ``SparseLinear`` looks for each n-gram by that layer's own backward pass (it adds an
    n-gram's gradient to both its hashed slots, so half of the weight goes to each).
    """
    import numpy

    ngrams = next(node for node in textcat.model.walk() if node.name == "extract_ngrams")
    linear = textcat.model.get_ref("output_layer")
    keys, _counts, lengths = ngrams.predict(list(docs))
    labels = list(textcat.labels)
    gold = numpy.array([labels.index(max(doc.cats, key=doc.cats.__getitem__)) for doc in docs])
    learnt = sorted(set(gold.tolist()))
    known, key_index = numpy.unique(keys, return_inverse=True)
    of_doc = numpy.repeat(gold, lengths)
    log_share = numpy.zeros((len(known), len(labels)))
    log_prior = numpy.zeros(len(labels))
    for label in learnt:
        counts = numpy.bincount(key_index[of_doc == label], minlength=len(known)) + NAIVE_BAYES_ALPHA
        log_share[:, label] = numpy.log(counts / counts.sum())
        log_prior[label] = numpy.log(numpy.count_nonzero(gold == label) / len(gold))
    log_share[:, learnt] -= log_share[:, learnt].mean(axis=1, keepdims=True)
    log_prior[learnt] -= log_prior[learnt].mean()
    ones = numpy.ones(len(known), dtype="int32")
    _scores, backprop = linear.begin_update((known, ones.astype("float32"), ones))
    width = linear.get_param("W").shape[0]
    linear.set_grad("W", linear.ops.alloc1f(width))
    linear.set_grad("b", linear.ops.alloc1f(len(labels)))
    backprop(linear.ops.asarray2f(weight * log_share / 2))
    linear.set_param("W", linear.get_param("W") + linear.get_grad("W"))
    linear.set_param("b", linear.get_param("b") + linear.ops.asarray1f(weight * log_prior))
    linear.set_grad("W", linear.ops.alloc1f(width))
    linear.set_grad("b", linear.ops.alloc1f(len(labels)))


def predict(nlp: Language, examples: Iterable[StanceExample]) -> list[tuple[str, float]]:
    """The likeliest stance of each example, with its probability."""
    texts = (model_text(example) for example in examples)
    found: list[tuple[str, float]] = []
    for doc in nlp.pipe(texts, batch_size=256):
        label = max(doc.cats, key=doc.cats.__getitem__)
        found.append((label, float(doc.cats[label])))
    return found


def evaluate(nlp: Language, examples: Sequence[StanceExample]) -> dict[str, Any]:
    """How often the model agrees with the people on ``examples``: accuracy, F1 per label, n.

    ``mean_f1_favor_against`` is the usual stance measure (the mean of the two F1s, SemEval
    2016's), computed over those of favor and against that the model knows.
    """
    labels = list(nlp.get_pipe("textcat").labels)
    return score(
        [example.label for example in examples], [label for label, _ in predict(nlp, examples)], labels
    )


def majority_baseline(
    train: Sequence[StanceExample], dev: Sequence[StanceExample], labels: Sequence[str]
) -> dict[str, Any]:
    """The scores of always answering the training decisions' most frequent stance, for comparison."""
    counts = Counter(example.label for example in train if example.label in labels)
    guess = counts.most_common(1)[0][0] if counts else labels[0]
    measured = score([example.label for example in dev], [guess] * len(dev), labels)
    return {**measured, "label": guess}


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, F1 per label and the mean F1 of favor and against, of ``predicted`` against ``gold``."""
    n = len(gold)
    right = sum(1 for truth, guess in zip(gold, predicted, strict=True) if truth == guess)
    f1: dict[str, float] = {}
    for label in labels:
        hits = sum(1 for truth, guess in zip(gold, predicted, strict=True) if truth == guess == label)
        said, real = predicted.count(label), gold.count(label)
        f1[label] = 2 * hits / (said + real) if said + real else 0.0
    pair = [f1[label] for label in FAVOR_AGAINST if label in f1]
    return {
        "accuracy": right / n if n else 0.0,
        "f1": f1,
        "mean_f1_favor_against": sum(pair) / len(pair) if pair else 0.0,
        "n": n,
    }


def learning_curve(
    train: Sequence[StanceExample],
    dev: Sequence[StanceExample],
    labels: Sequence[str],
    seed: int,
    shares: Sequence[float] = CURVE_SHARES,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[dict[str, Any]]:
    """Dev scores of models trained on the first share of ``train`` (shuffled once): does more help?

    ``progress`` and ``should_stop`` are passed to each :func:`train_stance`.
    """
    shuffled = list(train)
    random.Random(seed).shuffle(shuffled)
    curve: list[dict[str, Any]] = []
    for share in shares:
        part = shuffled[: max(1, round(share * len(shuffled)))]
        if not any(example.label in labels for example in part):
            continue
        model = train_stance(part, labels, seed=seed, progress=progress, should_stop=should_stop)
        scores = evaluate(model, dev)
        curve.append(
            {
                "share": share,
                "n": len(part),
                "accuracy": scores["accuracy"],
                "mean_f1_favor_against": scores["mean_f1_favor_against"],
            }
        )
    return curve


def split(
    examples: Sequence[StanceExample], dev_share: float, seed: int
) -> tuple[list[StanceExample], list[StanceExample]]:
    """(train, dev): a seeded shuffle, ``dev_share`` of each label held out (at least one of a label
    with two or more examples), so a rare stance is both learnt and tested."""
    by_label: dict[str, list[StanceExample]] = {}
    for example in examples:
        by_label.setdefault(example.label, []).append(example)
    order = random.Random(seed)
    train: list[StanceExample] = []
    dev: list[StanceExample] = []
    for label in sorted(by_label):
        group = by_label[label]
        order.shuffle(group)
        held = round(dev_share * len(group)) if len(group) > 1 else 0
        held = max(held, 1) if len(group) > 1 and dev_share > 0 else held
        dev.extend(group[:held])
        train.extend(group[held:])
    order.shuffle(train)
    order.shuffle(dev)
    return train, dev


def train_and_score(
    project: Project,
    dev_share: float = 0.2,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> StanceResult:
    """Train on the project's stance decisions, score on a held-out share, and train the final model.

    The dev scores (the model's and the most-frequent-label baseline's) and the learning curve
    come from models trained without the dev share; the model returned is then trained on all
    decisions, so none is wasted. ``progress(done, total)`` counts epochs over all of it;
    ``should_stop`` is passed on (:class:`TrainingStopped`). Store it with ``to_stored`` and
    ``project.save_model("stance", ..., scores=result.scores, decisions=result.counts["examples"])``.
    """
    started = time.perf_counter()
    labels = list(project.setting("stance_labels"))
    examples = [example for example in examples_from_project(project) if example.label in labels]
    if not examples:
        raise ValueError(
            "no accepted quote in a document marked done has a stance: there is nothing to learn from"
        )
    train, dev = split(examples, dev_share, seed)
    # Models to train: one per curve share below 1 and one on the whole train split (if there is
    # a dev split), and the final one on every decision.
    total = (len(CURVE_SHARES) + 1 if dev else 1) * EPOCHS
    done = 0

    def count(_done: int, _total: int) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    scores: dict[str, Any] = {"labels": labels, "seed": seed, "dev_share": dev_share}
    curve: list[dict[str, Any]] = []
    if dev:
        shares = CURVE_SHARES[:-1]
        curve = learning_curve(train, dev, labels, seed, shares, progress=count, should_stop=should_stop)
        held_out = train_stance(train, labels, seed=seed, progress=count, should_stop=should_stop)
        scores["dev"] = evaluate(held_out, dev)
        scores["baseline"] = majority_baseline(train, dev, labels)
        curve.append(
            {
                "share": 1.0,
                "n": len(train),
                "accuracy": scores["dev"]["accuracy"],
                "mean_f1_favor_against": scores["dev"]["mean_f1_favor_against"],
            }
        )
    scores["curve"] = curve
    nlp = train_stance(examples, labels, seed=seed, progress=count, should_stop=should_stop)
    counts = {"examples": len(examples), "train": len(train), "dev": len(dev)}
    counts.update({f"label:{label}": number for label, number in Counter(e.label for e in examples).items()})
    return StanceResult(nlp, scores, curve, counts, time.perf_counter() - started, labels)
