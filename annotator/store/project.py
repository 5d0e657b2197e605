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
from annotator.store.models import Relation
from annotator.store.schema import (
    DOCUMENT_STATUSES,
    RELATION_LABELS,
    SCHEMA_VERSION,
    SPAN_KINDS,
    SPAN_STATUSES,
    migrate,
    schema_version,
)
from annotator.store.settings import DEFAULTS
from annotator.store.spans import SpansPart

if TYPE_CHECKING:
    import sqlite_utils


class Project(DocumentsPart, SpansPart):
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
