"""Throughput of the suggestion step against raw ``nlp.pipe``, and its memory over many documents.

    python benchmarks/bench_suggest.py [--limit N] [--chunk N] [--corpus PATH] [--json]
    python benchmarks/bench_suggest.py --memory 10000 [--truncate 600]

The first form times raw ``nlp.pipe`` of the default pipeline and
``suggest_documents`` (documents imported into a temporary project before the
clock starts) over the same articles, alternating chunk by chunk (and which
goes first) so that load from other processes falls on both alike. It prints
docs/s for both and their ratio (the goal is >= 0.8), by wall clock and by
process CPU time (which a busy machine disturbs less, but which leaves out
waiting for the disk); ``--json`` prints them as rows for ``python -m benchmarks``.

The second form suggests ``--memory`` documents (corpus articles cycled, each
made unique with a byline of never-seen names, optionally cut to
``--truncate`` characters to keep the run short) and prints the process RSS
at intervals: flat means no leak.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.store import Project
from annotator.suggest import load_pipeline, suggest_documents
from benchmarks.rows import Row, emit, rss_mb

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"


def _texts(corpus: Path, limit: int | None) -> list[str]:
    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts[:limit] if limit else texts


def throughput(texts: list[str], chunk: int) -> list[Row]:
    """Rows for suggest_documents against raw nlp.pipe, by wall clock and by CPU time."""
    info = load_pipeline()
    print(f"pipeline: {info.name}; {len(texts)} documents in chunks of {chunk}", file=sys.stderr)
    wall = {"raw": 0.0, "suggest": 0.0}
    cpu = {"raw": 0.0, "suggest": 0.0}
    added = 0
    with tempfile.TemporaryDirectory() as folder:
        project = Project.open(Path(folder) / "bench.annotator", annotator="bench")
        ids = [i for i, _ in project.add_documents({"text": text} for text in texts)]
        for _ in info.nlp.pipe(texts[:8]):  # warm up, untimed
            pass
        for number, offset in enumerate(range(0, len(texts), chunk)):
            order = ("raw", "suggest") if number % 2 == 0 else ("suggest", "raw")
            for step in order:
                start, start_cpu = time.perf_counter(), time.process_time()
                if step == "raw":
                    for _ in info.nlp.pipe(texts[offset : offset + chunk], batch_size=32):
                        pass
                else:
                    added += suggest_documents(project, ids[offset : offset + chunk]).spans_added
                wall[step] += time.perf_counter() - start
                cpu[step] += time.process_time() - start_cpu
        project.close()
    print(f"{added} spans added", file=sys.stderr)
    rows = []
    for label, seconds in (("", wall), (", by CPU time", cpu)):
        raw, suggest = len(texts) / seconds["raw"], len(texts) / seconds["suggest"]
        figure = f"suggest {len(texts)} articles (vs raw nlp.pipe){label}"
        rows.append(Row(figure, suggest, "docs/s", raw, 0.8 * raw, higher=True))
    return rows


def memory(texts: list[str], total: int, truncate: int | None) -> None:
    info = load_pipeline()
    print(
        f"pipeline: {info.name}; {total} documents" + (f", cut to {truncate} characters" if truncate else "")
    )
    with tempfile.TemporaryDirectory() as folder:
        project = Project.open(Path(folder) / "memory.annotator", annotator="bench")
        project.add_documents(
            {"text": f"{texts[i % len(texts)][:truncate]}\n\nFiled by Kel{i}var Umb{i}ra in Port{i}ville."}
            for i in range(total)
        )
        step = max(1, total // 20)
        start = time.perf_counter()

        def progress(done: int, _total: int) -> None:
            if done % step == 0:
                print(
                    f"{done:>7} documents  RSS {rss_mb():8.1f} MB  {time.perf_counter() - start:7.1f} s",
                    flush=True,
                )

        report = suggest_documents(project, progress=progress)
        project.close()
    print(f"done: {report.documents} documents, {report.spans_added} spans")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument("--chunk", type=int, default=16, help="documents per alternating chunk")
    parser.add_argument("--memory", type=int, metavar="N", help="suggest N documents and report RSS")
    parser.add_argument("--truncate", type=int, metavar="CHARS", help="cut each article (with --memory)")
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    texts = _texts(args.corpus, args.limit)
    if args.memory:
        memory(texts, args.memory, args.truncate)
    else:
        emit(throughput(texts, args.chunk), args.json)


if __name__ == "__main__":
    main()
