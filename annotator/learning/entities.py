"""An entity model that learns the project's own labels from the entities annotators accepted (issue 15).

The trained model is a copy of the stock pipeline cut down to its tokenizer and ``ner``
(en_core_web_sm's ``ner`` has its own embedding layer, so it needs no ``tok2vec``, tagger
or parser): it predicts entities and nothing else, which is all the suggest side asks of it.
Its ``ner`` is fine-tuned on the accepted entities of the documents marked done, with the
project's new labels added.

Forgetting. Fine-tuning on a few hundred documents that hold only the project's labels
would teach the model that dates, numbers and nationalities are no entities at all, and
its other weights drift with them. Each training text therefore also carries, as gold,
the stock pipeline's own predictions of the stock labels the project does not use
(pseudo-rehearsal): DATE, NORP, CARDINAL... where no accepted entity overlaps them. A stock
label the project has renamed is not rehearsed: one whose predictions mostly overlap
entities the annotators accepted under another label (GPE and LOC when the project says
LOCATION), or it would fight the project's own label.

Time. Training runs on pieces of about a paragraph (many small steps, so one pass is
enough), within a budget of tokens (:data:`TOKEN_BUDGET`): a small project gets several
passes, a large one a single pass over a random share of its pieces, so training on 300
articles stays under a minute on two CPUs. The stock predictions rehearsed are made on
the chosen pieces only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.learning.entities_scores import Entity, predicted_entities, score_entities
from annotator.problems import ProgressCallback, StopCheck
from annotator.tokenizing import bound_tokenizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.training import Example

    from annotator.store import Project

# Training sees about this many tokens: whole passes over a small project's pieces (1 to MAX_EPOCHS), or one
# pass over a random share of a larger one's. 300 news articles (~230,000 tokens): train_and_score 53 s
# (2 CPUs, idle), dev micro F1 0.88; a pass over all of them, 112 s and 0.89.
TOKEN_BUDGET = 100_000
MAX_EPOCHS = 30
BATCH_WORDS = 1000
PIECE_TOKENS = 100
DROPOUT = 0.1
# A stock label counts as renamed by the project when this share of its predictions overlaps accepted
# entities of another label.
RENAMED_SHARE = 0.5


class TrainingStopped(Exception):
    """Training was asked to stop (``should_stop``) before it finished; nothing was trained."""


@dataclass(frozen=True)
class EntityExample:
    """A text and its accepted entities: (start, end, label), in text order, none overlapping.

    ``dropped``: accepted entities left out because a longer one overlapped them.
    """

    text: str
    entities: tuple[Entity, ...]
    document_id: int | None = None
    dropped: int = 0


@dataclass
class EntityResult:
    """A trained entity pipeline and its scores against the stock one on the dev split."""

    nlp: Language
    scores: dict[str, Any] = field(default_factory=dict)


def without_overlaps(entities: Iterable[Entity]) -> tuple[list[Entity], int]:
    """The entities with the longest of overlapping ones kept (the earliest on a tie), and how many went."""
    kept: list[Entity] = []
    ordered = sorted(set(entities), key=lambda e: (e[0] - e[1], e[0], e[2]))
    taken: list[tuple[int, int]] = []
    for entity in ordered:
        if all(entity[1] <= start or end <= entity[0] for start, end in taken):
            kept.append(entity)
            taken.append(entity[:2])
    return sorted(kept), len(ordered) - len(kept)


def examples_from_project(project: Project) -> list[EntityExample]:
    """The accepted entities of each document marked done, overlaps resolved (:func:`without_overlaps`)."""
    examples = []
    for doc_id in project.document_ids(status="done"):
        spans = project.spans(doc_id, kind="entity", status="accepted")
        kept, dropped = without_overlaps((span.start, span.end, span.label) for span in spans)
        examples.append(EntityExample(project.document(doc_id).text, tuple(kept), doc_id, dropped))
    return examples


def entity_pipeline(base: Language) -> Language:
    """A copy of ``base`` with only its tokenizer and ``ner`` (training it leaves ``base`` untouched)."""
    import spacy

    nlp = spacy.util.get_lang_class(base.lang).from_config(base.config)
    nlp.from_bytes(base.to_bytes())
    for name in list(nlp.component_names):
        if name != "ner":
            nlp.remove_pipe(name)
    return bound_tokenizer(nlp)


def renamed_labels(
    predicted: Sequence[Iterable[Entity]], gold: Sequence[Iterable[Entity]], project_labels: set[str]
) -> set[str]:
    """Stock labels (not the project's) whose predictions mostly overlap entities accepted as another."""
    seen: dict[str, int] = {}
    overlapping: dict[str, int] = {}
    for found, wanted in zip(predicted, gold, strict=True):
        accepted = list(wanted)
        for start, end, label in found:
            if label in project_labels:
                continue
            seen[label] = seen.get(label, 0) + 1
            if any(start < g_end and g_start < end for g_start, g_end, _ in accepted):
                overlapping[label] = overlapping.get(label, 0) + 1
    return {label for label, count in seen.items() if overlapping.get(label, 0) >= RENAMED_SHARE * count}


def _pieces(doc: Doc, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges of ``doc``, cut at line breaks, and at full stops past :data:`PIECE_TOKENS` tokens.

    Pieces (paragraphs, or runs of sentences) make smaller updates than whole articles, so
    one pass over the texts makes many more steps. No cut falls inside an entity of ``taken``.
    """
    inside = set()
    for start, end in taken:
        inside.update(range(start + 1, end))
    pieces, at = [], 0
    for token in doc:
        ends_here = "\n" in token.text or (token.text == "." and token.i + 1 - at >= PIECE_TOKENS)
        if ends_here and token.i + 1 not in inside:
            pieces.append((at, token.i + 1))
            at = token.i + 1
    if at < len(doc):
        pieces.append((at, len(doc)))
    return [(start, end) for start, end in pieces if not doc[start:end].text.isspace()]


def _gold_pieces(nlp: Language, example: EntityExample) -> tuple[list[Doc], int]:
    """``example`` as docs of about :data:`PIECE_TOKENS` tokens with its entities set, and how many were lost.

    Entities are widened to whole tokens (``alignment_mode="expand"``); two that then overlap
    keep the longer; one on whitespace alone is lost.
    """
    from spacy.tokens import Span

    reference = nlp.make_doc(example.text)
    widened = []
    for start, end, label in example.entities:
        span = reference.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):  # on whitespace alone: an empty span
            widened.append((span.start, span.end, label))
    kept, dropped = without_overlaps(widened)
    reference.set_ents([Span(reference, start, end, label) for start, end, label in kept], default="outside")
    docs = [reference[start:end].as_doc() for start, end in _pieces(reference, [e[:2] for e in kept])]
    return docs, dropped + len(example.entities) - len(widened)


def _ents(doc: Doc) -> list[Entity]:
    """A doc's entities as (first token, token after the last, label)."""
    return [(ent.start, ent.end, ent.label_) for ent in doc.ents]


def _bare(doc: Doc) -> Doc:
    """The same tokens as ``doc``, with no annotation."""
    from spacy.tokens import Doc

    return Doc(
        doc.vocab, words=[token.text for token in doc], spaces=[bool(token.whitespace_) for token in doc]
    )


def train_entities(
    base: Language,
    train: Sequence[EntityExample],
    *,
    seed: int = 0,
    epochs: int | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    info: dict[str, Any] | None = None,
    token_budget: int = TOKEN_BUDGET,
) -> Language:
    """A copy of ``base`` (tokenizer and ``ner`` only) fine-tuned on ``train``, new labels added.

    Stock labels the examples do not use are rehearsed from ``base``'s own predictions
    (see the module's docstring). ``epochs``: passes over the texts (None: as many as
    ``token_budget`` allows, 1 to :data:`MAX_EPOCHS`). ``progress(steps done, steps)``
    after each update, over all epochs; ``should_stop`` is asked before each update and
    each epoch, and :class:`TrainingStopped` raised if it says so. ``info``, if given,
    receives the epochs, what was rehearsed, and how many accepted entities were dropped.
    """
    from spacy.tokens import Span
    from spacy.training import Example
    from spacy.training.batchers import minibatch_by_words
    from spacy.util import fix_random_seed

    fix_random_seed(seed)
    nlp = entity_pipeline(base)
    ner = nlp.get_pipe("ner")
    project_labels = {label for example in train for _, _, label in example.entities}
    references: list[Doc] = []
    dropped = 0
    for example in train:
        docs, lost = _gold_pieces(nlp, example)
        references.extend(docs)
        dropped += lost
    shuffler = random.Random(seed)
    shuffler.shuffle(references)
    tokens = sum(len(doc) for doc in references)
    if epochs is None:
        epochs = min(MAX_EPOCHS, max(1, round(token_budget / max(tokens, 1))))
        if tokens > token_budget:  # one pass over a random share of the pieces, the budget's worth
            total = 0
            for count, doc in enumerate(references):
                total += len(doc)
                if total >= token_budget:
                    del references[count + 1 :]
                    break
    stock_docs = list(nlp.pipe(_bare(doc) for doc in references))
    renamed = renamed_labels(
        [_ents(doc) for doc in stock_docs], [_ents(doc) for doc in references], project_labels
    )
    rehearsed = set(ner.labels) - project_labels - renamed
    examples: list[Example] = []
    for reference, guessed in zip(references, stock_docs, strict=True):
        taken = [(ent.start, ent.end) for ent in reference.ents]
        reminders = [
            ent
            for ent in guessed.ents
            if ent.label_ in rehearsed and all(ent.end <= s or e <= ent.start for s, e in taken)
        ]
        reminded = [Span(reference, ent.start, ent.end, ent.label_) for ent in reminders]
        reference.set_ents([*reference.ents, *reminded], default="outside")
        examples.append(Example(_bare(reference), reference))
    for label in sorted(project_labels - set(ner.labels)):
        ner.add_label(label)
    optimizer = nlp.resume_training()
    steps = epochs * len(list(minibatch_by_words(examples, size=BATCH_WORDS, get_length=len)))
    done = 0
    for epoch in range(epochs):
        shuffler.shuffle(examples)
        for batch in minibatch_by_words(examples, size=BATCH_WORDS, get_length=len):
            if should_stop is not None and should_stop():
                raise TrainingStopped(f"training stopped in epoch {epoch + 1} of {epochs}")
            nlp.update(batch, sgd=optimizer, drop=DROPOUT)
            done += 1
            if progress is not None:
                progress(min(done, steps), steps)
    if info is not None:
        info.update(
            epochs=epochs,
            rehearsed_labels=sorted(rehearsed),
            renamed_labels=sorted(renamed),
            dropped=dropped,
        )
    return nlp


def evaluate(nlp: Language, examples: Sequence[EntityExample], labels: Iterable[str]) -> dict[str, Any]:
    """Precision, recall and F1 of ``nlp`` on ``examples`` per label in ``labels``, and micro totals.

    Exact spans (offsets and label); a label ``nlp`` lacks scores 0. See :mod:`entities_scores`.
    """
    predicted = predicted_entities(nlp, (example.text for example in examples))
    return score_entities([example.entities for example in examples], predicted, set(labels))


def split(
    examples: Sequence[EntityExample], dev_share: float, seed: int
) -> tuple[list[EntityExample], list[EntityExample]]:
    """(train, dev): a seeded shuffle, at least one document on each side."""
    if len(examples) < 2:
        raise ValueError(
            "training needs at least 2 documents marked done with accepted entities; "
            f"there are {len(examples)}"
        )
    shuffled = list(examples)
    random.Random(seed).shuffle(shuffled)
    dev_count = min(max(1, round(len(shuffled) * dev_share)), len(shuffled) - 1)
    return shuffled[dev_count:], shuffled[:dev_count]


def train_and_score(
    project: Project,
    base: Language,
    dev_share: float = 0.2,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    *,
    epochs: int | None = None,
    curve_shares: Sequence[float] = (),
    examples: Sequence[EntityExample] | None = None,
) -> EntityResult:
    """Train on the project's done documents and score stock and trained pipelines on a held-out share.

    ``scores``: ``stock`` and ``trained`` (see :func:`evaluate`), ``labels`` (the project's, from
    the accepted entities), ``new_labels`` (those the stock pipeline lacks), ``train_docs``,
    ``dev_docs``, ``seconds`` (training and scoring; ``timings`` per step), ``epochs``,
    ``rehearsed_labels``, ``renamed_labels`` and ``dropped`` (accepted entities left out for overlapping
    a longer one or each other). With ``curve_shares``, ``curve`` too (:func:`learning_curve`).
    ``examples``: the project's, if the caller has read them already (those with entities are used).
    """
    started = time.perf_counter()
    if examples is None:
        examples = examples_from_project(project)
    examples = [example for example in examples if example.entities]
    train, dev = split(examples, dev_share, seed)
    stock = entity_pipeline(base)
    labels = sorted({label for example in examples for _, _, label in example.entities})
    info: dict[str, Any] = {}
    clock = time.perf_counter()
    stock_scores = evaluate(stock, dev, labels)
    timings = {"stock_scoring": time.perf_counter() - clock}
    clock = time.perf_counter()
    nlp = train_entities(
        stock, train, seed=seed, epochs=epochs, progress=progress, should_stop=should_stop, info=info
    )
    timings["train"] = time.perf_counter() - clock
    clock = time.perf_counter()
    trained_scores = evaluate(nlp, dev, labels)
    timings["trained_scoring"] = time.perf_counter() - clock
    curve: list[dict[str, Any]] = []
    if curve_shares:
        clock = time.perf_counter()
        curve = learning_curve(base, train, dev, labels, seed, curve_shares, progress, should_stop)
        timings["curve"] = time.perf_counter() - clock
        curve.append({"share": 1.0, "n": len(train), "micro_f1": trained_scores["micro"]["f"]})
    scores = {
        "stock": stock_scores,
        "trained": trained_scores,
        "labels": labels,
        "new_labels": sorted(set(labels) - set(stock.get_pipe("ner").labels)),
        "train_docs": len(train),
        "dev_docs": len(dev),
        **info,
        "dropped": info.get("dropped", 0) + sum(example.dropped for example in examples),
        "curve": curve,
        "seconds": round(time.perf_counter() - started, 1),
        "timings": {step: round(seconds, 1) for step, seconds in timings.items()},
    }
    return EntityResult(nlp, scores)


def learning_curve(
    base: Language,
    train: Sequence[EntityExample],
    dev: Sequence[EntityExample],
    labels: Iterable[str],
    seed: int,
    shares: Sequence[float],
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> list[dict[str, Any]]:
    """Dev micro F1 of models trained on the first share of ``train``: does more labelling still help?

    Each model gets that share of :data:`TOKEN_BUDGET` too (the passes the whole split gets), so
    the points below 100 % cost together 1.5 times a training at 25, 50 and 75 %.
    """
    wanted = list(labels)
    points: list[dict[str, Any]] = []
    for share in shares:
        part = list(train[: max(1, round(share * len(train)))])
        model = train_entities(
            base,
            part,
            seed=seed,
            progress=progress,
            should_stop=should_stop,
            token_budget=max(1, round(share * TOKEN_BUDGET)),
        )
        points.append(
            {"share": share, "n": len(part), "micro_f1": evaluate(model, dev, wanted)["micro"]["f"]}
        )
    return points


def better_than_stock(scores: dict[str, Any]) -> set[str]:
    """The labels the trained model should suggest: those stock lacks, and those where it beat stock's F1."""
    stock, trained = scores["stock"]["labels"], scores["trained"]["labels"]
    return {
        label
        for label in scores["labels"]
        if label in scores["new_labels"] or trained[label]["f"] > stock[label]["f"]
    }
