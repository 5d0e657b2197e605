"""The project file's schema and its forward migrations (``PRAGMA user_version``)."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from annotator.store.connection import Connection, database_uri, save_copy, transaction
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


def _v4(conn: Connection) -> None:
    """Annotators as layers (ADR 18): other annotators' versions beside the project's own, and its identity.

    ``layer_*`` mirror the documents' statuses, spans and relations of each merged annotator; the
    project's own tables stay its working version (in a merged project, the reviewed one). ``project``
    holds the file's ``uid`` (a copy keeps it: merging a newer copy is recognised) and its ``owner``.
    """
    _run_script(
        conn,
        f"""
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        INSERT INTO project (key, value) VALUES ('uid', lower(hex(randomblob(16))));

        CREATE TABLE layers (
            name TEXT PRIMARY KEY,
            source_uid TEXT NOT NULL,
            source_path TEXT NOT NULL,
            merged_event_id INTEGER NOT NULL DEFAULT 0,
            merged_at TEXT NOT NULL
        );

        CREATE TABLE layer_documents (
            layer TEXT NOT NULL REFERENCES layers(name) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN {_in(DOCUMENT_STATUSES)}),
            PRIMARY KEY (layer, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX layer_documents_document ON layer_documents(document_id, status);

        CREATE TABLE layer_spans (
            id INTEGER PRIMARY KEY,
            layer TEXT NOT NULL REFERENCES layers(name) ON DELETE CASCADE,
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
            updated_at TEXT NOT NULL
        );
        CREATE INDEX layer_spans_document ON layer_spans(layer, document_id, start);

        CREATE TABLE layer_relations (
            id INTEGER PRIMARY KEY,
            layer TEXT NOT NULL REFERENCES layers(name) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            head_id INTEGER NOT NULL REFERENCES layer_spans(id) ON DELETE CASCADE,
            child_id INTEGER NOT NULL REFERENCES layer_spans(id) ON DELETE CASCADE,
            label TEXT NOT NULL CHECK (label IN {_in(RELATION_LABELS)}),
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX layer_relations_document ON layer_relations(layer, document_id);
        CREATE INDEX layer_relations_child ON layer_relations(child_id);
        CREATE INDEX layer_relations_head ON layer_relations(head_id, label);
        """,
    )


def _v5(conn: Connection) -> None:
    """Models trained on the project's own decisions (issue 15), kept in the file so it travels whole.

    One row a kind ("entities", "stance"): spaCy's config and bytes, the spaCy version that wrote
    them (another version's model is refused, not loaded), and the scores measured on the dev split.
    """
    _run_script(
        conn,
        """
        CREATE TABLE models (
            kind TEXT PRIMARY KEY,
            spacy_version TEXT NOT NULL,
            config TEXT NOT NULL,
            data BLOB NOT NULL,
            scores TEXT NOT NULL DEFAULT '{}',
            trained_at TEXT NOT NULL,
            decisions INTEGER NOT NULL DEFAULT 0
        );
        """,
    )


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4, _v5]
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(Exception):
    """The file is not a project this version can open."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's ``PRAGMA user_version`` (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# The tables every version of the schema has: a file without them is some other program's.
PROJECT_TABLES = frozenset({"documents", "spans", "relations", "events", "settings"})


def check_project(conn: sqlite3.Connection, path: Path | None) -> int:
    """The file's schema version, once it is known to be a project this version can open, or an empty file.

    Only reads: a file refused here (another program's database, a project of a newer annotator) is
    left exactly as it was, byte for byte.
    """
    found = schema_version(conn)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = {name for name in tables if not name.startswith("sqlite_")}
    if found > SCHEMA_VERSION and {"documents", "events"} <= tables:
        raise SchemaError(
            f"{path or 'this project'} was written by a newer annotator (schema {found}; "
            f"this version reads up to {SCHEMA_VERSION}). Update annotator to open it."
        )
    if (found == 0 and tables) or (found and not tables >= PROJECT_TABLES):
        raise SchemaError(f"{path} is an SQLite file, but not an annotator project.")
    return found


def refuse_upgrade(path: Path | None, found: int) -> SchemaError:
    """Why a project of schema ``found`` cannot be opened without changing it (for read-only opening)."""
    if found == 0:
        return SchemaError(f"{path} holds no project yet (it is an empty file).")
    return SchemaError(
        f"{path} was written by an earlier annotator (schema {found}; this version uses {SCHEMA_VERSION}) "
        "and must be upgraded before it can be read, which this read-only command does not do: open it in "
        "the window, or with a command that changes it, to upgrade it (a backup of the old file is kept)."
    )


def migrate(conn: Connection, path: Path | None) -> Path | None:
    """Bring a file :func:`check_project` accepted to :data:`SCHEMA_VERSION`; returns its backup, if made.

    All under the write lock, in one transaction: the version is read again there (another program may
    have upgraded the file meanwhile), a file that holds data is backed up (see :func:`back_up`), and the
    migrations run. A file written by a newer annotator is refused rather than touched.
    """
    with transaction(conn):
        found = schema_version(conn)
        if found > SCHEMA_VERSION:
            check_project(conn, path)
        if found >= SCHEMA_VERSION:
            return None
        backup = back_up(path, found) if found and path is not None else None
        for version in range(found, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return backup


def backup_names(path: Path, version: int) -> Iterator[Path]:
    """``NAME.vN.bak``, then ``NAME.vN-2.bak``, ``NAME.vN-3.bak``...: where the schema-N file is kept."""
    yield path.with_name(f"{path.name}.v{version}.bak")
    for number in itertools.count(2):
        yield path.with_name(f"{path.name}.v{version}-{number}.bak")


def back_up(path: Path, version: int) -> Path:
    """Copy the project at ``path`` (schema ``version``) to the first free backup name; returns it.

    Called with the write lock held: a second connection reads the file as committed, which nobody can
    change meanwhile. The copy is created exclusively (:func:`save_copy`): a file or a symbolic link
    already at a name is skipped, never written through or replaced.
    """
    with closing(sqlite3.connect(database_uri(path, "ro"), uri=True)) as source:
        return save_copy(source, backup_names(path, version), mode=path.stat().st_mode & 0o7777)
