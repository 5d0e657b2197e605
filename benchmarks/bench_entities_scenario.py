"""Entities before and after training on a project's own label scheme (issue 15): per-label P/R/F1 on dev.

    .venv/bin/python -m benchmarks.bench_entities_scenario [--limit 295] [--epochs N] [--seed 0]

The scenario: a newsroom project whose annotators use their own scheme on Wikinews
articles (read at run time from ``../shared/corpus/wikinews.jsonl``, CC BY 2.5; nothing of
it is copied into the repository):

* ``PERSON`` and ``ORG`` as spaCy suggests them (accepted as suggested);
* ``LOCATION`` for what spaCy calls ``GPE`` or ``LOC`` (a renamed label);
* ``OFFICIAL_TITLE``, a label the stock pipeline lacks: a title from :data:`TITLES`
  ("President", "Prime Minister", "Secretary of State", "mayor", "Foreign Minister"...)
  right before a PERSON, separated by one space, any case; when spaCy's PERSON starts with
  the title ("President Obama"), the title is cut off it and the rest stays PERSON.
  A title overlapping another entity wins over it.

THE GOLD IS MADE BY THESE RULES, NOT BY PEOPLE: the stock pipeline's own predictions,
renamed and with titles marked by a regular expression. It stands in for annotators who
decide consistently. So the stock pipeline scores about 1.0 on PERSON and ORG by
construction (the figure to watch there is what training keeps), 0 on LOCATION and
OFFICIAL_TITLE (it lacks them), and the trained model is scored on learning the rules.

Every article is marked done in a project under /tmp; ``train_and_score`` holds out 20 %
as dev, trains, and the script prints both tables, the training time (wall and CPU of
this process) and the size of the stored model.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.learning.entities import entity_pipeline, train_and_score, without_overlaps
from annotator.learning.entities_scores import Entity, predicted_entities
from annotator.store import Project
from annotator.suggest import load_pipeline
from annotator.trained import ENTITIES, from_stored, to_stored

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"
TITLES = (
    r"(?:(?:Vice|Deputy|Acting|Interim|Former|former)[ -])?"
    r"(?:President|Prime Minister|Premier|Chancellor|Secretary of State|Secretary-General|"
    r"Attorney General|(?:[A-Z][a-z]+ )?Minister|Mayor|Governor|Senator|King|Queen|Pope|Ambassador|"
    r"Chairman|Chairwoman|Commissioner|Sheriff|Chief Executive|CEO|Representative|Congressman|"
    r"Congresswoman)"
)
_TITLE = re.compile(rf"\b{TITLES}\b", re.IGNORECASE)
RENAMED = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION"}


def scenario_entities(text: str, stock: list[Entity]) -> list[Entity]:
    """The rule-made 'annotator decisions' for one article, from the stock pipeline's entities."""
    entities: list[Entity] = []
    titles: list[Entity] = []
    person_starts = {start for start, _, label in stock if label == "PERSON"}
    for start, end, label in stock:
        if label not in RENAMED:
            continue
        if (
            label == "PERSON"
            and (match := _TITLE.match(text, start, end))
            and text[match.end() : match.end() + 1] == " "
        ):
            titles.append((start, match.end(), "OFFICIAL_TITLE"))
            start = match.end() + 1
            if start >= end:
                continue
        entities.append((start, end, RENAMED[label]))
    for match in _TITLE.finditer(text):
        if match.end() + 1 in person_starts and text[match.end()] == " ":
            titles.append((match.start(), match.end(), "OFFICIAL_TITLE"))
    kept = [e for e in entities if all(e[1] <= s or t <= e[0] for s, t, _ in titles)]
    return without_overlaps([*titles, *kept])[0]


def build_project(path: Path, texts: list[str]) -> int:
    """A project of ``texts``, each marked done with its scenario entities accepted; returns how many."""
    stock = entity_pipeline(load_pipeline().nlp)
    count = 0
    with Project.open(path, annotator="scenario") as project:
        ids = [doc_id for doc_id, _ in project.add_documents({"text": text} for text in texts)]
        for doc_id, text, found in zip(ids, texts, predicted_entities(stock, texts), strict=True):
            with project.transaction():
                for start, end, label in scenario_entities(text, found):
                    project.add_span(doc_id, start, end, label, kind="entity", status="accepted")
                    count += 1
                project.set_document_status(doc_id, "done")
    return count


def table(scores: dict[str, Any]) -> str:
    """Per-label P/R/F1, stock and trained side by side."""
    lines = [f"{'label':16} {'gold':>5}   {'stock P/R/F1':>20}   {'trained P/R/F1':>20}"]
    stock, trained = scores["stock"], scores["trained"]
    for label in [*scores["labels"], "micro"]:
        before = stock["micro"] if label == "micro" else stock["labels"][label]
        after = trained["micro"] if label == "micro" else trained["labels"][label]
        lines.append(
            f"{label:16} {before['gold']:>5}   "
            f"{before['p']:.2f} / {before['r']:.2f} / {before['f']:.2f}     "
            f"{after['p']:.2f} / {after['r']:.2f} / {after['f']:.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=295)
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.limit]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.annotator"
        spans = build_project(path, texts)
        print(f"{len(texts)} articles marked done, {spans} rule-made accepted entities (NOT human gold)")
        base = load_pipeline().nlp
        extra = {} if args.epochs is None else {"epochs": args.epochs}
        with Project.open(path, annotator="scenario") as project:
            started_cpu = time.process_time()
            result = train_and_score(
                project,
                base,
                seed=args.seed,
                progress=lambda done, total: done % 50 or print(f"  step {done}/{total}", file=sys.stderr),
                **extra,
            )
            cpu = time.process_time() - started_cpu
            version, config, data = to_stored(result.nlp)
            project.save_model(
                ENTITIES,
                spacy_version=version,
                config=config,
                data=data,
                scores=result.scores,
                decisions=spans,
            )
            stored = project.model(ENTITIES)
        assert stored is not None
        again = from_stored(stored)
    scores = result.scores
    print(
        f"train {scores['train_docs']} documents, dev {scores['dev_docs']}; new labels {scores['new_labels']}"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"rehearsed {scores['rehearsed_labels']}; renamed (not rehearsed) {scores['renamed_labels']}")
    print(table(scores))
    timings = scores["timings"]
    print(
        f"train_and_score: {scores['seconds']} s wall, {cpu:.1f} s CPU "
        f"(of it training {timings['train']} s wall); model {len(data):,} bytes"
    )
    print(f"reloaded from the project file: {again.pipe_names}, labels {len(again.get_pipe('ner').labels)}")
    print("Gold made by rules from the stock pipeline's output (see the docstring), not by annotators.")


if __name__ == "__main__":
    main()
