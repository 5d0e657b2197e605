"""``annotator --self-test``: prove an installation works end to end, without a screen.

Loads the pipeline, builds a temporary project from a demo article, suggests, accepts a span, sets its
stance, exports JSONL and ``.spacy``, reads both back and checks them, then builds the main window on
that project under Qt's offscreen platform (which proves the Qt plugins are there) and waits for its
pipeline service, a child process, to load and tokenize the open document (which proves a packaged
build can spawn it). Used by CI on the packaged build and by tests on the pip install.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.assets import resource

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from annotator.gui.window import MainWindow


class SelfTestError(RuntimeError):
    """A step of the self-test failed; the message says which and why."""


def run_self_test() -> str:
    """Run every step; return a one-line summary or raise :class:`SelfTestError`."""
    started = time.perf_counter()
    from annotator.exporting import export_docbin, export_jsonl
    from annotator.importing import import_paths
    from annotator.store import Project
    from annotator.suggest import load_pipeline, suggest_documents

    pipeline = load_pipeline()
    if pipeline.warning:
        raise SelfTestError(f"pipeline: {pipeline.warning}")
    articles = sorted(resource("demo").glob("*.txt"))
    if not articles:
        raise SelfTestError(f"no demo articles in {resource('demo')}")
    with tempfile.TemporaryDirectory(prefix="annotator-self-test-") as folder:
        work = Path(folder)
        path = work / "self-test.annotator"
        with Project.open(path, annotator="self-test") as project:
            imported = import_paths(project, [articles[0]])
            if imported.imported != 1:
                raise SelfTestError(f"import: {imported.summary()}")
            suggested = suggest_documents(project, imported.document_ids)
            doc_id = imported.document_ids[0]
            entities = project.spans(doc_id, kind="entity", status="suggested")
            quotes = project.spans(doc_id, kind="quote", status="suggested")
            if not entities or not quotes:
                raise SelfTestError(
                    f"suggest: {len(entities)} entities and {len(quotes)} quotes suggested; expected both"
                )
            chosen = project.update_span(entities[0].id, status="accepted")
            project.update_span(chosen.id, stance="favor")
            jsonl = export_jsonl(project, work / "out.jsonl")
            docbin = export_docbin(project, work / "out.spacy")
            _check_jsonl(work / "out.jsonl", chosen.start, chosen.end, chosen.label)
            _check_docbin(work / "out.spacy", chosen.start, chosen.end, chosen.label, pipeline.nlp.vocab)
        platform = _check_window(path, work, pipeline.name)
    seconds = time.perf_counter() - started
    return (
        f"self-test ok: pipeline {pipeline.name}; {suggested.spans_added} suggestions; "
        f"exported {jsonl.documents} JSONL and {docbin.documents} .spacy document(s); "
        f"window built ({platform}) and its pipeline service answered; {seconds:.1f} s"
    )


def _check_jsonl(path: Path, start: int, end: int, label: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) != 1:
        raise SelfTestError(f"JSONL export: expected 1 line, found {len(lines)}")
    record = json.loads(lines[0])
    found = [
        span for span in record["spans"] if (span["start"], span["end"], span["label"]) == (start, end, label)
    ]
    if not found or found[0]["stance"] != "favor" or found[0]["status"] != "accepted":
        raise SelfTestError(f"JSONL export: accepted span {start}-{end} {label} with stance favor missing")


def _check_docbin(path: Path, start: int, end: int, label: str, vocab: object) -> None:
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(path).get_docs(vocab))
    if len(docs) != 1:
        raise SelfTestError(f".spacy export: expected 1 document, found {len(docs)}")
    ents = {(ent.start_char, ent.end_char, ent.label_) for ent in docs[0].ents}
    if (start, end, label) not in ents:
        raise SelfTestError(f".spacy export: entity {start}-{end} {label} missing from doc.ents")


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the block, restoring the old values after it."""
    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _check_window(path: Path, work: Path, pipeline: str) -> str:
    """Build and show the main window on ``path`` with its pipeline service; say what it ran on.

    Offscreen unless QT_QPA_PLATFORM names another platform; the user's settings and
    recent projects are left alone (settings go to ``work``).
    """
    platform = os.environ.get("QT_QPA_PLATFORM") or "offscreen"
    with _environment(QT_QPA_PLATFORM=platform, ANNOTATOR_CONFIG_DIR=str(work / "config")):
        try:
            from PySide6.QtCore import qInstallMessageHandler
            from PySide6.QtWidgets import QApplication

            from annotator.gui.app import build_window
        except ImportError as error:
            raise SelfTestError(f"window: Qt cannot be imported ({error})") from error
        previous_handler = qInstallMessageHandler(_quiet_platform_limits)
        app = QApplication.instance() or QApplication(["annotator"])
        window = build_window(path, background=True)
        try:
            window.show()
            app.processEvents()
            rows = window.model.rowCount() if window.model is not None else 0
            text = window.view.toPlainText()
            if window.project is None or rows != 1 or not text.strip():
                raise SelfTestError(f"window: expected the project with 1 document shown, found {rows}")
            shown_on = app.platformName()
            _wait_for_service_tokens(app, window, pipeline)
        finally:
            window.close()
            app.processEvents()
            qInstallMessageHandler(previous_handler)
    return f"Qt {shown_on}"


def _wait_for_service_tokens(
    app: QApplication, window: MainWindow, pipeline: str, timeout: float = 120.0
) -> None:
    """Wait until the window's pipeline service has loaded ``pipeline`` and tokenized the open document."""
    deadline = time.monotonic() + timeout
    state = window.view.state
    while time.monotonic() < deadline and not (window.pipeline and state and state.text in window.tokens):
        if window.service is not None and window.service.service.stopped is not None:
            break
        app.processEvents()
        time.sleep(0.01)
    if window.pipeline is None or window.pipeline.name != pipeline:
        found = window.pipeline.name if window.pipeline else window.pipeline_label.toolTip() or "nothing"
        raise SelfTestError(f"pipeline service: expected {pipeline} loaded in its process, found {found}")
    if state is None or state.text not in window.tokens:
        raise SelfTestError(f"pipeline service: no tokens for the open document within {timeout:.0f} s")


def _quiet_platform_limits(_kind: object, _context: object, message: str) -> None:
    """Qt's messages on stderr, less the offscreen platform's "This plugin does not support ..." notes."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)
