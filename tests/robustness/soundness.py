"""Checks that a project file is sound: SQLite's own checks, and the event log agreeing with the tables."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

SPAN_COLUMNS = ("document_id", "start", "end", "label", "kind", "status", "origin", "stance", "attributes")
RELATION_COLUMNS = ("document_id", "head_id", "child_id", "label")


def _rows(conn: sqlite3.Connection, sql: str) -> dict[int, dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    try:
        return {row["id"]: dict(row) for row in conn.execute(sql)}
    finally:
        conn.row_factory = None


def replayed(conn: sqlite3.Connection) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Spans and relations as the event log says they are now, by id."""
    spans: dict[int, dict[str, Any]] = {}
    relations: dict[int, dict[str, Any]] = {}
    for action, target_id, after in conn.execute("SELECT action, target_id, after FROM events ORDER BY id"):
        table = spans if action.startswith("span.") else relations if action.startswith("relation.") else None
        if table is None:
            continue
        if action.endswith(".delete"):
            assert target_id in table, f"{action} of {target_id}, which the log never added"
            del table[target_id]
        else:
            assert action.endswith(".add") == (target_id not in table), f"{action} of {target_id}"
            table[target_id] = json.loads(after)
    return spans, relations


def assert_sound(path: Path) -> dict[str, int]:
    """Raise AssertionError unless the file at ``path`` is intact and nothing in it is half applied.

    Returns counts of documents, spans, relations and events, for reports.
    """
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        spans, relations = replayed(conn)
        stored_spans = _rows(conn, "SELECT * FROM spans")
        stored_relations = _rows(conn, "SELECT * FROM relations")
        assert set(spans) == set(stored_spans), "spans and span events disagree"
        assert set(relations) == set(stored_relations), "relations and relation events disagree"
        for span_id, row in stored_spans.items():
            row = {**row, "attributes": json.loads(row["attributes"])}
            assert {c: row[c] for c in SPAN_COLUMNS} == {c: spans[span_id][c] for c in SPAN_COLUMNS}, span_id
        for relation_id, row in stored_relations.items():
            logged = relations[relation_id]
            assert {c: row[c] for c in RELATION_COLUMNS} == {c: logged[c] for c in RELATION_COLUMNS}
            assert stored_spans[row["head_id"]]["kind"] == "quote", "a relation whose head is not a quote"
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        added = conn.execute("SELECT count(*) FROM events WHERE action = 'document.add'").fetchone()[0]
        assert documents == added, "documents and document events disagree"
        fts = conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        assert fts == documents, "the search index misses documents"
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    return {"documents": documents, "spans": len(spans), "relations": len(relations), "events": events}
