"""Big projects and start-up: the window on 100,000 documents, its document list, memory, ``annotator stats``.

    python -m benchmarks.bench_big [--docs 100000] [--json]

The project (corpus articles repeated until there are ``--docs`` documents, each
made unique by a ``Copy N`` line, stored with ``Project.add_documents`` in
batches) is built once and kept under ``/tmp/annotator-bench/`` keyed by its
size; later runs reuse it. Measured, each in a fresh process:

- start-up to a usable window (window shown and painted, first document open,
  spaCy pipeline loading in the pipeline service process) on the big project and on a small one, from
  launching Python to the first paint, against a bare PySide6 window with a
  table started the same way;
- how long the spaCy pipeline then takes to load behind the window, and a filter change made while
  it loads;
- in that window, once the pipeline has loaded: scrolling the document list, filtering it by status and
  searching it (one word, two words), each until repainted; search against the
  bare full-text query it runs (``Project.search_document_ids``);
- resident memory after all of that, against the bare PySide6 window, and that of the pipeline
  service (the child process that holds spaCy);
- ``annotator stats`` as a command (best of three, interpreter start included)
  against the same counts with bare sqlite3 in ``python -c``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.rows import Row, emit, rss_mb, timer

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"
CACHE = Path(tempfile.gettempdir()) / "annotator-bench"
BATCH = 5000
READY = "READY"

# A window like the annotator's, with nothing of the annotator: the floor for start-up and memory.
BARE_WINDOW = f"""
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
splitter = QSplitter()
splitter.addWidget(QTableView())
splitter.addWidget(QPlainTextEdit("text"))
window.setCentralWidget(splitter)
window.resize(1366, 768)
window.show()
app.processEvents()
import resource, time
usage = resource.getrusage(resource.RUSAGE_SELF)
print("{READY}", usage.ru_utime + usage.ru_stime, flush=True)
with open("/proc/self/status") as status:
    print("RSS", next(int(l.split()[1]) / 1024 for l in status if l.startswith("VmRSS")), flush=True)
"""


def project_path(docs: int) -> Path:
    """The cached project with ``docs`` documents, built on first use."""
    from annotator.store import Project

    path = CACHE / f"big-{docs}.annotator"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    articles = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    with Project.open(partial, annotator="bench") as project:
        for offset in range(0, docs, BATCH):
            project.add_documents(
                {
                    "text": f"{article['text']}\n\nCopy {number}",
                    "title": article["meta"].get("title", ""),
                    "meta": article["meta"],
                }
                for number in range(offset, min(offset + BATCH, docs))
                for article in [articles[number % len(articles)]]
            )
    partial.rename(path)
    print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def launch(command: list[str], env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Seconds from launch to the READY line, the child's CPU seconds by then, and all its output lines."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    lines, ready, cpu = [], None, 0.0
    for line in child.stdout:
        if ready is None and line.startswith(READY):
            ready = time.perf_counter() - start
            cpu = float(line.split()[1])
        lines.append(line.rstrip("\n"))
    if child.wait() != 0 or ready is None:
        raise SystemExit(f"{' '.join(command[:4])} failed (exit {child.returncode})")
    return ready, cpu, lines


def best_run(command: list[str], runs: int = 3) -> float:
    """Best wall time of a command over ``runs`` runs (interpreter start included)."""
    best = float("inf")
    for _ in range(runs):
        with timer() as clock:
            subprocess.run(command, capture_output=True, check=True)
        best = min(best, clock.wall)
    return best


def measure(docs: int, small_docs: int) -> list[Row]:
    from benchmarks.bench_import_export import BARE_STATS_SCRIPT

    big, small = project_path(docs), project_path(small_docs)
    with tempfile.TemporaryDirectory() as config:
        env = {**os.environ, "ANNOTATOR_CONFIG_DIR": config, "QT_QPA_PLATFORM": "offscreen"}
        bare_ready, _, bare_lines = launch([sys.executable, "-c", BARE_WINDOW], env)
        bare_rss = float(next(line.split()[1] for line in bare_lines if line.startswith("RSS")))
        child = [sys.executable, "-m", "benchmarks.bench_big", "--child"]
        small_ready, small_cpu, _ = launch([*child, str(small)], env)
        ready, cpu, lines = launch([*child, str(big)], env)
    rows = [
        Row(
            f"start-up to usable window, {small_docs} documents",
            small_ready * 1000,
            "ms",
            bare_ready * 1000,
            1000,
            cpu=small_cpu * 1000,
        ),
        Row(
            f"start-up to usable window, {docs:,} documents",
            ready * 1000,
            "ms",
            bare_ready * 1000,
            1500,
            cpu=cpu * 1000,
        ),
    ]
    measured = json.loads(next(line for line in lines if line.startswith("{")))
    names = ("filter while the pipeline loads", "scroll", "filter", "search", "search two words")
    for name, target in ((name, 100) for name in names):
        wall, cpu_ms, baseline = measured[name]
        rows.append(
            Row(f"document list {name}, {docs:,} documents", wall, "ms", baseline, target, cpu=cpu_ms)
        )
    rows.append(Row("pipeline loaded, after the window", measured["pipeline"] * 1000, "ms"))
    rows.append(Row(f"resident memory, {docs:,} documents", measured["rss"], "MB", bare_rss, 400))
    rows.append(Row("resident memory of the pipeline service process", measured["service rss"], "MB"))
    stats = best_run([sys.executable, "-m", "annotator", "stats", str(big)])
    bare = best_run([sys.executable, "-c", BARE_STATS_SCRIPT, str(big)])
    rows.append(Row(f"annotator stats, {docs:,} documents", stats * 1000, "ms", bare * 1000, 1000))
    return rows


def process_rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def child(path: Path) -> None:
    """Runs in the measured process: start the window, say READY, then time the document list."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import resource

    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import build_window

    app = QApplication(sys.argv[:1])
    window = build_window(path)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(READY, usage.ru_utime + usage.ru_stime, flush=True)

    def samples(actions: list) -> tuple[float, float]:
        walls, cpus = [], []
        for action in actions:
            with timer() as clock:
                action()
                app.processEvents()
            walls.append(clock.wall * 1000)
            cpus.append(clock.cpu * 1000)
        return max(walls), max(cpus)

    # The pipeline loads in the pipeline service, a process of its own, so spaCy's import cannot hold
    # this process's GIL: one filter change is timed while it loads, the list again once it has loaded.
    waited = time.perf_counter()
    during = samples([lambda: window.filter.setCurrentIndex(1), lambda: window.filter.setCurrentIndex(0)])
    while window.pipeline_label.text().endswith("loading…") and time.perf_counter() - waited < 60:
        app.processEvents()
        time.sleep(0.01)
    loaded = time.perf_counter() - waited

    bar = window.table.verticalScrollBar()
    steps = [bar.maximum() * k // 20 for k in (19, 3, 11, 20, 7, 15, 1, 0)]
    results: dict[str, object] = {"pipeline": loaded, "filter while the pipeline loads": (*during, None)}
    results["scroll"] = (*samples([lambda v=v: bar.setValue(v) for v in steps]), None)
    filters = [1, 3, 0]  # only new (everything), only done (nothing), all
    results["filter"] = (*samples([lambda i=i: window.filter.setCurrentIndex(i) for i in filters]), None)
    project = window.project
    assert project is not None
    for name, words in (("search", ["government"]), ("search two words", ["police", "said"])):
        query = " ".join(words)

        def search(text: str = query) -> None:
            window.search.setText(text)
            window.search.returnPressed.emit()

        wall, cpu = samples([search])
        with timer() as bare:
            project.search_document_ids(query)
        results[name] = (wall, cpu, bare.wall * 1000)
        window.search.setText("")
    results["rss"] = rss_mb()
    assert window.service is not None
    results["service rss"] = process_rss_mb(window.service.service.process.pid)
    print(json.dumps(results), flush=True)
    window.close()
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the big project")
    parser.add_argument("--small", type=int, default=20, help="documents in the small project")
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    emit(measure(args.docs, args.small), args.json)


if __name__ == "__main__":
    main()
