"""A project's documents: adding each text once, reading, searching and marking their status."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.store.base import ProjectBase, StoreError
from annotator.store.events import now, to_json
from annotator.store.models import Document
from annotator.vocabulary import DOCUMENT_STATUSES

_UPDATE_DOCUMENT = {
    column: f"UPDATE documents SET {column} = ?, updated_at = ? WHERE id = ?" for column in ("status", "meta")
}


def content_hash(text: str) -> str:
    """The identity of a document: SHA-256 of its exact text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _searchable(word: str) -> bool:
    """Whether the full-text index can match ``word``: it has a letter, digit or private-use character.

    Those (categories L*, N*, Co) are the token characters of FTS5's unicode61 tokenizer; the rest
    only separates words, so a word of punctuation alone matches no document.
    """
    return any(unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co" for char in word)


class DocumentsPart(ProjectBase):
    """Articles stored by their exact text, found by id, status or words."""

    def add_document(
        self, text: str, *, title: str = "", meta: dict[str, Any] | None = None
    ) -> tuple[int, bool]:
        """Store ``text`` unless the same text is there; returns (id, created)."""
        return self.add_documents([{"text": text, "title": title, "meta": meta or {}}])[0]

    def add_documents(self, records: Iterable[dict[str, Any]]) -> list[tuple[int, bool]]:
        """Store many documents in one transaction; the same text twice is one document.

        Each record has ``text`` and optionally ``title`` and ``meta``. Returns
        (id, created) per record, in order.
        """
        results: list[tuple[int, bool]] = []
        stamp = now()
        with self.transaction():
            first_new = None
            for record in records:
                text = record["text"]
                if not isinstance(text, str) or not text.strip():
                    raise StoreError("a document needs a non-empty text")
                digest = content_hash(text)
                found = self.conn.execute(
                    "SELECT id FROM documents WHERE content_hash = ?", (digest,)
                ).fetchone()
                if found:
                    results.append((found[0], False))
                    continue
                title = str(record.get("title") or "")
                cursor = self.conn.execute(
                    "INSERT INTO documents (text, length, title, meta, content_hash, status,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
                    (text, len(text), title, to_json(record.get("meta") or {}), digest, stamp, stamp),
                )
                doc_id = int(cursor.lastrowid or 0)
                first_new = first_new or doc_id
                self._log(
                    "document.add",
                    "document",
                    doc_id,
                    document_id=doc_id,
                    after={"title": title, "content_hash": digest, "length": len(text)},
                    at=stamp,
                )
                results.append((doc_id, True))
            if first_new is not None:
                # Ids only grow inside one write transaction, so the new rows are id >= first_new.
                self.conn.execute(
                    "INSERT INTO documents_fts(rowid, title, text)"
                    " SELECT id, title, text FROM documents WHERE id >= ?",
                    (first_new,),
                )
        return results

    def document(self, document_id: int) -> Document:
        """The document with this id (``StoreError`` if there is none)."""
        rows = list(self.query("SELECT * FROM documents WHERE id = ?", [document_id]))
        if not rows:
            raise StoreError(f"there is no document {document_id}")
        return Document.from_row(rows[0])

    def document_id_for_text(self, text: str) -> int | None:
        """The id of the document holding exactly ``text``, if any."""
        row = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash = ?", (content_hash(text),)
        ).fetchone()
        return None if row is None else int(row[0])

    def document_ids(self, status: str | None = None) -> list[int]:
        """Ids of all documents (or those with ``status``) in import order.

        Read through the status index as one JSON array and sorted here: at 100,000
        documents ``ORDER BY id`` scans the whole table, texts and all (~10x slower).
        """
        statuses = [status] if status else list(DOCUMENT_STATUSES)
        marks = ",".join("?" * len(statuses))
        found = self.conn.execute(
            f"SELECT json_group_array(id) FROM documents WHERE status IN ({marks})", statuses
        ).fetchone()[0]
        return sorted(json.loads(found))

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[Document]:
        """Documents in id order (all, or those in ``ids``), read in pages."""
        wanted = self.document_ids() if ids is None else list(ids)
        for offset in range(0, len(wanted), 500):
            page = wanted[offset : offset + 500]
            marks = ",".join("?" * len(page))
            rows = self.query(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", page)
            yield from (Document.from_row(row) for row in rows)

    def search_document_ids(self, query: str, status: str | None = None) -> list[int]:
        """Ids of documents whose title or text has every word of ``query`` (as a word prefix).

        Words of punctuation alone are left out; a query without any other is no filter.
        """
        words = [word.replace('"', '""') for word in query.split() if _searchable(word)]
        if not words:
            return self.document_ids(status)
        match = " ".join(f'"{word}"*' for word in words)
        sql = "SELECT json_group_array(rowid) FROM documents_fts WHERE documents_fts MATCH ?"
        params: list[Any] = [match]
        if status is not None:
            sql = (
                "SELECT json_group_array(id) FROM documents WHERE status = ? AND id IN"
                " (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            )
            params.insert(0, status)
        return sorted(json.loads(self.conn.execute(sql, params).fetchone()[0]))

    def count_documents(self, status: str | None = None) -> int:
        """How many documents there are (with ``status``, if given)."""
        if status is None:
            return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        return int(
            self.conn.execute("SELECT count(*) FROM documents WHERE status = ?", (status,)).fetchone()[0]
        )

    def count_by_status(self) -> dict[str, int]:
        """How many documents have each status (every status, 0 when none has it), in one query."""
        counts = dict.fromkeys(DOCUMENT_STATUSES, 0)
        return counts | dict(self.conn.execute("SELECT status, count(*) FROM documents GROUP BY status"))

    def set_document_status(self, document_id: int, status: str) -> None:
        """Mark a document new, in progress, done or skipped."""
        if status not in DOCUMENT_STATUSES:
            raise StoreError(f"unknown document status {status!r}; use one of {DOCUMENT_STATUSES}")
        with self.transaction():
            before = self.document(document_id).status
            if before == status:
                return
            self._update_document(document_id, "status", before, status)

    def update_document_meta(self, document_id: int, meta: dict[str, Any]) -> None:
        """Merge ``meta`` into the document's metadata."""
        with self.transaction():
            old = self.document(document_id).meta
            merged = {**old, **meta}
            if merged == old:
                return
            self._update_document(document_id, "meta", old, merged)

    def _update_document(self, document_id: int, column: str, before: Any, after: Any) -> None:
        """Set the ``status`` or ``meta`` column and log ``document.<column>``."""
        stored = to_json(after) if column == "meta" else after
        self.conn.execute(_UPDATE_DOCUMENT[column], (stored, now(), document_id))
        self._log(
            f"document.{column}",
            "document",
            document_id,
            document_id=document_id,
            before={column: before},
            after={column: after},
        )
