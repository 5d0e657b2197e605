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
from annotator.store.events import to_json
from annotator.store.reads import ReadsPart
from annotator.store.relations import RelationsPart
from annotator.store.schema import SCHEMA_VERSION, migrate, schema_version
from annotator.store.settings import DEFAULTS
from annotator.store.window_reads import WindowReadsPart
from annotator.vocabulary import DOCUMENT_STATUSES, SPAN_KINDS, SPAN_STATUSES

if TYPE_CHECKING:
    import sqlite_utils


class Project(DocumentsPart, RelationsPart, ReadsPart, WindowReadsPart):
    """An open project file. Every public method that writes is one transaction.

    Its parts: documents (:class:`DocumentsPart`), spans (``SpansPart``) and the
    links between them (:class:`RelationsPart`), all on the connection,
    transactions and event log of ``ProjectBase``. Here: opening and closing the
    file, settings and stats.
    """

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
        labels: dict[str, int] = {}
        # One pass over the spans_counts index gives both the kind/status counts and the labels.
        for kind, status, label, count in self.conn.execute(
            "SELECT kind, status, label, count(*) FROM spans GROUP BY kind, status, label"
        ):
            spans[kind][status] += count
            if kind == "entity" and status == "accepted":
                labels[label] = count
        labels = dict(sorted(labels.items(), key=lambda item: -item[1]))
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
