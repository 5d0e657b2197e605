"""What ``annotator train`` costs on a 295-document project (issue 15: "under a minute on 300 documents").

    .venv/bin/python -m benchmarks.bench_train [--limit 295] [--seed 0] [--curve]

The project is the entity scenario of :mod:`benchmarks.bench_entities_scenario` (Wikinews articles
read at run time, rule-made entities accepted, every article marked done), plus, so that the stance
model has about as many decisions as a real project would, every sentence that says "said" or
"told" (a reported quote, roughly) as an accepted quote with a stance drawn at random (favor or
against; the seed fixes it). Random stances make the stance model's scores meaningless (about
0.5): this script measures time, not quality (see ``bench_stance_argkp.py`` for that).

It times :func:`annotator.learning.training.train_project` (both models, saved into the project,
as ``annotator train`` runs it) and, as a baseline in the same run, the stock pipeline's
``nlp.pipe`` over the same texts: the ratio says what training costs in "passes of the pipeline".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.learning.training import train_project
from annotator.store import Project
from annotator.suggest import load_pipeline
from annotator.trained import ENTITIES, STANCE
from benchmarks.bench_entities_scenario import CORPUS, build_project

_SAID = re.compile(r"[^\n.!?]{0,300}\b(?:said|told)\b[^\n.!?]{0,300}[.!?]")


def add_stance_quotes(path: Path, seed: int) -> int:
    """Each sentence with "said" or "told" becomes an accepted quote with a random stance; how many."""
    draw = random.Random(seed)
    count = 0
    with Project.open(path, annotator="scenario") as project:
        for doc_id in project.document_ids():
            text = project.document(doc_id).text
            with project.transaction():
                for found in _SAID.finditer(text):
                    start, end = found.start() + len(found.group()) - len(found.group().lstrip()), found.end()
                    stance = draw.choice(("favor", "against"))
                    project.add_span(doc_id, start, end, "QUOTE", kind="quote", stance=stance)
                    count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=295)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--curve", action="store_true", help="Also the entity learning curve.")
    args = parser.parse_args()
    with CORPUS.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.limit]
    base = load_pipeline().nlp
    started = time.perf_counter()
    for _ in base.pipe(texts, batch_size=16):
        pass
    baseline = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.annotator"
        entities = build_project(path, texts)
        quotes = add_stance_quotes(path, args.seed)
        print(
            f"{len(texts)} articles marked done: {entities} accepted entities, {quotes} quotes with a stance"
        )
        phases: list[tuple[str, float]] = []
        with Project.open(path, annotator="scenario") as project:
            started = time.perf_counter()
            cpu = time.process_time()
            report = train_project(
                project,
                base,
                seed=args.seed,
                entity_curve=args.curve,
                step=lambda text: phases.append((text, time.perf_counter())),
            )
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            sizes = {kind: len(stored.data) for kind in (ENTITIES, STANCE) if (stored := project.model(kind))}
    assert not report.problems, report.problems
    ends = [moment for _, moment in phases[1:]] + [started + wall]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"baseline: stock nlp.pipe over the same {len(texts)} texts: {baseline:.1f} s")
    for (text, begun), ended in zip(phases, ends, strict=True):
        print(f"  {text}: {ended - begun:.1f} s")
    print(
        f"train_project (both models, saved): {wall:.1f} s wall, {cpu:.1f} s CPU of this process, "
        f"{wall / baseline:.1f} x the baseline"
    )
    print("stored model sizes: " + ", ".join(f"{kind} {size / 1e6:.1f} MB" for kind, size in sizes.items()))


if __name__ == "__main__":
    main()
