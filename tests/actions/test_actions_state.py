"""The open document's span index, updated span by span, matches one built from scratch."""

from __future__ import annotations

import random

from annotator.actions.edits import AddSpan, DeleteSpan, SetRelation, UpdateSpan, apply_all
from annotator.actions.state import DocumentState
from annotator.store import Project

TEXT = " ".join(f"word{n}" for n in range(200))


def snapshot(state: DocumentState) -> tuple[object, ...]:
    return (
        [(s.id, s.start, s.status) for s in state.visible(0, len(TEXT))],
        [s.id for s in state.suggestions()],
        sorted(state._links.items()),
    )


def test_incremental_reload_matches_a_fresh_state(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    starts = [i for i in range(len(TEXT)) if i == 0 or TEXT[i - 1] == " "]
    for start in starts[:80]:
        project.add_span(document_id, start, start + 5, "PERSON", status="suggested", origin="model")
    quote = project.add_span(document_id, 0, 60, "QUOTE", kind="quote", status="suggested", origin="model")
    state = DocumentState(project, document_id)
    rng = random.Random(4)
    for _ in range(60):
        span = rng.choice([s for s in state.spans.values() if s.kind == "entity"])
        edit = rng.choice(
            [
                UpdateSpan(span.id, {"status": rng.choice(["accepted", "rejected", "suggested"])}),
                UpdateSpan(span.id, {"end": span.end + 1})
                if TEXT[span.end : span.end + 1] != " "
                else DeleteSpan(span.id),
                DeleteSpan(span.id),
                SetRelation(quote.id, "SPEAKER", span.id),
                AddSpan({"document_id": document_id, "start": span.start, "end": span.end, "label": "ORG"}),
            ]
        )
        undo = apply_all(project, [edit])
        touched = set().union(*(e.span_ids() for e in [edit, *undo]))
        state.reload(touched)
        assert snapshot(state) == snapshot(DocumentState(project, document_id))


def test_the_fast_span_loader_reads_what_the_store_reads(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    project.add_span(document_id, 0, 5, "PERSON", stance="favor")
    project.add_span(
        document_id, 0, 40, "QUOTE", kind="quote", attributes={"type": "mixed", "parts": [[0, 40]]}
    )
    assert project.spans_by_id(document_id) == {span.id: span for span in project.spans(document_id)}
