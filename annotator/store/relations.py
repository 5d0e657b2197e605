"""Quote -> speaker and quote -> cue links, and deleting a span together with the links that use it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.store.base import StoreError
from annotator.store.events import now
from annotator.store.models import Relation, Span
from annotator.store.spans import SpansPart
from annotator.vocabulary import RELATION_CHILD_KINDS, RELATION_LABELS


class RelationsPart(SpansPart):
    """Links from a quote to its speaker and cue; a span's deletion takes its links with it."""

    def relations(self, document_id: int) -> list[Relation]:
        """A document's quote -> speaker and quote -> cue links."""
        rows = self.query("SELECT * FROM relations WHERE document_id = ? ORDER BY id", [document_id])
        return [Relation.from_row(row) for row in rows]

    def relation(self, head_id: int, label: str) -> Relation | None:
        """The quote's link with ``label`` (SPEAKER or CUE), if set."""
        rows = list(self.query("SELECT * FROM relations WHERE head_id = ? AND label = ?", [head_id, label]))
        return Relation.from_row(rows[0]) if rows else None

    def set_relation(
        self, head_id: int, label: str, child_id: int | None, *, annotator: str | None = None
    ) -> Relation | None:
        """Link quote ``head_id`` to its speaker or cue span; ``None`` removes the link."""
        if label not in RELATION_LABELS:
            raise StoreError(f"unknown relation {label!r}; use one of {RELATION_LABELS}")
        with self.transaction():
            head = self.span(head_id)
            if head.kind != "quote":
                raise StoreError(
                    f"span {head_id} is a {head.kind}, not a quote: only a quote has {label} links"
                )
            old = self.relation(head_id, label)
            if old is not None and old.child_id == child_id:
                return old
            if old is not None:
                self._delete_relation(old, annotator)
            if child_id is None:
                return None
            child = self.span(child_id)
            if child.document_id != head.document_id:
                raise StoreError(
                    f"span {child_id} is in document {child.document_id}, quote {head_id} in document"
                    f" {head.document_id}: a quote and its speaker or cue must be in the same document"
                )
            problem = _child_problem(label, child)
            if problem:
                raise StoreError(problem)
            who = annotator or self.annotator
            cursor = self.conn.execute(
                "INSERT INTO relations (document_id, head_id, child_id, label, annotator, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (head.document_id, head_id, child_id, label, who, now()),
            )
            relation = self.relation(head_id, label)
            assert relation is not None and relation.id == cursor.lastrowid
            self._log(
                "relation.add",
                "relation",
                relation.id,
                document_id=head.document_id,
                after=relation.as_dict(),
                annotator=who,
            )
            return relation

    def update_span(self, span_id: int, *, annotator: str | None = None, **changes: Any) -> Span:
        """Change a span's fields; a new kind must still fit every link the span is part of."""
        with self.transaction():
            span = self.span(span_id)
            kind = changes.get("kind", span.kind)
            if kind != span.kind:
                for relation in self._relations_touching(span_id):
                    if relation.head_id == span_id:
                        problem = f"it is the quote of a {relation.label} link"
                    else:
                        problem = _child_problem(relation.label, replace(span, kind=kind))
                    if problem:
                        raise StoreError(
                            f"span {span_id} cannot change to kind {kind}: {problem};"
                            f" remove its {relation.label} link first"
                        )
            return super().update_span(span_id, annotator=annotator, **changes)

    def delete_span(self, span_id: int, *, annotator: str | None = None) -> None:
        """Remove a span and the relations that use it."""
        with self.transaction():
            span = self.span(span_id)
            for relation in self._relations_touching(span_id):
                self._delete_relation(relation, annotator)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._log(
                "span.delete",
                "span",
                span_id,
                document_id=span.document_id,
                before=span.as_dict(),
                annotator=annotator,
            )

    def _relations_touching(self, span_id: int) -> list[Relation]:
        rows = self.query(
            "SELECT * FROM relations WHERE head_id = ? OR child_id = ? ORDER BY id", [span_id, span_id]
        )
        return [Relation.from_row(row) for row in rows]

    def _delete_relation(self, relation: Relation, annotator: str | None) -> None:
        self.conn.execute("DELETE FROM relations WHERE id = ?", (relation.id,))
        self._log(
            "relation.delete",
            "relation",
            relation.id,
            document_id=relation.document_id,
            before=relation.as_dict(),
            annotator=annotator,
        )


def _child_problem(label: str, child: Span) -> str | None:
    """Why ``child`` cannot be the other end of a ``label`` link, or ``None`` if it can."""
    allowed = RELATION_CHILD_KINDS[label]
    if child.kind in allowed:
        return None
    return (
        f"span {child.id} ({child.label}) is of kind {child.kind}:"
        f" a {label} link needs a span of kind {' or '.join(allowed)}"
    )
