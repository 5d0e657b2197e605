"""How fast the annotation window feels on long documents, with all their spans.

    python -m benchmarks.bench_gui [--typical N] [--chars N] [--spans N] [--json]

Builds once (and keeps under /tmp/annotator-bench/) a project holding the
longest article of ../shared/corpus/wikinews.jsonl and N typical ones, all with
suggestions, and one holding a generated document of ``--chars`` characters
(corpus articles one after another) with ``--spans`` suggested entities spread
over it. Then measures in the real window (offscreen, 1366x768), wall and CPU:

- open: showing the document with every span, painted (targets < 300 ms for the
  article, < 2 s for the generated document), against a bare QPlainTextEdit
  showing the same text;
- keypress: a key in the document until the change is committed to the project
  file and repainted (targets median < 16 ms, p99 < 50 ms), against the same
  change made with the store alone;
- scroll: one page down, repainted, at positions all through the document
  (worst step; target < 50 ms), against the bare QPlainTextEdit;
- switch: opening another typical article, painted (target < 100 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.gui.usersettings import UserSettings
from annotator.gui.window import MainWindow
from annotator.store import Project
from benchmarks.rows import Row, emit

CACHE = Path(tempfile.gettempdir()) / "annotator-bench"

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


def generated_text(chars: int) -> str:
    """Corpus articles one after another, cut to ``chars`` characters."""
    texts, total = [], 0
    with CORPUS.open(encoding="utf-8") as lines:
        articles = [json.loads(line)["text"] for line in lines if line.strip()]
    while total < chars:
        for text in articles:
            texts.append(text)
            total += len(text) + 2
            if total >= chars:
                break
    return "\n\n".join(texts)[:chars]


def build_dense(path: Path, text: str, count: int) -> None:
    """One document with ``count`` suggested entities spread evenly over its words."""
    import re

    labels = ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "DATE"]
    words = [match.span() for match in re.finditer(r"\w+", text)]
    every = max(1, len(words) // count)
    with Project.open(path, annotator="bench") as project:
        document_id, _ = project.add_document(text, title="dense")
        with project.transaction():
            for n, (start, end) in enumerate(words[::every][:count]):
                project.add_span(
                    document_id, start, end, labels[n % len(labels)], status="suggested", origin="model"
                )


def cached(path: Path, build: Callable[[Path], None]) -> Path:
    """``path``, built by ``build`` unless an earlier run left it there."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        started = time.perf_counter()
        build(partial)
        partial.rename(path)
        print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


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


Samples = list[tuple[float, float] | None]


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(name: str, measured: Samples, target: float, baseline: Samples | None = None) -> list[Row]:
    """Median row (and p99 row for keypresses) of samples that repainted."""
    samples = [s for s in measured if s is not None]
    base = [s[0] for s in baseline or [] if s is not None]
    wall, cpu = [s[0] for s in samples], [s[1] for s in samples]
    rows = [
        Row(
            f"{name}, median of {len(samples)}",
            statistics.median(wall),
            "ms",
            statistics.median(base) if base else None,
            target,
            cpu=statistics.median(cpu),
        )
    ]
    if "keypress" in name:
        rows.append(
            Row(
                f"{name}, p99",
                percentile(wall, 0.99),
                "ms",
                percentile(base, 0.99) if base else None,
                50,
                cpu=percentile(cpu, 0.99),
            )
        )
    return rows


class Bare:
    """A plain QPlainTextEdit the size of the article view: the floor for open and scroll."""

    def __init__(self, app: QApplication, size: QSize) -> None:
        self.app = app
        self.edit = QPlainTextEdit()
        self.edit.setReadOnly(True)
        self.edit.resize(size)
        self.edit.show()
        self.paints = PaintCounter()
        self.edit.viewport().installEventFilter(self.paints)

    def open(self, text: str) -> Samples:
        samples = []
        for _ in range(5):
            self.edit.setPlainText("")
            self.app.processEvents()
            samples.append(timed(lambda: self.edit.setPlainText(text), self.app, self.paints))
        return samples


def scrolling(view: QPlainTextEdit, app: QApplication, paints: PaintCounter, steps: int = 30) -> Samples:
    """One page down, repainted, from ``steps`` places spread over the document."""
    bar = view.verticalScrollBar()
    samples = []
    for k in range(steps):
        bar.setValue(bar.maximum() * k // steps)
        app.processEvents()
        samples.append(timed(lambda: bar.setValue(bar.value() + bar.pageStep()), app, paints))
    bar.setValue(0)
    app.processEvents()
    return samples


def store_only(project: Project, document_id: int, count: int) -> Samples:
    """The store's part of a keypress: one span's label changed and committed, ``count`` times."""
    span = project.spans(document_id, kind="entity")[0]
    samples: Samples = []
    for n in range(count):
        start, cpu = time.perf_counter(), time.process_time()
        project.update_span(span.id, label=("ORG", "PERSON")[n % 2])
        samples.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return samples


def measure_document(
    window: MainWindow, app: QApplication, bare: Bare, document_id: int, name: str, open_target: float
) -> list[Row]:
    """Open, keypress, undo and scroll rows for one document, each against its floor."""
    paints = PaintCounter()
    window.view.viewport().installEventFilter(paints)
    project = window.project
    assert project is not None
    others = [d for d in project.document_ids() if d != document_id][:1]

    def reopen() -> None:
        window.open_document(document_id)
        window.view.select_span(None)

    opening = []
    for _ in range(5):
        if others:
            window.open_document(others[0])
        app.processEvents()
        opening.append(timed(reopen, app, paints))
    text = project.document(document_id).text
    rows = summary(f"{name}: open", opening, open_target, bare.open(text))

    window.activateWindow()  # the bare editor took it: shortcuts need the window active
    window.view.setFocus()
    app.processEvents()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    keys = [Qt.Key.Key_F, Qt.Key.Key_A, Qt.Key.Key_K, Qt.Key.Key_X, Qt.Key.Key_Tab, Qt.Key.Key_2]
    pressing = [
        timed(lambda k=k: QTest.keyClick(window.view, k), app, paints) for _ in range(20) for k in keys
    ]
    undoing = [
        timed(
            lambda: QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
            app,
            paints,
        )
        for _ in range(30)
    ]
    rows += summary(f"{name}: keypress", pressing, 16, store_only(project, document_id, 60))
    rows += summary(f"{name}: undo", undoing, 16)
    scroll, bare_scroll = scrolling(window.view, app, paints), scrolling(bare.edit, app, bare.paints)
    worst = [s for s in scroll if s is not None]
    bare_worst = [s for s in bare_scroll if s is not None]
    rows.append(
        Row(
            f"{name}: scroll a page, worst of {len(worst)}",
            max(s[0] for s in worst),
            "ms",
            max(s[0] for s in bare_worst),
            50,
            cpu=max(s[1] for s in worst),
        )
    )
    rows += summary(f"{name}: scroll a page", scroll, 16, bare_scroll)
    window.view.viewport().removeEventFilter(paints)
    return rows


def measure(path: Path, dense: Path, chars: int, spans: int) -> list[Row]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(UserSettings(annotator="bench"))
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    app.processEvents()
    window.open_project(path)
    bare = Bare(app, window.view.size())
    project = window.project
    assert project is not None
    longest, length = project.conn.execute(
        "SELECT id, length FROM documents ORDER BY length DESC LIMIT 1"
    ).fetchone()
    others = [d for d in project.document_ids() if d != longest]
    article = f"{length // 1000}k-char article, {len(project.spans(longest))} spans"
    rows = measure_document(window, app, bare, longest, article, 300)
    paints = PaintCounter()
    window.view.viewport().installEventFilter(paints)
    switching = [timed(lambda d=d: window.open_document(d), app, paints) for d in others * 2]
    rows += summary(f"switch to a typical article ({len(others)})", switching, 100)
    window.view.viewport().removeEventFilter(paints)

    window.open_project(dense)
    assert window.project is not None
    dense_id = window.project.document_ids()[0]
    rows += measure_document(window, app, bare, dense_id, f"{chars // 1000:,}k chars, {spans:,} spans", 2000)
    window.close()
    bare.edit.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--typical", type=int, default=12, help="typical articles beside the longest")
    parser.add_argument("--chars", type=int, default=1_000_000, help="length of the generated document")
    parser.add_argument("--spans", type=int, default=20_000, help="spans on the generated document")
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("ANNOTATOR_CONFIG_DIR", str(Path(scratch) / "config"))
        path = cached(CACHE / f"gui-{args.typical}.annotator", lambda p: build_project(p, args.typical))
        dense = cached(
            CACHE / f"dense-{args.chars}-{args.spans}.annotator",
            lambda p: build_dense(p, generated_text(args.chars), args.spans),
        )
        # Each run changes the projects (keys accept and reject): measure copies of the cached ones.
        copies = []
        for source in (path, dense):
            copy = Path(scratch) / source.name
            shutil.copyfile(source, copy)
            copies.append(copy)
        emit(measure(*copies, args.chars, args.spans), args.json)


if __name__ == "__main__":
    main()
