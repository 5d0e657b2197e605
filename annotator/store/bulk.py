"""Fast insertion of many new suggested spans and links, logged like every other change.

``Project.add_span`` checks, reads back and logs each span in its own savepoint:
right for a person's click, too slow for the hundred suggestions of each
article (it would cost more than the pipeline's share allows). New suggestions
cannot clash with stored spans (the merge knows them all), so they go in with
plain INSERTs and their ``span.add`` / ``relation.add`` events in one batch,
inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from annotator.store.connection import Connection
from annotator.store.events import INSERT_EVENT, now, to_json
from annotator.store.models import SPAN_COLUMNS, Span, relation_record, span_from_row

# A whole row in SPAN_COLUMNS order goes in, so the span handed back is that row decoded
# exactly as a read would decode it.
_INSERT_SPAN = f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES ({', '.join('?' * len(fields(Span)))})"


class SuggestionWriter:
    """Adds one document's new suggestions; call :meth:`flush` before the transaction ends.

    Get one from ``Project.suggestion_writer``; use it only inside ``project.transaction()``.
    """

    def __init__(self, conn: Connection, document_id: int, model: str, annotator: str) -> None:
        self.conn = conn
        self.document_id = document_id
        self.model = model
        self.annotator = annotator
        self.stamp = now()
        self.events: list[tuple[Any, ...]] = []

    def _event(self, action: str, target: str, target_id: int, after: dict[str, Any]) -> None:
        self.events.append(
            (
                self.conn.batch or "",
                self.stamp,
                self.annotator,
                action,
                self.document_id,
                target,
                target_id,
                None,
                to_json(after),
            )
        )

    def add_span(
        self,
        kind: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any],
        model: str | None = None,
    ) -> Span:
        """Insert a suggested span from the model (offsets already known to fit the text).

        ``model``: what suggested it, when not the writer's model (the project's own entity model).
        """
        row = (
            None,
            self.document_id,
            start,
            end,
            label,
            kind,
            "suggested",
            "model",
            None,
            to_json(attributes),
            self.annotator,
            self.model if model is None else model,
            self.stamp,
            self.stamp,
        )
        cursor = self.conn.execute(_INSERT_SPAN, row)
        span = span_from_row((int(cursor.lastrowid or 0), *row[1:]))
        self._event("span.add", "span", span.id, span.as_dict())
        return span

    def add_relation(self, head_id: int, child_id: int, label: str) -> None:
        """Link a new quote to its speaker or cue."""
        cursor = self.conn.execute(
            "INSERT INTO relations (document_id, head_id, child_id, label, annotator, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (self.document_id, head_id, child_id, label, self.annotator, self.stamp),
        )
        relation_id = int(cursor.lastrowid or 0)
        self._event(
            "relation.add",
            "relation",
            relation_id,
            relation_record(relation_id, self.document_id, head_id, child_id, label),
        )

    def flush(self) -> None:
        """Write the events of everything added."""
        if self.events:
            self.conn.executemany(INSERT_EVENT, self.events)
            self.events = []
