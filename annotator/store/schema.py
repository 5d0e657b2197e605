"""The project file's schema and its forward migrations (``PRAGMA user_version``)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from annotator.store.connection import Connection, transaction
from annotator.vocabulary import DOCUMENT_STATUSES, RELATION_LABELS, SPAN_KINDS, SPAN_ORIGINS, SPAN_STATUSES


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _run_script(conn: Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the open transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


def _v1(conn: Connection) -> None:
    _run_script(
        conn,
        f"""
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{{}}',
            content_hash TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN {_in(DOCUMENT_STATUSES)}),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_status ON documents(status);

        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            label TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN {_in(SPAN_KINDS)}),
            status TEXT NOT NULL CHECK (status IN {_in(SPAN_STATUSES)}),
            origin TEXT NOT NULL CHECK (origin IN {_in(SPAN_ORIGINS)}),
            stance TEXT,
            attributes TEXT NOT NULL DEFAULT '{{}}',
            annotator TEXT NOT NULL DEFAULT '',
            model TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (document_id, kind, start, "end", label)
        );
        CREATE INDEX spans_document ON spans(document_id, start);
        CREATE INDEX spans_pending ON spans(document_id) WHERE status = 'suggested';

        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            head_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            child_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            label TEXT NOT NULL CHECK (label IN {_in(RELATION_LABELS)}),
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (head_id, label)
        );
        CREATE INDEX relations_document ON relations(document_id);
        CREATE INDEX relations_child ON relations(child_id);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            batch TEXT NOT NULL,
            at TEXT NOT NULL,
            annotator TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            target TEXT NOT NULL,
            target_id INTEGER,
            before TEXT,
            after TEXT
        );
        CREATE INDEX events_document ON events(document_id, id);
        CREATE INDEX events_batch ON events(batch);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _v2(conn: Connection) -> None:
    """Word-prefix search over titles and texts.

    ``detail=none`` keeps the index small and imports fast; it rules out phrase queries only. New
    documents are indexed by ``Project.add_documents`` once per batch (a row trigger costs 2x import
    speed); updates and deletes are kept in step by triggers.
    """
    _run_script(
        conn,
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', detail=none
        );
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
                VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
                VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
        """,
    )


def _v3(conn: Connection) -> None:
    """Indexes that ``stats`` counts from alone: a million spans are counted in a fifth of a second.

    Without them each count read every span row (over a second at 100,000 documents).
    """
    _run_script(
        conn,
        """
        CREATE INDEX spans_counts ON spans(kind, status, label);
        CREATE INDEX spans_stance ON spans(stance) WHERE stance IS NOT NULL;
        """,
    )


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(Exception):
    """The file is not a project this version can open."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's ``PRAGMA user_version`` (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, path: Path | None) -> int:
    """Bring the file to :data:`SCHEMA_VERSION`; back it up first if it holds data.

    Returns the version the file had. A file written by a newer annotator is
    refused rather than touched.
    """
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaError(
            f"{path or 'this project'} was written by a newer annotator (schema {found}; "
            f"this version reads up to {SCHEMA_VERSION}). Update annotator to open it."
        )
    if found == SCHEMA_VERSION:
        return found
    if found == 0 and _has_foreign_tables(conn):
        raise SchemaError(f"{path} is an SQLite file, but not an annotator project.")
    if found and path is not None:
        backup = path.with_name(f"{path.name}.v{found}.bak")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup)
    with transaction(conn):
        for version in range(found, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return found


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return any(not name.startswith("sqlite_") for (name,) in rows)
