"""Which documents an export takes, and reading them page by page with their spans and links.

Each page costs four queries (documents, spans, relations, latest annotators),
whatever its size, so the cheap part of an export stays cheap; only one page is
held in memory at a time.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.store import Document, Project, Relation, Span

PAGE_SIZE = 200


@dataclass(frozen=True)
class Bundle:
    """A document with its spans (every status, text order) and its quote links.

    ``text_json`` is the text as a JSON string, made by SQLite's ``json_quote``:
    the same characters ``json.dumps(text, ensure_ascii=False)`` writes, in a
    third of the time.
    """

    document: Document
    spans: list[Span]
    relations: list[Relation]
    annotator: str
    text_json: str


def select_ids(project: Project, *, done_only: bool, leave_out: Sequence[str] = ()) -> list[int]:
    """Ids of the documents to export, in import order.

    Read from the status index, which holds every id: a scan of the documents
    table itself reads their texts too (a quarter of a second at 100,000).
    """
    where, params = [], []
    if done_only:
        where.append("status = 'done'")
    if leave_out:
        where.append(f"status NOT IN ({','.join('?' * len(leave_out))})")
        params.extend(leave_out)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    query = f"SELECT id FROM documents INDEXED BY documents_status{clause} ORDER BY id"
    return [row[0] for row in project.conn.execute(query, params)]


def dev_ids(ids: Sequence[int], split: float, seed: int) -> set[int]:
    """The documents held out for evaluation: a ``split`` share, chosen by a shuffle seeded with ``seed``.

    With two or more documents both parts get at least one, so that spaCy's
    training finds a dev set.
    """
    if not 0 < split < 1:
        raise ValueError(f"split must be between 0 and 1 (the share of documents for dev), got {split}")
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    count = round(len(shuffled) * split)
    if len(shuffled) >= 2:
        count = min(max(count, 1), len(shuffled) - 1)
    return set(shuffled[:count])


def bundles(project: Project, ids: Sequence[int], page_size: int = PAGE_SIZE) -> Iterator[Bundle]:
    """The documents ``ids`` in that order, read a page at a time."""
    for offset in range(0, len(ids), page_size):
        yield from _page(project, ids[offset : offset + page_size])


# The fields of Span and Document in order: pages are read as plain tuples, the cheapest rows.
_SPAN_FIELDS = [field.name for field in dataclasses.fields(Span)]
SPAN_COLUMNS = ", ".join(f'"{name}"' for name in _SPAN_FIELDS)
_ATTRIBUTES = _SPAN_FIELDS.index("attributes")
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


def _span(row: tuple[Any, ...]) -> Span:
    values = list(row)
    raw = values[_ATTRIBUTES]
    values[_ATTRIBUTES] = {} if raw == "{}" else json.loads(raw)
    return _frozen(Span, _SPAN_FIELDS, values)


def _document(row: tuple[Any, ...]) -> Document:
    values = list(row)
    values[_META] = json.loads(values[_META])
    return _frozen(Document, _DOCUMENT_FIELDS, values)


def _page(project: Project, ids: Sequence[int]) -> Iterator[Bundle]:
    marks = ",".join("?" * len(ids))
    documents, texts_json = {}, {}
    for row in project.conn.execute(
        f"SELECT {DOCUMENT_COLUMNS}, json_quote(text) FROM documents WHERE id IN ({marks})", ids
    ):
        documents[row[0]] = _document(row[:-1])
        texts_json[row[0]] = row[-1]
    spans: dict[int, list[Span]] = {doc_id: [] for doc_id in ids}
    for row in project.conn.execute(
        f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id IN ({marks})"
        ' ORDER BY document_id, start, "end" DESC, kind, label',
        ids,
    ):
        spans[row[1]].append(_span(row))
    relations: dict[int, list[Relation]] = {doc_id: [] for doc_id in ids}
    for row in project.db.query(
        f"SELECT * FROM relations WHERE document_id IN ({marks}) ORDER BY document_id, id", ids
    ):
        relations[row["document_id"]].append(Relation.from_row(row))
    annotators = dict(
        project.conn.execute(
            "SELECT e.document_id, e.annotator FROM events e JOIN"
            f" (SELECT max(id) AS id FROM events WHERE document_id IN ({marks}) GROUP BY document_id) m"
            " ON e.id = m.id",
            ids,
        )
    )
    for doc_id in ids:
        document = documents.get(doc_id)
        if document is not None:
            yield Bundle(
                document, spans[doc_id], relations[doc_id], annotators.get(doc_id, ""), texts_json[doc_id]
            )
