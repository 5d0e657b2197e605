"""Import, export and stats speed on a large project, each against a bare baseline in the same run.

The corpus (Wikinews articles as JSONL) is repeated until there are ``--docs``
documents, each made unique by a counter line. Timed:

- import without suggestions of at most 10,000 of them into a new project, vs a
  bare sqlite3 loop inserting the same rows (json.loads + INSERT, one
  transaction, sqlite3 defaults);
- on a project of all ``--docs`` documents with ``--spans`` accepted entities
  each (built once and kept under /tmp/annotator-bench/): export to JSONL
  without tokens, in one process and in several, vs a bare loop writing
  json.dumps of the same records (the lines the export produced, each parsed
  back outside the timed part);
- on its first ``--sample`` documents: export to JSONL with tokens, vs the same
  json.dumps loop and spaCy's tokenizer alone (the export cannot beat it); and
  export to ``.spacy``, as one file and as a folder of shards, vs building the
  same DocBin directly with spaCy (tokenizer, ``doc.ents`` from the accepted
  entities, the metadata as user data), best of two runs by wall clock and by
  CPU time, with the memory each holds at its peak;
- ``annotator stats`` on the project, called in-process and run as a subprocess,
  vs the same counts queried with bare sqlite3 (in-process, and as ``python -c``).

Ratio is value / baseline: for documents/s below 1 means slower than the
baseline, for milliseconds above 1 does. With several processes only the wall
clock is given (the CPU column counts one process). Run from the repository root:
``.venv/bin/python -m benchmarks.bench_import_export [--docs N] [--sample N] [--json]``.
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
from annotator.exporting.running import auto_processes
from annotator.importing import import_paths
from annotator.store import Project
from benchmarks.rows import Clock, Row, emit, rss_mb, timer

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"
CACHE = Path("/tmp/annotator-bench")
# The import is timed on a new project of at most this many documents (issue 2's figure).
IMPORT_DOCS = 10_000


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


def bare_docbin(project: Project, out: Path, sample: int) -> int:
    """The floor for ``.spacy``: spaCy's tokenizer, ``doc.ents`` and metadata, straight into a DocBin."""
    from spacy.tokens import DocBin

    from annotator.exporting.docbin import TOKEN_ATTRS
    from annotator.exporting.tokens import blank_pipeline

    nlp = blank_pipeline("en")
    docbin = DocBin(attrs=TOKEN_ATTRS, store_user_data=True)
    rows = project.conn.execute(
        'SELECT d.id, d.text, d.meta, json_group_array(json_array(s.start, s."end", s.label))'
        " FROM documents d LEFT JOIN spans s ON s.document_id = d.id AND s.status = 'accepted'"
        " WHERE d.id <= ? GROUP BY d.id ORDER BY d.id",
        (sample,),
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


def tokenize_only(project: Project, sample: int) -> float:
    """Seconds spaCy's tokenizer takes over the first ``sample`` texts of the project (texts read first)."""
    from annotator.exporting.tokens import blank_pipeline

    nlp = blank_pipeline("en")
    texts = [row[0] for row in project.conn.execute("SELECT text FROM documents WHERE id <= ?", (sample,))]
    seconds, _ = timed(lambda: [len(nlp.make_doc(text)) for text in texts])
    return seconds


def import_rows(corpus: Path, count: int, folder: Path) -> list[Row]:
    """Import ``count`` documents into a new project, vs the bare sqlite3 loop."""
    source = folder / "input.jsonl"
    write_input(corpus, count, source)
    with Project.open(folder / "import.annotator", annotator="bench") as project:
        seconds, report = timed(lambda: import_paths(project, [source]))
    if report.imported != count:
        raise SystemExit(f"expected {count} new documents, got: {report.summary()}")
    base_seconds, _ = timed(lambda: bare_insert(source, folder / "bare.sqlite"))
    source.unlink()
    return [Row(f"import {count:,} documents, documents/s (no suggestions)", count / seconds, "docs/s",
                count / base_seconds)]  # fmt: skip


def export_project(corpus: Path, count: int, spans: int, sample: int) -> Path:
    """The cached project the exports read: ``count`` documents with ``spans`` accepted entities
    each, the first ``sample`` marked done (the tokenised exports take only those)."""
    path = CACHE / f"export-{count}-{spans}-{sample}.annotator"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    for stale in CACHE.glob(building.name + "*"):
        stale.unlink()
    source = CACHE / "export-input.jsonl"
    write_input(corpus, count, source)
    with Project.open(building, annotator="bench") as project:
        import_paths(project, [source])
        add_entities(project, spans)
        with project.transaction():
            project.conn.execute("UPDATE documents SET status = 'done' WHERE id <= ?", (sample,))
    source.unlink()
    building.rename(path)
    return path


def auto(count: int, tokens: bool) -> int:
    """The processes ``annotator export`` would choose (at least two, to measure them)."""
    return max(2, auto_processes(count, tokens))


def speed_row(
    name: str, documents: int, clock: Clock, baseline: float, processes: int, target: float | None
) -> Row:
    """Documents/s by wall clock; by CPU time too when one process did all the work."""
    cpu = documents / clock.cpu if processes == 1 else None
    return Row(name, documents / clock.wall, "docs/s", baseline, target, True, cpu)


def jsonl_rows(project: Project, count: int, sample: int, folder: Path) -> list[Row]:
    """JSONL without tokens over every document and with tokens over the sample, vs json.dumps."""
    rows = []
    out = folder / "export.jsonl"
    bare = None
    for processes in (1, auto(count, False)):
        with timer() as clock:
            exported = export_jsonl(project, out, tokens=False, processes=processes)
        if exported.documents != count:
            raise SystemExit(f"expected {count} exported documents, got: {exported.summary()}")
        bare = bare or count / bare_dumps(out, folder / "bare.jsonl")
        name = f"export JSONL, no tokens, {count:,} documents, {processes} process(es)"
        rows.append(speed_row(name, count, clock, bare, processes, 5000))
    tokenizer = sample / tokenize_only(project, sample)  # also warms the tokenizer's cache for the exports
    for processes in (1, auto(sample, True)):
        with timer() as clock:
            export_jsonl(project, out, done_only=True, processes=processes)
        if processes == 1:
            bare = sample / bare_dumps(out, folder / "bare.jsonl")
            rows.append(Row(f"spaCy's tokenizer alone, {sample:,} documents", tokenizer, "docs/s", bare))
        name = f"export JSONL with tokens, {sample:,} documents, {processes} process(es)"
        rows.append(speed_row(name, sample, clock, bare, processes, None))
    out.unlink()
    return rows


def docbin_rows(project: Project, sample: int, folder: Path) -> list[Row]:
    """``.spacy`` over the sample: one file and a folder of shards, vs a bare DocBin; and their memory."""
    rows = []
    # Ours, bare, bare, ours: each side's best of two, so that a burst of load elsewhere
    # does not decide the ratio. Memory is that of the first run of each.
    with PeakMemory() as memory:
        ours = [cpu_timed(lambda: export_docbin(project, folder / "export.spacy", done_only=True))]
    with PeakMemory() as bare_memory:
        bare = [cpu_timed(lambda: bare_docbin(project, folder / "bare.spacy", sample))]
    bare.append(cpu_timed(lambda: bare_docbin(project, folder / "bare.spacy", sample)))
    ours.append(cpu_timed(lambda: export_docbin(project, folder / "export.spacy", done_only=True)))
    name = f"export .spacy, {sample:,} documents"
    for label, pick in (("", 0), (", by CPU time", 1)):
        value, base = sample / min(t[pick] for t in ours), sample / min(t[pick] for t in bare)
        rows.append(Row(f"{name}, one file{label}", value, "docs/s", base, 0.8 * base, True))
    with PeakMemory() as folder_memory:
        export_docbin(project, folder / "corpus", done_only=True)
    processes = auto(sample, True)
    with timer() as clock:
        export_docbin(project, folder / "corpus", done_only=True, processes=processes)
    base = sample / min(t[0] for t in bare)
    rows.append(speed_row(f"{name}, folder of shards, {processes} processes", sample, clock, base, processes,
                          0.8 * base))  # fmt: skip
    rows.append(Row(f"{name}, one file, peak memory", memory.grown, "MB", bare_memory.grown))
    rows.append(Row(f"{name}, folder of shards, peak memory", folder_memory.grown, "MB", bare_memory.grown))
    return rows


def measure(corpus: Path, count: int, spans: int, sample: int, folder: Path) -> list[Row]:
    """The rows of the table."""
    rows = import_rows(corpus, min(count, IMPORT_DOCS), folder)
    path = export_project(corpus, count, spans, sample)
    with Project.open(path, annotator="bench") as project:
        rows += jsonl_rows(project, count, sample, folder)
        rows += docbin_rows(project, sample, folder)
        seconds, _ = timed(project.stats)
        base_seconds, _ = timed(lambda: bare_stats(project.path))
        rows.append(Row(f"stats in-process, {count:,} documents", seconds * 1000, "ms", base_seconds * 1000))
    rows.append(
        Row(
            f"annotator stats command, {count:,} documents",
            best_run([sys.executable, "-m", "annotator", "stats", str(path)]) * 1000,
            "ms",
            best_run([sys.executable, "-c", BARE_STATS_SCRIPT, str(path)]) * 1000,
            1000,
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to export (default 10000)")
    parser.add_argument(
        "--sample", type=int, default=2000, help="documents for the tokenised exports (default 2000)"
    )
    parser.add_argument("--spans", type=int, default=10, help="accepted entities per document (default 10)")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL with a text field per line"
    )
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    if not args.corpus.is_file():
        parser.error(f"no corpus at {args.corpus}; pass --corpus FILE.jsonl")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        rows = measure(args.corpus, args.docs, args.spans, min(args.sample, args.docs), Path(folder))
    emit(rows, args.json)


if __name__ == "__main__":
    main()
