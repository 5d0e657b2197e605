"""Import, export and stats speed on a large project, each against a bare baseline in the same run.

The corpus (Wikinews articles as JSONL) is repeated until there are ``--docs``
documents, each made unique by a counter line, and written to a temp file.
Then, timed:

- import of that file without suggestions, vs a bare sqlite3 loop inserting the
  same rows (json.loads + INSERT, one transaction, sqlite3 defaults);
- export to JSONL, vs a bare loop writing json.dumps of the same records (the
  lines the export produced, each parsed back outside the timed part);
- ``annotator stats`` on the project, called in-process and run as a subprocess,
  vs the same counts queried with bare sqlite3 (in-process, and as ``python -c``).

Ratio is value / baseline: for documents/s below 1 means slower than the
baseline, for seconds above 1 does.

Run from the repository root: ``.venv/bin/python benchmarks/bench_import_export.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.exporting import export_jsonl
from annotator.importing import import_paths
from annotator.store import Project

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"
TARGETS = {"import": 2000.0, "export": 5000.0, "stats": 1.0}


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``work`` took, and what it returned."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def write_input(corpus: Path, count: int, out: Path) -> None:
    """``count`` unique JSONL records made from the corpus, repeated as often as needed."""
    articles = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as stream:
        for number in range(count):
            article = articles[number % len(articles)]
            record = {"text": f"{article['text']}\n\nCopy {number}", "meta": article.get("meta", {})}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def bare_insert(source: Path, database: Path) -> int:
    """The floor for import: parse each line and INSERT it, nothing else."""
    conn = sqlite3.connect(database)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT, title TEXT, meta TEXT)")
    count = 0
    with conn, source.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            meta = record.get("meta", {})
            conn.execute(
                "INSERT INTO documents (text, title, meta) VALUES (?, ?, ?)",
                (record["text"], meta.get("title", ""), json.dumps(meta)),
            )
            count += 1
    conn.close()
    return count


def bare_dumps(exported: Path, out: Path) -> float:
    """The floor for export: seconds spent writing json.dumps of each exported record, nothing else.

    Records are parsed back one at a time outside the timed part, so that
    memory holds one record, not all of them.
    """
    seconds = 0.0
    with exported.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as stream:
        for line in source:
            record = json.loads(line)
            start = time.perf_counter()
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            seconds += time.perf_counter() - start
    return seconds


# The floor for stats: the same GROUP BY counts with nothing but sqlite3.
STATS_QUERIES = (
    "SELECT status, count(*) FROM documents GROUP BY status",
    "SELECT kind, status, count(*) FROM spans GROUP BY kind, status",
    "SELECT label, count(*) FROM spans WHERE kind = 'entity' AND status = 'accepted' GROUP BY label",
    "SELECT stance, count(*) FROM spans WHERE stance IS NOT NULL GROUP BY stance",
    "SELECT count(*) FROM relations",
)
BARE_STATS_SCRIPT = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1])\n"
    f"for query in {STATS_QUERIES!r}:\n"
    "    print(conn.execute(query).fetchall())\n"
)


def best_run(command: list[str], runs: int = 3) -> float:
    """Best wall time of a subprocess (interpreter start included) over ``runs`` runs."""
    best = float("inf")
    for _ in range(runs):
        seconds, done = timed(lambda: subprocess.run(command, capture_output=True, check=False))
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command[:4])} failed:\n{done.stderr.decode()}")
        best = min(best, seconds)
    return best


def bare_stats(database: Path) -> None:
    """The counts ``stats`` reports, queried with nothing but sqlite3."""
    conn = sqlite3.connect(database)
    for query in STATS_QUERIES:
        conn.execute(query).fetchall()
    conn.close()


def measure(corpus: Path, count: int, folder: Path) -> list[tuple[str, float, float | None]]:
    """Rows of (figure, value, baseline value)."""
    source = folder / "input.jsonl"
    write_input(corpus, count, source)
    rows: list[tuple[str, float, float | None]] = []

    with Project.open(folder / "bench.annotator", annotator="bench") as project:
        seconds, report = timed(lambda: import_paths(project, [source]))
        if report.imported != count:
            raise SystemExit(f"expected {count} new documents, got: {report.summary()}")
        base_seconds, _ = timed(lambda: bare_insert(source, folder / "bare.sqlite"))
        rows.append(("import, documents/s (no suggestions)", count / seconds, count / base_seconds))

        out = folder / "export.jsonl"
        seconds, exported = timed(lambda: export_jsonl(project, out))
        if exported.documents != count:
            raise SystemExit(f"expected {count} exported documents, got: {exported.summary()}")
        base_seconds = bare_dumps(out, folder / "bare.jsonl")
        rows.append(("export JSONL, documents/s", count / seconds, count / base_seconds))

        seconds, _ = timed(project.stats)
        base_seconds, _ = timed(lambda: bare_stats(project.path))
        rows.append(("stats in-process, s", seconds, base_seconds))
    path = str(folder / "bench.annotator")
    rows.append(
        (
            "annotator stats subprocess, s",
            best_run([sys.executable, "-m", "annotator", "stats", path]),
            best_run([sys.executable, "-c", BARE_STATS_SCRIPT, path]),
        )
    )
    return rows


def number(value: float) -> str:
    return f"{value:10.1f}" if value >= 10 else f"{value:10.3f}"


def table(rows: list[tuple[str, float, float | None]]) -> str:
    """Aligned plain-text table with the machine in the last column; ratio is value / baseline."""
    machine = f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    lines = [f"{'figure':<38} {'value':>10} {'baseline':>10} {'ratio':>7}  machine"]
    for figure, value, baseline in rows:
        base = number(baseline) if baseline is not None else f"{'-':>10}"
        ratio = f"{value / baseline:7.2f}" if baseline else f"{'-':>7}"
        lines.append(f"{figure:<38} {number(value)} {base} {ratio}  {machine}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to import (default 10000)")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL with a text field per line"
    )
    args = parser.parse_args()
    if not args.corpus.is_file():
        parser.error(f"no corpus at {args.corpus}; pass --corpus FILE.jsonl")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        rows = measure(args.corpus, args.docs, Path(folder))
    print(f"{args.docs} documents from {args.corpus.name}")
    print(table(rows))
    print(
        f"targets: import >= {TARGETS['import']:.0f} documents/s, export >= {TARGETS['export']:.0f}"
        f" documents/s, stats < {TARGETS['stats']:.0f} s"
    )


if __name__ == "__main__":
    main()
