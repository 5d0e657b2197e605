"""Reads for whole-corpus work (export): ids from the status index, and pages of documents, spans and links.

A page of any size costs one query per method, and rows come back as plain
tuples turned into the store's frozen records without their ``__init__``: the
cheapest way found to read 100,000 documents (see docs/adr/0015).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from typing import Any

from annotator.store.base import ProjectBase, StoreError
from annotator.store.models import SPAN_COLUMNS, Document, Relation, Span, document_meta, span_from_row

# The fields of Document in order: pages are read as plain tuples, the cheapest rows.
_DOCUMENT_FIELDS = [field.name for field in dataclasses.fields(Document)]
DOCUMENT_COLUMNS = ", ".join(f'"{name}"' for name in _DOCUMENT_FIELDS)
_META = _DOCUMENT_FIELDS.index("meta")


def _frozen(cls: type[Any], names: list[str], values: list[Any]) -> Any:
    """``cls(*values)`` for a frozen dataclass, without its ``__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
    which made building a page's spans the largest cost of a token-free export.
    """
    made = object.__new__(cls)
    made.__dict__.update(zip(names, values, strict=True))
    return made


def _document(row: tuple[Any, ...]) -> Document:
    values = list(row)
    values[_META] = document_meta(values[0], values[_META])
    return _frozen(Document, _DOCUMENT_FIELDS, values)


def status_filter(status: str | None, leave_out: Sequence[str]) -> tuple[list[str], list[str]]:
    """SQL conditions and their values: documents with ``status`` (any if None), none of ``leave_out``."""
    where: list[str] = []
    params: list[str] = []
    if status is not None:
        where.append("status = ?")
        params.append(status)
    if leave_out:
        where.append(f"status NOT IN ({','.join('?' * len(leave_out))})")
        params.extend(leave_out)
    return where, params


class ReadsPart(ProjectBase):
    """Named reads of many documents at once, for exports; and a document's status alone."""

    def export_ids(self, *, status: str | None = None, leave_out: Sequence[str] = ()) -> list[int]:
        """Ids of the documents with ``status`` (any if None) and none of ``leave_out``'s, in import order.

        Read from the status index, which holds every id: a scan of the documents
        table itself reads their texts too (a quarter of a second at 100,000).
        """
        where, params = status_filter(status, leave_out)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        query = f"SELECT id FROM documents INDEXED BY documents_status{clause} ORDER BY id"
        return [row[0] for row in self.conn.execute(query, params)]

    def documents_with_json_text(self, ids: Sequence[int]) -> dict[int, tuple[Document, str]]:
        """The documents ``ids`` (those that exist), each with its text as a JSON string.

        The JSON is SQLite's ``json_quote``: the same characters ``json.dumps(text,
        ensure_ascii=False)`` writes, in a third of the time.
        """
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS}, json_quote(text) FROM documents WHERE id IN ({marks})", ids
        )
        return {row[0]: (_document(row[:-1]), row[-1]) for row in rows}

    def spans_by_document(self, ids: Sequence[int]) -> dict[int, list[Span]]:
        """Every span (any status) of each document in ``ids``, in text order: start, longest first."""
        marks = ",".join("?" * len(ids))
        spans: dict[int, list[Span]] = {doc_id: [] for doc_id in ids}
        for row in self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id IN ({marks})"
            ' ORDER BY document_id, start, "end" DESC, kind, label',
            ids,
        ):
            spans[row[1]].append(span_from_row(row))
        return spans

    def relations_by_document(self, ids: Sequence[int]) -> dict[int, list[Relation]]:
        """The quote links of each document in ``ids``, in the order they were made."""
        marks = ",".join("?" * len(ids))
        relations: dict[int, list[Relation]] = {doc_id: [] for doc_id in ids}
        for row in self.query(
            f"SELECT * FROM relations WHERE document_id IN ({marks}) ORDER BY document_id, id", ids
        ):
            relations[row["document_id"]].append(Relation.from_row(row))
        return relations

    def last_annotators(self, ids: Sequence[int]) -> dict[int, str]:
        """Who made the latest logged change to each document in ``ids`` (documents never changed: absent)."""
        marks = ",".join("?" * len(ids))
        return dict(
            self.conn.execute(
                "SELECT e.document_id, e.annotator FROM events e JOIN"
                f" (SELECT max(id) AS id FROM events WHERE document_id IN ({marks}) GROUP BY document_id) m"
                " ON e.id = m.id",
                ids,
            )
        )

    def titles(self, ids: Collection[int]) -> dict[int, str]:
        """The titles of the documents ``ids`` that exist."""
        found: dict[int, str] = {}
        listed = list(ids)
        for start in range(0, len(listed), 10_000):
            chunk = listed[start : start + 10_000]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"SELECT id, title FROM documents WHERE id IN ({marks})", chunk))
        return found

    def document_status(self, document_id: int) -> str:
        """A document's status alone, without reading its text (``StoreError`` if there is none)."""
        row = self.conn.execute("SELECT status FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no document {document_id}")
        return str(row[0])
