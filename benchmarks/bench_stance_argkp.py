"""Per-topic stance learning curve on IBM ArgKP: the project's stance model against a plain baseline.

    python benchmarks/bench_stance_argkp.py [--topics N] [--sizes 50 100 150] [--corpus PATH]

For each of the first ``--topics`` topics (sorted by name; all 28 with ``--topics 0``), the
topic's arguments are shuffled with a fixed seed; the first 50, 100 and 150 are the training
labels and the arguments after the first 150 (about 80) are the held-out set, the same for every
size. Two models are trained on each: the baseline, a plain spaCy bag-of-words ``textcat``
(``spacy.TextCatBOW.v3``, unigrams, 20 epochs of batches of 8), and
:func:`annotator.learning.stance.train_stance`. It prints held-out accuracy per topic and size,
the mean over topics, and the mean CPU seconds to train one model.

The corpus is read where it lies (``../shared/corpus/argkp-stance.jsonl``, CDLA-Sharing 1.0, see
``ARGKP-LICENSE.md`` beside it) and never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.learning.stance import StanceExample, predict, train_stance

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "argkp-stance.jsonl"
LABELS = ["favor", "against"]
SEED = 0
HELD_OUT_AFTER = 150


def train_baseline(examples: list[StanceExample], seed: int) -> Any:
    """The issue's baseline: a unigram bag-of-words textcat, trained the plain way."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(
        "textcat",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": True,
                "ngram_size": 1,
                "no_output_layer": False,
            }
        },
    )
    for label in LABELS:
        textcat.add_label(label)
    training = [
        Example.from_dict(
            nlp.make_doc(e.text), {"cats": {label: float(label == e.label) for label in LABELS}}
        )
        for e in examples
    ]
    optimizer = nlp.initialize(lambda: training)
    order = random.Random(seed)
    for _epoch in range(20):
        order.shuffle(training)
        for batch in minibatch(training, size=8):
            nlp.update(batch, sgd=optimizer)
    return nlp


def baseline_accuracy(nlp: Any, examples: list[StanceExample]) -> float:
    docs = nlp.pipe([e.text for e in examples])
    right = sum(
        1 for doc, e in zip(docs, examples, strict=True) if max(doc.cats, key=doc.cats.get) == e.label
    )
    return right / len(examples)


def model_accuracy(nlp: Any, examples: list[StanceExample]) -> float:
    found = predict(nlp, examples)
    return sum(1 for (label, _p), e in zip(found, examples, strict=True) if label == e.label) / len(examples)


def topics(corpus: Path) -> dict[str, list[StanceExample]]:
    by_topic: dict[str, list[StanceExample]] = defaultdict(list)
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                by_topic[row["topic"]].append(StanceExample(row["text"], row["topic"], row["stance"]))
    return dict(sorted(by_topic.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=10, help="how many topics (0: all)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 150])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    options = parser.parse_args()
    chosen = list(topics(options.corpus).items())
    chosen = chosen[: options.topics] if options.topics else chosen
    sizes = options.sizes
    results: dict[tuple[str, int], list[float]] = defaultdict(list)
    seconds: dict[tuple[str, int], float] = defaultdict(float)
    header = "  ".join(f"base@{n}  ours@{n}" for n in sizes)
    print(f"{'topic':<52} {'held out':>8}  {header}")
    for name, examples in chosen:
        shuffled = list(examples)
        random.Random(SEED).shuffle(shuffled)
        held_out = shuffled[HELD_OUT_AFTER:]
        cells = []
        for n in sizes:
            train = shuffled[:n]
            started = time.process_time()
            baseline = train_baseline(train, SEED)
            seconds["base", n] += time.process_time() - started
            started = time.process_time()
            ours = train_stance(train, LABELS, seed=SEED)
            seconds["ours", n] += time.process_time() - started
            results["base", n].append(baseline_accuracy(baseline, held_out))
            results["ours", n].append(model_accuracy(ours, held_out))
            cells.append(f"{results['base', n][-1]:7.3f} {results['ours', n][-1]:7.3f}")
        print(f"{name[:52]:<52} {len(held_out):>8}  " + "  ".join(cells), flush=True)
    count = len(chosen)
    means = "  ".join(
        f"{sum(results['base', n]) / count:7.3f} {sum(results['ours', n]) / count:7.3f}" for n in sizes
    )
    print(f"{f'mean over {count} topics':<52} {'':>8}  {means}")
    timing = "  ".join(f"{seconds['base', n] / count:7.2f} {seconds['ours', n] / count:7.2f}" for n in sizes)
    print(f"{'CPU seconds to train one model':<52} {'':>8}  {timing}")


if __name__ == "__main__":
    main()
