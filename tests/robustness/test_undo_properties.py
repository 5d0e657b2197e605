"""Any sequence of edits, undos and redos through the window's undo commands keeps three things in step.

The database, the event log (replayed) and the window's model of the open
document (``DocumentState``) always agree, and undo restores exactly the state
before the command, redo exactly the state after it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from annotator.actions.edits import AddSpan, DeleteSpan, Edit, SetRelation, UpdateSpan
from annotator.actions.state import DocumentState
from annotator.gui.commands import StoreCommand
from annotator.store import Project, StoreError
from tests.robustness.soundness import SPAN_COLUMNS, replayed

TEXT = "Mayor Ana Ruiz said: “The harbour opens.” Li Wei 😀 disagreed in 東京 on Monday.\r\nEnd."
LABELS = ("PERSON", "ORG", "GPE", "EVENT")
STANCES = (None, "favor", "against", "neutral", "unclear")

Snapshot = tuple[frozenset[tuple[Any, ...]], frozenset[tuple[Any, ...]]]


class UndoMachine(RuleBasedStateMachine):
    """Random edits through StoreCommand on a QUndoStack, as the window's editor makes them."""

    def __init__(self) -> None:
        super().__init__()
        QApplication.instance() or QApplication([])
        self.folder = tempfile.TemporaryDirectory()
        self.project = Project.open(Path(self.folder.name) / "p.annotator", annotator="tester")
        self.document_id, _ = self.project.add_document(TEXT)
        self.state = DocumentState(self.project, self.document_id)
        self.stack = QUndoStack()
        # Snapshot before each command on the stack, and after the last one.
        self.history: list[Snapshot] = [self.snapshot()]

    def teardown(self) -> None:
        self.stack.clear()
        self.project.close()
        self.folder.cleanup()

    def snapshot(self) -> Snapshot:
        spans = frozenset(
            (
                span.id,
                *(getattr(span, c) if c != "attributes" else repr(span.attributes) for c in SPAN_COLUMNS),
            )
            for span in self.project.spans(self.document_id)
        )
        relations = frozenset(
            (r.head_id, r.label, r.child_id) for r in self.project.relations(self.document_id)
        )
        return spans, relations

    def changed(self, _document_id: int, touched: set[int], _focus: int | None) -> None:
        self.state.reload(touched)

    def run(self, text: str, edits: list[Edit]) -> None:
        command = StoreCommand(self.project, self.document_id, text, edits, self.changed)
        try:
            command.do_first()
        except StoreError:
            assert self.snapshot() == self.history[self.stack.index()], "a refused command changed the file"
            return
        self.stack.push(command)
        del self.history[self.stack.index() :]
        self.history.append(self.snapshot())

    def span_ids(self, kind: str | None = None) -> list[int]:
        return sorted(span.id for span in self.state.spans.values() if kind in (None, span.kind))

    # ------------------------------------------------------------------ rules

    @rule(start=st.integers(0, len(TEXT) - 1), length=st.integers(1, 12), label=st.sampled_from(LABELS))
    def create(self, start: int, length: int, label: str) -> None:
        end = min(start + length, len(TEXT))
        self.run(
            "Add", [AddSpan({"document_id": self.document_id, "start": start, "end": end, "label": label})]
        )

    @rule(start=st.integers(0, len(TEXT) - 20), length=st.integers(5, 20))
    def create_quote(self, start: int, length: int) -> None:
        record = {
            "document_id": self.document_id, "start": start, "end": start + length, "label": "QUOTE",
            "kind": "quote", "attributes": {"type": "direct", "parts": [[start, start + length]]},
        }  # fmt: skip
        self.run("New quote", [AddSpan(record)])

    @precondition(lambda self: self.span_ids())
    @rule(data=st.data(), move_start=st.integers(-3, 3), move_end=st.integers(-3, 3))
    def resize(self, data: st.DataObject, move_start: int, move_end: int) -> None:
        span = self.state.spans[data.draw(st.sampled_from(self.span_ids()))]
        changes = {"start": span.start + move_start, "end": span.end + move_end}
        self.run("Resize", [UpdateSpan(span.id, changes)])

    @precondition(lambda self: self.span_ids("entity"))
    @rule(data=st.data(), label=st.sampled_from(LABELS))
    def relabel(self, data: st.DataObject, label: str) -> None:
        self.run(
            "Relabel", [UpdateSpan(data.draw(st.sampled_from(self.span_ids("entity"))), {"label": label})]
        )

    @precondition(lambda self: self.span_ids())
    @rule(data=st.data(), stance=st.sampled_from(STANCES))
    def stance(self, data: st.DataObject, stance: str | None) -> None:
        self.run("Stance", [UpdateSpan(data.draw(st.sampled_from(self.span_ids())), {"stance": stance})])

    @precondition(lambda self: self.span_ids())
    @rule(data=st.data(), status=st.sampled_from(("accepted", "rejected", "suggested")))
    def decide(self, data: st.DataObject, status: str) -> None:
        self.run("Decide", [UpdateSpan(data.draw(st.sampled_from(self.span_ids())), {"status": status})])

    @precondition(lambda self: self.span_ids("quote") and self.span_ids("entity"))
    @rule(data=st.data(), label=st.sampled_from(("SPEAKER", "CUE")))
    def link(self, data: st.DataObject, label: str) -> None:
        quote = data.draw(st.sampled_from(self.span_ids("quote")))
        child = data.draw(st.sampled_from([None, *self.span_ids("entity")]))
        self.run("Link", [SetRelation(quote, label, child)])

    @precondition(lambda self: self.span_ids())
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        self.run("Delete", [DeleteSpan(data.draw(st.sampled_from(self.span_ids())))])

    @precondition(lambda self: self.stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.stack.undo()
        assert self.snapshot() == self.history[self.stack.index()], "undo did not restore the state before"

    @precondition(lambda self: self.stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.stack.redo()
        assert self.snapshot() == self.history[self.stack.index()], "redo did not restore the state after"

    # ------------------------------------------------------------- invariants

    @invariant()
    def database_log_and_window_agree(self) -> None:
        stored = {span.id: span for span in self.project.spans(self.document_id)}
        assert self.state.spans == stored
        assert sorted(self.state.relations, key=lambda r: r.id) == self.project.relations(self.document_id)
        logged_spans, logged_relations = replayed(self.project.conn)
        assert set(logged_spans) == set(stored)
        for span_id, span in stored.items():
            assert {c: getattr(span, c) for c in SPAN_COLUMNS} == {
                c: logged_spans[span_id][c] for c in SPAN_COLUMNS
            }
        assert set(logged_relations) == {r.id for r in self.state.relations}


UndoMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
test_edits_undo_and_redo_keep_database_log_and_window_in_step = pytest.mark.slow(UndoMachine.TestCase)
