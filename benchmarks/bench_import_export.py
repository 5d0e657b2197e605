"""Import, export and stats speed on a large project, each against a bare baseline in the same run.

The corpus (Wikinews articles as JSONL) is repeated until there are ``--docs``
documents, each made unique by a counter line, and written to a temp file.
Then, timed:

- import of that file without suggestions, vs a bare sqlite3 loop inserting the
  same rows (json.loads + INSERT, one transaction, sqlite3 defaults);
- export to JSONL, vs a bare loop writing json.dumps of the same records (the
  lines the export produced, each parsed back outside the timed part), and vs
  spaCy's tokenizer alone on the same texts (the export cannot beat it);
- export to ``.spacy``, vs building the same DocBin directly with spaCy
  (tokenizer, ``doc.ents`` from the accepted entities, the metadata as user
  data), each the best of two runs by wall clock and by CPU time, and the
  memory each holds at its peak;
- ``annotator stats`` on the project, called in-process and run as a subprocess,
  vs the same counts queried with bare sqlite3 (in-process, and as ``python -c``).

Ratio is value / baseline: for documents/s below 1 means slower than the
baseline, for seconds above 1 does.

Before the exports every document gets ``--spans`` accepted entities (default 10),
on capitalised words. Run from the repository root:
``.venv/bin/python -m benchmarks.bench_import_export [--docs N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.exporting import export_docbin, export_jsonl
from annotator.importing import import_paths
from annotator.store import Project
from benchmarks.rows import Row, emit, rss_mb

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"


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


def cpu_timed(work: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds ``work`` took."""
    start_cpu = time.process_time()
    seconds, _ = timed(work)
    return seconds, time.process_time() - start_cpu


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


def add_entities(project: Project, per_document: int) -> None:
    """``per_document`` accepted entities on each document's first capitalised words, one transaction."""
    labels = ("PERSON", "ORG", "GPE")
    with project.transaction():
        for document in project.documents():
            for n, word in enumerate(re.finditer(r"\b[A-Z][a-z]+\b", document.text)):
                if n == per_document:
                    break
                project.add_span(document.id, *word.span(), labels[n % 3], status="accepted", origin="human")


def bare_docbin(project: Project, out: Path) -> int:
    """The floor for ``.spacy``: spaCy's tokenizer, ``doc.ents`` and metadata, straight into a DocBin."""
    from spacy.tokens import DocBin

    from annotator.exporting.docbin import TOKEN_ATTRS
    from annotator.exporting.tokens import blank_pipeline

    nlp = blank_pipeline("en")
    docbin = DocBin(attrs=TOKEN_ATTRS, store_user_data=True)
    rows = project.conn.execute(
        'SELECT d.id, d.text, d.meta, json_group_array(json_array(s.start, s."end", s.label))'
        " FROM documents d LEFT JOIN spans s ON s.document_id = d.id AND s.status = 'accepted'"
        " GROUP BY d.id ORDER BY d.id"
    )
    for _id, text, meta, spans in rows:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(start, end, label) for start, end, label in json.loads(spans) if label]
        doc.ents = [ent for ent in ents if ent is not None]
        doc.user_data["meta"] = json.loads(meta)
        docbin.add(doc)
    out.write_bytes(docbin.to_bytes())
    return len(docbin)


class PeakMemory:
    """The most resident memory this process grew by while the block ran (sampled every 20 ms), in MB."""

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = rss_mb()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())

    @property
    def grown(self) -> float:
        return self.peak - self.start


def tokenize_only(project: Project) -> float:
    """Seconds spaCy's tokenizer takes over every text of the project (texts read first)."""
    from annotator.exporting.tokens import blank_pipeline

    nlp = blank_pipeline("en")
    texts = [row[0] for row in project.conn.execute("SELECT text FROM documents ORDER BY id")]
    seconds, _ = timed(lambda: [len(nlp.make_doc(text)) for text in texts])
    return seconds


def measure(corpus: Path, count: int, spans: int, folder: Path) -> list[Row]:
    """The rows of the table."""
    source = folder / "input.jsonl"
    write_input(corpus, count, source)
    rows: list[Row] = []

    with Project.open(folder / "bench.annotator", annotator="bench") as project:
        seconds, report = timed(lambda: import_paths(project, [source]))
        if report.imported != count:
            raise SystemExit(f"expected {count} new documents, got: {report.summary()}")
        base_seconds, _ = timed(lambda: bare_insert(source, folder / "bare.sqlite"))
        rows.append(
            Row("import, documents/s (no suggestions)", count / seconds, "docs/s", count / base_seconds)
        )
        add_entities(project, spans)
        blank = tokenize_only(project)  # also warms the tokenizer's cache for both exports

        out = folder / "export.jsonl"
        start_cpu = time.process_time()
        seconds, exported = timed(lambda: export_jsonl(project, out))
        cpu = time.process_time() - start_cpu
        if exported.documents != count:
            raise SystemExit(f"expected {count} exported documents, got: {exported.summary()}")
        base_seconds = bare_dumps(out, folder / "bare.jsonl")
        name = f"export JSONL, {count:,} documents"
        rows.append(
            Row(f"{name} (vs json.dumps)", count / seconds, "docs/s", count / base_seconds, 5000, True)
        )
        rows.append(Row(f"{name} (vs tokenizer)", count / seconds, "docs/s", count / blank, 5000, True))
        rows.append(Row(f"{name}, by CPU time", count / cpu, "docs/s", None, 5000, True))

        # Ours, bare, bare, ours: each side's best of two, so that a burst of load elsewhere
        # does not decide the ratio. Memory is that of the first run of each.
        with PeakMemory() as memory:
            ours = [cpu_timed(lambda: export_docbin(project, folder / "export.spacy"))]
        with PeakMemory() as bare_memory:
            bare = [cpu_timed(lambda: bare_docbin(project, folder / "bare.spacy"))]
        bare.append(cpu_timed(lambda: bare_docbin(project, folder / "bare.spacy")))
        ours.append(cpu_timed(lambda: export_docbin(project, folder / "export.spacy")))
        name = f"export .spacy, {count:,} documents"
        for label, pick in (("", 0), (", by CPU time", 1)):
            value, base = count / min(t[pick] for t in ours), count / min(t[pick] for t in bare)
            rows.append(Row(f"{name}{label}", value, "docs/s", base, 0.8 * base, True))
        rows.append(Row(f"{name}, peak memory", memory.grown, "MB", bare_memory.grown))

        seconds, _ = timed(project.stats)
        base_seconds, _ = timed(lambda: bare_stats(project.path))
        rows.append(Row("stats in-process", seconds * 1000, "ms", base_seconds * 1000))
    path = str(folder / "bench.annotator")
    rows.append(
        Row(
            "annotator stats command",
            best_run([sys.executable, "-m", "annotator", "stats", path]) * 1000,
            "ms",
            best_run([sys.executable, "-c", BARE_STATS_SCRIPT, path]) * 1000,
            1000,
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to import (default 10000)")
    parser.add_argument("--spans", type=int, default=10, help="accepted entities per document (default 10)")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL with a text field per line"
    )
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    if not args.corpus.is_file():
        parser.error(f"no corpus at {args.corpus}; pass --corpus FILE.jsonl")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        rows = measure(args.corpus, args.docs, args.spans, Path(folder))
    emit(rows, args.json)


if __name__ == "__main__":
    main()
