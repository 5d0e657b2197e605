"""Agreement of several annotators over many documents (issue 14), against a bare pass over the same marks.

    python -m benchmarks.bench_agreement [--annotators 5] [--docs 10000] [--marks 20] [--json]

Generates the layers: per document a base of about ``--marks`` marks (three entities in
four, the rest quotes with speaker, cue, type and stance), which every annotator copies
with noise: a mark left out or its boundaries moved now and then, another label, stance
or type, a speaker or cue missing, an extra mark of their own. Times
``agreement_report`` on them. The baseline is a loop that only visits every mark of every
pair's shared documents once, the least any pairwise comparison does. The target is the
issue's: well under 10 s for 5 annotators x 10,000 documents x 20 marks.
"""

from __future__ import annotations

import argparse
import random
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.agreement import Layers, Mark, agreement_report
from benchmarks.rows import Row, emit, timed

LABELS = ["PERSON", "ORG", "GPE", "DATE", "NORP"]
STANCES = ["favor", "against", "neutral", None, None]
TYPES = ["direct", "indirect", "mixed"]


def _base(rng: random.Random, marks: int) -> list[Mark]:
    base, position = [], 0
    for _ in range(marks):
        position += rng.randint(5, 120)
        if rng.random() < 0.75:
            end = position + rng.randint(3, 25)
            base.append(Mark("entity", rng.choice(LABELS), position, end, stance=rng.choice(STANCES)))
        else:
            end = position + rng.randint(30, 300)
            speaker = (end + 2, end + 12)
            cue = (end + 13, end + 17)
            base.append(
                Mark("quote", "QUOTE", position, end, rng.choice(STANCES), rng.choice(TYPES), speaker, cue)
            )
        position = end
    return base


def _copy(rng: random.Random, base: list[Mark]) -> list[Mark]:
    copied = []
    for mark in base:
        roll = rng.random()
        if roll < 0.06:
            continue
        start, end = mark.start, mark.end
        if roll < 0.14:
            start += rng.choice([-2, -1, 1, 2])
            end += rng.choice([-3, 0, 3])
        changes: dict = {"start": start, "end": max(start + 1, end)}
        if rng.random() < 0.04 and mark.kind == "entity":
            changes["label"] = rng.choice(LABELS)
        if rng.random() < 0.1:
            changes["stance"] = rng.choice(STANCES)
        if mark.kind == "quote":
            if rng.random() < 0.1:
                changes["quote_type"] = rng.choice(TYPES)
            if rng.random() < 0.05:
                changes["speaker"] = None
            if rng.random() < 0.05:
                changes["cue"] = None
        copied.append(Mark(**{**mark.__dict__, **changes}))
    if rng.random() < 0.3:
        start = rng.randint(0, base[-1].end)
        copied.append(Mark("entity", rng.choice(LABELS), start, start + rng.randint(3, 15)))
    return copied


def layers(annotators: int, documents: int, marks: int, seed: int = 14) -> Layers:
    """Random, realistic layers: each annotator marked about nine documents in ten done."""
    rng = random.Random(seed)
    names = [f"annotator{n + 1}" for n in range(annotators)]
    made: Layers = {name: {} for name in names}
    for document in range(1, documents + 1):
        base = _base(rng, rng.randint(marks * 3 // 4, marks * 5 // 4))
        for name in names:
            if rng.random() < 0.9:
                made[name][document] = _copy(rng, base)
    return made


def bare(made: Layers) -> int:
    """Visits every mark of every pair's shared documents once: the floor of a pairwise comparison."""
    visited = 0
    for a, b in combinations(sorted(made), 2):
        for document in made[a].keys() & made[b].keys():
            for mark in made[a][document]:
                visited += mark.start
            for mark in made[b][document]:
                visited += mark.end
    return visited


def measure(annotators: int, documents: int, marks: int) -> list[Row]:
    made = layers(annotators, documents, marks)
    total = sum(len(spans) for layer in made.values() for spans in layer.values())
    titles = {document: f"Document {document}" for document in range(1, documents + 1)}
    baseline, _ = timed(lambda: bare(made))
    clock, report = timed(lambda: agreement_report(made, titles))
    pair = report["pairs"][0]  # type: ignore[index]
    print(
        f"{annotators} annotators x {documents:,} documents, {total:,} marks: "
        f"{clock.wall:.2f} s (CPU {clock.cpu:.2f} s), {documents / clock.wall:,.0f} documents/s; "
        f"bare pass {baseline.wall:.2f} s. First pair: entities overlap F1 "
        f"{pair['entities']['overlap']['f1']:.3f}, stance kappa {pair['stance']['kappa']:.3f}, "
        f"stance alpha {report['stance_alpha']['alpha']:.3f}",  # type: ignore[index]
        file=sys.stderr,
    )
    figure = f"agreement, {annotators} annotators x {documents:,} documents"
    return [
        Row(figure, clock.wall, "s", baseline.wall, target=10.0, cpu=clock.cpu),
        Row(f"{figure}, documents/s", documents / clock.wall, "documents/s", higher=True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotators", type=int, default=5)
    parser.add_argument("--docs", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--marks", type=int, default=20, help="marks per document, on average (default 20)")
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    emit(measure(args.annotators, args.docs, args.marks), args.json)


if __name__ == "__main__":
    main()
