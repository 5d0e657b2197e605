"""The project file: documents, spans, relations, settings and the event log."""

from __future__ import annotations

import json
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.paths import default_annotator, default_project_path
from annotator.store.base import StoreError
from annotator.store.bulk import SuggestionWriter
from annotator.store.connection import connect
from annotator.store.documents import DocumentsPart
from annotator.store.events import now, to_json
from annotator.store.models import Relation, Span
from annotator.store.schema import (
    DOCUMENT_STATUSES,
    RELATION_LABELS,
    SCHEMA_VERSION,
    SPAN_KINDS,
    SPAN_ORIGINS,
    SPAN_STATUSES,
    migrate,
    schema_version,
)
from annotator.store.settings import DEFAULTS

if TYPE_CHECKING:
    import sqlite_utils

SPAN_FIELDS = ("start", "end", "label", "kind", "status", "origin", "stance", "attributes")


class Project(DocumentsPart):
    """An open project file. Every public method that writes is one transaction."""

    def __init__(self, path: Path | str, *, annotator: str | None = None) -> None:
        self.path = Path(path)
        self.conn = connect(self.path)
        try:
            self._migrate()
        except BaseException:
            self.conn.close()
            raise
        self.annotator = annotator or default_annotator()

    def _migrate(self) -> None:
        """Bring the file up to date, even when another program creates or migrates it at the same moment.

        Both may read the old version before either takes the write lock; the
        second one's migration then fails on tables the first one made, and the
        file it finds afterwards is current.
        """
        try:
            migrate(self.conn, self.path)
        except sqlite3.OperationalError:
            if self.conn.in_transaction or schema_version(self.conn) != SCHEMA_VERSION:
                raise

    @classmethod
    def open(cls, path: Path | str | None = None, *, annotator: str | None = None) -> Project:
        """Open (creating if needed) the project at ``path``, or the default one."""
        target = Path(path) if path is not None else default_project_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        return cls(target, annotator=annotator)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the file, for ad-hoc queries (imported on first use: it pulls in numpy)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def suggestion_writer(self, document_id: int, model: str, annotator: str) -> SuggestionWriter:
        """A fast writer for one document's new model suggestions (inside :meth:`transaction`)."""
        return SuggestionWriter(self.conn, document_id, model, annotator)

    def close(self) -> None:
        """Close the file; WAL content is checkpointed by SQLite."""
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_span(self, document_id: int, fields: dict[str, Any]) -> None:
        row = self.conn.execute("SELECT length FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no document {document_id}")
        start, end = fields["start"], fields["end"]
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
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

    def find_span(
        self, document_id: int, start: int, end: int, label: str, kind: str = "entity"
    ) -> Span | None:
        """The span with exactly these offsets, label and kind, if stored."""
        rows = list(
            self.query(
                'SELECT * FROM spans WHERE document_id = ? AND kind = ? AND start = ? AND "end" = ?'
                " AND label = ?",
                [document_id, kind, start, end, label],
            )
        )
        return Span.from_row(rows[0]) if rows else None

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
        rows = list(self.query("SELECT * FROM spans WHERE id = ?", [span_id]))
        if not rows:
            raise StoreError(f"there is no span {span_id}")
        return Span.from_row(rows[0])

    def spans(self, document_id: int, *, kind: str | None = None, status: str | None = None) -> list[Span]:
        """A document's spans in text order, optionally of one kind and status."""
        where, params = "document_id = ?", [document_id]
        if kind is not None:
            where += " AND kind = ?"
            params.append(kind)
        if status is not None:
            where += " AND status = ?"
            params.append(status)
        rows = self.query(f'SELECT * FROM spans WHERE {where} ORDER BY start, "end" DESC, id', params)
        return [Span.from_row(row) for row in rows]

    def update_span(self, span_id: int, *, annotator: str | None = None, **changes: Any) -> Span:
        """Change a span's offsets, label, kind, status, origin, stance or attributes."""
        unknown = set(changes) - set(SPAN_FIELDS)
        if unknown:
            raise StoreError(f"spans have no field {', '.join(sorted(unknown))}")
        with self.transaction():
            before = self.span(span_id)
            fields = {name: getattr(before, name) for name in SPAN_FIELDS} | changes
            if fields == {name: getattr(before, name) for name in SPAN_FIELDS}:
                return before
            self._check_span(before.document_id, fields)
            clash = self.find_span(
                before.document_id, fields["start"], fields["end"], fields["label"], fields["kind"]
            )
            if clash is not None and clash.id != span_id:
                raise StoreError(
                    f"the same {fields['kind']} span {fields['start']}-{fields['end']} "
                    f"{fields['label']} exists already"
                )
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
                    who,
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

    def restore_span(self, record: dict[str, Any], *, annotator: str | None = None) -> Span:
        """Put back a deleted span with its old id (for undo), from ``Span.as_dict()``."""
        fields = {name: record[name] for name in SPAN_FIELDS}
        self._check_span(record["document_id"], fields)
        with self.transaction():
            return self._insert_span(
                record["id"], record["document_id"], fields, record.get("model"), annotator
            )

    def pending_counts(self) -> dict[int, int]:
        """Suggestions still waiting for a decision, per document that has any."""
        rows = self.conn.execute(
            "SELECT document_id, count(*) FROM spans WHERE status = 'suggested' GROUP BY document_id"
        )
        return {doc: count for doc, count in rows}

    def relations(self, document_id: int) -> list[Relation]:
        """A document's quote -> speaker and quote -> cue links."""
        rows = self.query("SELECT * FROM relations WHERE document_id = ? ORDER BY id", [document_id])
        return [Relation.from_row(row) for row in rows]

    def relation(self, head_id: int, label: str) -> Relation | None:
        """The quote's link with ``label`` (SPEAKER or CUE), if set."""
        rows = list(self.query("SELECT * FROM relations WHERE head_id = ? AND label = ?", [head_id, label]))
        return Relation.from_row(rows[0]) if rows else None

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

    def set_relation(
        self, head_id: int, label: str, child_id: int | None, *, annotator: str | None = None
    ) -> Relation | None:
        """Link quote ``head_id`` to its speaker or cue span; ``None`` removes the link."""
        if label not in RELATION_LABELS:
            raise StoreError(f"unknown relation {label!r}; use one of {RELATION_LABELS}")
        with self.transaction():
            head = self.span(head_id)
            if head.kind != "quote":
                raise StoreError(f"span {head_id} is a {head.kind}, not a quote")
            old = self.relation(head_id, label)
            if old is not None and old.child_id == child_id:
                return old
            if old is not None:
                self._delete_relation(old, annotator)
            if child_id is None:
                return None
            child = self.span(child_id)
            if child.document_id != head.document_id:
                raise StoreError("a quote and its speaker or cue must be in the same document")
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

    def settings(self) -> dict[str, Any]:
        """All settings, defaults filled in for those never set."""
        stored = {
            key: json.loads(value) for key, value in self.conn.execute("SELECT key, value FROM settings")
        }
        return {**DEFAULTS, **stored}

    def setting(self, key: str) -> Any:
        """One setting's value (its default if never set)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return json.loads(row[0])
        if key not in DEFAULTS:
            raise StoreError(f"there is no setting {key!r}")
        return DEFAULTS[key]

    def set_setting(self, key: str, value: Any) -> None:
        """Change one project setting (logged like every other change)."""
        if key not in DEFAULTS:
            raise StoreError(f"there is no setting {key!r}; known: {', '.join(DEFAULTS)}")
        with self.transaction():
            before = self.setting(key)
            if before == value:
                return
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, to_json(value)),
            )
            self._log(
                "settings.set", "settings", None, document_id=None, before={key: before}, after={key: value}
            )

    def stats(self) -> dict[str, Any]:
        """Counts a user asks about: documents by status, spans by kind and status."""
        documents = dict.fromkeys(DOCUMENT_STATUSES, 0)
        documents |= dict(self.conn.execute("SELECT status, count(*) FROM documents GROUP BY status"))
        spans: dict[str, dict[str, int]] = {kind: dict.fromkeys(SPAN_STATUSES, 0) for kind in SPAN_KINDS}
        for kind, status, count in self.conn.execute(
            "SELECT kind, status, count(*) FROM spans GROUP BY kind, status"
        ):
            spans[kind][status] = count
        labels = dict(
            self.conn.execute(
                "SELECT label, count(*) FROM spans WHERE kind = 'entity' AND status = 'accepted'"
                " GROUP BY label ORDER BY count(*) DESC"
            )
        )
        stances = dict(
            self.conn.execute("SELECT stance, count(*) FROM spans WHERE stance IS NOT NULL GROUP BY stance")
        )
        return {
            "project": str(self.path),
            "documents": {"total": sum(documents.values()), **documents},
            "spans": spans,
            "accepted_entity_labels": labels,
            "stances": stances,
            "relations": int(self.conn.execute("SELECT count(*) FROM relations").fetchone()[0]),
            "events": int(self.conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0),
        }
