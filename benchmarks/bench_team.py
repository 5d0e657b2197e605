"""Several annotators at scale: merging their files and measuring their agreement (issue 14).

    python -m benchmarks.bench_team [--docs 10000] [--annotators 5] [--json]

Builds ``--annotators`` annotator files of ``--docs`` generated documents each (about 20
accepted entities and quotes per document, marked done; the annotators copy one base set
with noise, so they agree on most spans), kept under ``/tmp/annotator-bench/`` keyed by
size. Measured in this process:

- ``merge``: every file merged into a new project, documents per second (goal: 2,000/s),
  against copying the same rows with bare ``INSERT ... SELECT`` between attached SQLite
  files (the least a merge could cost);
- ``agreement``: reading the layers and computing the whole report, pairs in a process per CPU as
  ``annotator agreement`` does (goal: under 10 s);
- a second merge of the same files (nothing changed: should be instant).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.agreement.report import agreement_report
from annotator.store import Project
from annotator.team.marks import layer_marks
from annotator.team.merge import merge_file
from benchmarks.rows import Row, emit

WORDS = [
    "the",
    "council",
    "said",
    "bridge",
    "toll",
    "mayor",
    "would",
    "open",
    "in",
    "may",
    "workers",
    "union",
    "called",
    "plan",
    "waste",
    "harbour",
]
LABELS = ["PERSON", "ORG", "GPE", "NORP"]
STANCES = ["favor", "against", "neutral", "unclear"]


def _text(rng: random.Random, number: int) -> str:
    words = [rng.choice(WORDS) for _ in range(180)]
    return f"Document {number}. " + " ".join(words) + "."


def _base_spans(rng: random.Random, text: str) -> list[tuple[str, str, int, int, str]]:
    """About 20 non-overlapping spans: (kind, label, start, end, stance)."""
    spans = []
    position = 12
    while position < len(text) - 40 and len(spans) < 20:
        start = text.find(" ", position + rng.randint(5, 30)) + 1
        end = text.find(" ", start + rng.randint(3, 25))
        if start <= 0 or end <= start:
            break
        kind = "quote" if rng.random() < 0.2 else "entity"
        label = "QUOTE" if kind == "quote" else rng.choice(LABELS)
        spans.append((kind, label, start, end, rng.choice(STANCES)))
        position = end
    return spans


def build(folder: Path, documents: int, annotators: int) -> list[Path]:
    """The annotators' files (made once per size, then reused)."""
    paths = [folder / f"annotator{number}.annotator" for number in range(annotators)]
    if all(path.exists() for path in paths):
        return paths
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(14)
    texts = [_text(rng, number) for number in range(documents)]
    base = [_base_spans(rng, text) for text in texts]
    for number, path in enumerate(paths):
        noise = random.Random(number)
        with Project.open(path, annotator=f"annotator{number}") as project:
            project.set_owner(f"annotator{number}")
            placed = project.add_documents(
                {"text": text, "title": f"Document {i}"} for i, text in enumerate(texts)
            )
            with project.transaction():
                for (doc_id, _), spans in zip(placed, base, strict=True):
                    writer = project.suggestion_writer(doc_id, "bench", f"annotator{number}")
                    for kind, label, start, end, stance in spans:
                        if noise.random() < 0.05:
                            continue  # missed
                        if noise.random() < 0.05:
                            label = noise.choice(LABELS) if kind == "entity" else label
                        if noise.random() < 0.05:
                            end = end + 1
                        span = writer.add_span(
                            kind, start, end, label, {"type": "direct"} if kind == "quote" else {}
                        )
                        writer.conn.execute(
                            "UPDATE spans SET status = 'accepted', origin = 'human', stance = ? WHERE id = ?",
                            (stance if noise.random() > 0.1 else noise.choice(STANCES), span.id),
                        )
                    writer.flush()
                project.conn.execute("UPDATE documents SET status = 'done'")
    return paths


def bare_copy(paths: list[Path], target: Path) -> float:
    """Seconds to copy the same documents and span rows between files with plain SQL."""
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text, title, status)")
    conn.execute(
        "CREATE TABLE spans (id INTEGER PRIMARY KEY, layer, document_id, start, end, label, kind, stance)"
    )
    start = time.perf_counter()
    for number, path in enumerate(paths):
        conn.execute("ATTACH DATABASE ? AS source", (str(path),))
        with conn:
            if number == 0:
                conn.execute("INSERT INTO documents SELECT id, text, title, status FROM source.documents")
            conn.execute(
                "INSERT INTO spans (layer, document_id, start, end, label, kind, stance)"
                ' SELECT ?, document_id, start, "end", label, kind, stance FROM source.spans',
                (number,),
            )
        conn.execute("DETACH DATABASE source")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print rows for python -m benchmarks")
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / "annotator-bench" / f"team-{args.annotators}x{args.docs}"
    paths = build(folder, args.docs, args.annotators)
    total = args.docs * args.annotators
    with tempfile.TemporaryDirectory() as scratch:
        bare = bare_copy(paths, Path(scratch) / "bare.sqlite")
        target = Path(scratch) / "merged.annotator"
        with Project.open(target, annotator="lead") as project:
            start, cpu = time.perf_counter(), time.process_time()
            for path in paths:
                merge_file(project, path)
            merged, merged_cpu = time.perf_counter() - start, time.process_time() - cpu
            start = time.perf_counter()
            for path in paths:
                merge_file(project, path)
            again = time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            layers = layer_marks(project)
            titles = project.titles(range(1, args.docs + 1))
            report = agreement_report(layers, titles, processes=os.cpu_count() or 1)  # as the command does
            agreement, agreement_cpu = time.perf_counter() - start, time.process_time() - cpu
    pair = report["pairs"][0]
    print(
        f"{args.annotators} annotators x {args.docs} documents; first pair: entities overlap F1 "
        f"{pair['entities']['overlap']['f1']:.3f}, stance kappa {pair['stance']['kappa']:.3f}",
        file=sys.stderr,
    )
    emit(
        [
            Row("merge (documents/s)", total / merged, "docs/s", total / bare, 2000, higher=True),
            Row("merge (s)", merged, "s", bare, cpu=merged_cpu),
            Row("merge again, nothing changed (s)", again, "s"),
            Row("agreement over all layers (s)", agreement, "s", target=10, cpu=agreement_cpu),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
