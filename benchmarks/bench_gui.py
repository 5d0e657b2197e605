"""How fast the annotation window feels, on real articles with all their suggestions.

    .venv/bin/python benchmarks/bench_gui.py [--project PATH] [--typical N]

Builds (or reuses) a project holding the longest article of
../shared/corpus/wikinews.jsonl and N typical ones, all with suggestions, then
measures in the real window (offscreen, 1366x768):

- open: showing the longest article with every suggestion, painted (target < 300 ms);
- keypress: a key in the article until the change is committed and repainted
  (target median < 16 ms);
- switch: opening another typical article, painted (target < 100 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.gui.usersettings import UserSettings
from annotator.gui.window import MainWindow
from annotator.store import Project

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"


def build_project(path: Path, typical: int) -> None:
    """The longest corpus article and ``typical`` 3-6k character ones, with suggestions."""
    from annotator.suggest import suggest_documents

    records = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    longest = max(records, key=lambda r: len(r["text"]))
    others = [r for r in records if 3000 <= len(r["text"]) <= 6000][:typical]
    with Project.open(path, annotator="bench") as project:
        project.add_documents(
            {"text": r["text"], "title": r["meta"].get("title", ""), "meta": r["meta"]}
            for r in [longest, *others]
        )
        suggest_documents(project)


def build_dense(path: Path, text: str, count: int) -> None:
    """One document with ``count`` suggested entities, one on each of its first words."""
    import re

    labels = ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE"]
    with Project.open(path, annotator="bench") as project:
        document_id, _ = project.add_document(text, title="dense")
        with project.transaction():
            for n, word in enumerate(re.finditer(r"\w+", text)):
                if n == count:
                    break
                project.add_span(
                    document_id, *word.span(), labels[n % len(labels)], status="suggested", origin="model"
                )


class PaintCounter(QObject):
    """Counts paint events of the article view, to make sure each sample includes one."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def timed(
    action: Callable[[], object], app: QApplication, paints: PaintCounter
) -> tuple[float, float] | None:
    """Wall and CPU milliseconds for ``action`` and the repaint it causes (event loop run until idle).

    CPU time shows the cost on an idle machine when other processes compete for the cores.
    None when nothing was repainted (a key with nothing to act on, such as a label key on a quote).
    """
    before = paints.count
    start, cpu = time.perf_counter(), time.process_time()
    action()
    app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    return elapsed if paints.count > before else None


def describe(name: str, measured: list[tuple[float, float] | None], target: float) -> str:
    samples = [sample for sample in measured if sample is not None]
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    worst = max(s[0] for s in samples)
    verdict = "ok" if wall < target else "SLOW"
    return (
        f"{name:<9} median {wall:6.1f} ms (cpu {cpu:5.1f})  max {worst:6.1f} ms  n={len(samples):<3}"
        f" ({len(measured) - len(samples)} without repaint left out)"
        f" target < {target:g} ms: {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--project", type=Path, help="reuse this project instead of building one")
    parser.add_argument("--typical", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("ANNOTATOR_CONFIG_DIR", str(Path(scratch) / "config"))
        path = args.project
        if path is None:
            path = Path(scratch) / "bench.annotator"
            started = time.perf_counter()
            build_project(path, args.typical)
            print(
                f"built {path.name} with suggestions in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        dense = Path(scratch) / "dense.annotator"
        with Project.open(path) as project:
            longest = project.conn.execute(
                "SELECT text FROM documents ORDER BY length DESC LIMIT 1"
            ).fetchone()[0]
        build_dense(dense, longest, 20_000)
        return measure(path, dense)


def measure(path: Path, dense: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(UserSettings(annotator="bench"))
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    app.processEvents()
    window.open_project(path)
    paints = PaintCounter()
    window.view.viewport().installEventFilter(paints)
    project = window.project
    assert project is not None
    longest = project.conn.execute("SELECT id, length FROM documents ORDER BY length DESC LIMIT 1").fetchone()
    others = [
        row[0]
        for row in project.conn.execute("SELECT id FROM documents WHERE id != ? ORDER BY id", (longest[0],))
    ]
    spans = len(project.spans(longest[0]))
    print(f"longest article: {longest[1]:,} characters, {spans:,} spans; {len(others)} typical articles")

    opening = []
    for _ in range(5):
        window.open_document(others[0])
        app.processEvents()
        opening.append(timed(lambda: window.open_document(longest[0]), app, paints))

    window.open_document(longest[0])
    window.view.setFocus()
    app.processEvents()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    keys = [Qt.Key.Key_F, Qt.Key.Key_A, Qt.Key.Key_K, Qt.Key.Key_X, Qt.Key.Key_Tab, Qt.Key.Key_2]
    pressing = [
        timed(lambda k=k: QTest.keyClick(window.view, k), app, paints) for _ in range(15) for k in keys
    ]
    undoing = [
        timed(
            lambda: QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
            app,
            paints,
        )
        for _ in range(30)
    ]

    switching = [timed(lambda d=d: window.open_document(d), app, paints) for d in others * 2]

    window.open_project(dense)
    dense_id = window.project.document_ids()[0] if window.project else 0
    dense_open = [timed(lambda: (window.open_document(dense_id), window.view.select_span(None)), app, paints)]
    dense_open += [timed(lambda: window.open_document(dense_id), app, paints) for _ in range(4)]
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    dense_keys = [
        timed(lambda k=k: QTest.keyClick(window.view, k), app, paints)
        for _ in range(10)
        for k in (Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_K)
    ]

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(describe("open", opening, 300))
    print(describe("keypress", pressing, 16))
    print(describe("undo", undoing, 16))
    print(describe("switch", switching, 100))
    print("the same article with 20,000 suggested entities:")
    print(describe("open", dense_open, 300))
    print(describe("keypress", dense_keys, 16))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
