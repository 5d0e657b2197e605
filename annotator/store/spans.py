"""A document's spans: adding, reading, changing and restoring them, each change logged."""

from __future__ import annotations

from typing import Any

from annotator.store.base import ProjectBase, StoreError
from annotator.store.events import now, to_json
from annotator.store.models import SPAN_COLUMNS, Span, span_from_row
from annotator.vocabulary import SPAN_KINDS, SPAN_ORIGINS, SPAN_STATUSES

SPAN_FIELDS = ("start", "end", "label", "kind", "status", "origin", "stance", "attributes")


class SpansPart(ProjectBase):
    """Labelled stretches of a document's text, checked against it before they are stored."""

    def _check_span(self, document_id: int, fields: dict[str, Any]) -> None:
        row = self.conn.execute("SELECT length FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no document {document_id}")
        start, end = fields["start"], fields["end"]
        if not all(isinstance(offset, int) and not isinstance(offset, bool) for offset in (start, end)):
            raise StoreError(f"span offsets must be whole numbers, got {start!r} and {end!r}")
        if not 0 <= start < end <= row[0]:
            raise StoreError(
                f"span {start}-{end} does not fit in the text (0-{row[0]}): "
                "offsets must satisfy 0 <= start < end <= length"
            )
        for name, allowed in (("kind", SPAN_KINDS), ("status", SPAN_STATUSES), ("origin", SPAN_ORIGINS)):
            if fields[name] not in allowed:
                raise StoreError(f"unknown span {name} {fields[name]!r}; use one of {allowed}")
        if not isinstance(fields["label"], str) or not fields["label"].strip():
            raise StoreError("a span needs a label")
        if not isinstance(fields["attributes"], dict):
            raise StoreError("span attributes must be a JSON object")

    def _refuse_clash(self, document_id: int, fields: dict[str, Any], span_id: int | None) -> None:
        """Refuse ``fields`` for span ``span_id`` if another span has the same offsets, label and kind."""
        clash = self.find_span(document_id, fields["start"], fields["end"], fields["label"], fields["kind"])
        if clash is not None and clash.id != span_id:
            raise StoreError(
                f"the same {fields['kind']} span {fields['start']}-{fields['end']} "
                f"{fields['label']} exists already"
            )

    def find_span(
        self, document_id: int, start: int, end: int, label: str, kind: str = "entity"
    ) -> Span | None:
        """The span with exactly these offsets, label and kind, if stored."""
        row = self.conn.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE document_id = ? AND kind = ? AND start = ? AND "end" = ?'
            " AND label = ?",
            (document_id, kind, start, end, label),
        ).fetchone()
        return span_from_row(row) if row else None

    def add_span(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        kind: str = "entity",
        status: str = "accepted",
        origin: str = "human",
        stance: str | None = None,
        attributes: dict[str, Any] | None = None,
        model: str | None = None,
        annotator: str | None = None,
    ) -> Span:
        """Store a span; an identical one (offsets, label, kind) is returned instead."""
        fields = {
            "start": start,
            "end": end,
            "label": label,
            "kind": kind,
            "status": status,
            "origin": origin,
            "stance": stance,
            "attributes": attributes or {},
        }
        self._check_span(document_id, fields)
        with self.transaction():
            existing = self.find_span(document_id, start, end, label, kind)
            if existing is not None:
                return existing
            return self._insert_span(None, document_id, fields, model, annotator)

    def _insert_span(
        self,
        span_id: int | None,
        document_id: int,
        fields: dict[str, Any],
        model: str | None,
        annotator: str | None,
    ) -> Span:
        """Insert checked ``fields`` (with ``span_id``, or a new id) and log ``span.add``."""
        stamp = now()
        who = annotator or self.annotator
        cursor = self.conn.execute(
            'INSERT INTO spans (id, document_id, start, "end", label, kind, status, origin, stance,'
            " attributes, annotator, model, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                span_id,
                document_id,
                *(fields[name] for name in SPAN_FIELDS[:7]),
                to_json(fields["attributes"]),
                who,
                model,
                stamp,
                stamp,
            ),
        )
        span = self.span(int(cursor.lastrowid or 0))
        self._log("span.add", "span", span.id, document_id=document_id, after=span.as_dict(), annotator=who)
        return span

    def span(self, span_id: int) -> Span:
        """The span with this id (``StoreError`` if there is none)."""
        row = self.conn.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no span {span_id}")
        return span_from_row(row)

    def spans(self, document_id: int, *, kind: str | None = None, status: str | None = None) -> list[Span]:
        """A document's spans in text order, optionally of one kind and status."""
        where, params = "document_id = ?", [document_id]
        if kind is not None:
            where += " AND kind = ?"
            params.append(kind)
        if status is not None:
            where += " AND status = ?"
            params.append(status)
        rows = self.conn.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY start, "end" DESC, id', params
        )
        return [span_from_row(row) for row in rows]

    def spans_by_id(self, document_id: int) -> dict[int, Span]:
        """Every span of a document by id, in no order: the quickest way to read all of a long document's.

        Unsorted, so SQLite need not order 20,000 rows; the window keeps its own indexes.
        """
        rows = self.conn.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id = ?", (document_id,))
        return {row[0]: span_from_row(row) for row in rows}

    def update_span(
        self, span_id: int, *, annotator: str | None = None, keep_annotator: bool = False, **changes: Any
    ) -> Span:
        """Change a span's offsets, label, kind, status, origin, stance or attributes.

        The change is logged as ``annotator``'s (default: the project's). The span becomes theirs,
        unless ``keep_annotator``: a model's guess written beside a person's decision leaves the
        decision theirs.
        """
        unknown = set(changes) - set(SPAN_FIELDS)
        if unknown:
            raise StoreError(f"spans have no field {', '.join(sorted(unknown))}")
        with self.transaction():
            before = self.span(span_id)
            fields = {name: getattr(before, name) for name in SPAN_FIELDS} | changes
            if fields == {name: getattr(before, name) for name in SPAN_FIELDS}:
                return before
            self._check_span(before.document_id, fields)
            self._refuse_clash(before.document_id, fields, span_id)
            who = annotator or self.annotator
            self.conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, kind = ?, status = ?, origin = ?,'
                " stance = ?, attributes = ?, annotator = ?, updated_at = ? WHERE id = ?",
                (
                    fields["start"],
                    fields["end"],
                    fields["label"],
                    fields["kind"],
                    fields["status"],
                    fields["origin"],
                    fields["stance"],
                    to_json(fields["attributes"]),
                    before.annotator if keep_annotator else who,
                    now(),
                    span_id,
                ),
            )
            after = self.span(span_id)
            self._log(
                "span.update",
                "span",
                span_id,
                document_id=before.document_id,
                before=before.as_dict(),
                after=after.as_dict(),
                annotator=who,
            )
            return after

    def restore_span(self, record: dict[str, Any], *, annotator: str | None = None) -> Span:
        """Put back a deleted span with its old id (for undo), from ``Span.as_dict()``.

        ``StoreError`` if the id or the place (offsets, label, kind) is taken by now.
        """
        fields = {name: record[name] for name in SPAN_FIELDS}
        self._check_span(record["document_id"], fields)
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM spans WHERE id = ?", (record["id"],)).fetchone():
                raise StoreError(f"span {record['id']} exists already (put back before, or its id reused)")
            self._refuse_clash(record["document_id"], fields, None)
            return self._insert_span(
                record["id"], record["document_id"], fields, record.get("model"), annotator
            )

    def pending_counts(self) -> dict[int, int]:
        """Suggestions still waiting for a decision, per document that has any."""
        rows = self.conn.execute(
            "SELECT document_id, count(*) FROM spans WHERE status = 'suggested' GROUP BY document_id"
        )
        return {doc: count for doc, count in rows}
