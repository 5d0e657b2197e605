"""Plain records the store hands out: documents, spans and relations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from annotator.store.base import load_json


@dataclass(frozen=True)
class Document:
    """An article: its exact text and what is known about it."""

    id: int
    text: str
    title: str
    meta: dict[str, Any]
    content_hash: str
    status: str
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Document:
        return cls(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            meta=document_meta(row["id"], row["meta"]),
            content_hash=row["content_hash"],
            status=row["status"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


def document_meta(document_id: int, raw: Any) -> dict[str, Any]:
    """A document's stored ``meta`` decoded: a JSON object, or :class:`~annotator.store.base.DamagedRow`."""
    if raw == "{}":
        return {}
    meta: dict[str, Any] = load_json(raw, "documents", document_id, "meta", document_id=document_id)
    return meta


@dataclass(frozen=True)
class Span:
    """A labelled stretch of a document's text, ``text[start:end]`` in code points."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    kind: str
    status: str
    origin: str
    stance: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    annotator: str = ""
    model: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The span as stored, ready for the event log or an export."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "kind": self.kind,
            "status": self.status,
            "origin": self.origin,
            "stance": self.stance,
            "attributes": self.attributes,
            "annotator": self.annotator,
            "model": self.model,
        }


# The spans table's columns in Span's field order: ``SELECT {SPAN_COLUMNS} FROM spans`` gives
# rows for span_from_row, plain tuples being the cheapest rows SQLite hands out.
_SPAN_NAMES = tuple(field.name for field in fields(Span))
SPAN_COLUMNS = ", ".join(f'"{name}"' for name in _SPAN_NAMES)
_new = object.__new__


def span_from_row(row: Sequence[Any]) -> Span:
    """The span stored as ``row``, a row of :data:`SPAN_COLUMNS`: the one place a span row is decoded.

    Built without the frozen dataclass's ``__init__`` (which sets each field through
    ``object.__setattr__``), and empty attributes without JSON parsing: 20,000 spans
    decode in 35 ms where ``Span(*row)`` took 57 (and the ``dict`` rows before it 160).
    Attributes that are not a JSON object (a row changed outside annotator) raise
    :class:`~annotator.store.base.DamagedRow` naming the row and its document.
    """
    span = _new(Span)
    values = span.__dict__
    values.update(zip(_SPAN_NAMES, row, strict=True))
    raw = values["attributes"]
    values["attributes"] = (
        {} if raw == "{}" else load_json(raw, "spans", row[0], "attributes", document_id=row[1])
    )
    return span


def span_problem(span: Span, text: str) -> str | None:
    """Why ``span`` does not fit ``text``, its document's text, or None if it does.

    The file's own checks keep ``0 <= start < end``; a row changed outside annotator can still end past
    the text, or hold offsets that are not whole numbers. An export calls this for each span it writes
    and reports (and leaves out) those that do not fit, rather than write offsets no reader can use.
    """
    start, end = span.start, span.end
    where = f"span {span.id} ({span.label}) of document {span.document_id}"
    if type(start) is not int or type(end) is not int:
        return f"{where} has offsets that are not whole numbers ({start!r}, {end!r}): the file is damaged"
    if not 0 <= start < end <= len(text):
        return (
            f"{where} runs from {start} to {end}, outside its document's text ({len(text)} characters): "
            "the file is damaged"
        )
    return None


@dataclass(frozen=True)
class Relation:
    """A link from a quote (head) to its speaker or cue (child)."""

    id: int
    document_id: int
    head_id: int
    child_id: int
    label: str
    annotator: str = ""
    created_at: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Relation:
        return cls(**row)

    def as_dict(self) -> dict[str, Any]:
        """The link as the event log records it."""
        return relation_record(self.id, self.document_id, self.head_id, self.child_id, self.label)


def relation_record(
    relation_id: int, document_id: int, head_id: int, child_id: int, label: str
) -> dict[str, Any]:
    """A quote's link to its speaker or cue, as the event log records it."""
    return {
        "id": relation_id,
        "document_id": document_id,
        "head_id": head_id,
        "child_id": child_id,
        "label": label,
    }
