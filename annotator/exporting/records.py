"""The Prodigy-compatible record of one document, as written to JSONL (and partly to DocBin user data)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from annotator.exporting.aligned import AlignedDocument, ExportSpan, Link, Quote
from annotator.exporting.hashes import input_hash, json_string, task_hash
from annotator.problems import Problem
from annotator.store import Document, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

ANSWERS = {"skipped": "ignore"}


def meta_with_title(document: Document) -> dict[str, Any]:
    """The metadata as imported, with the title (the title column wins) as the last key."""
    meta = {key: value for key, value in document.meta.items() if key != "title"}
    meta["title"] = document.title
    return meta


_TOKEN = '{"text": %s, "start": %d, "end": %d, "id": %d, "ws": %s}'
_WS = ("false", "true")


def tokens_json(doc: Doc, text: str) -> str:
    """Prodigy's token list as JSON text: text, character offsets, index and whether a space follows.

    The same text ``json.dumps`` writes for the list of dicts, made with one
    string formatting per document from the token arrays: a Wikinews article
    has about 900 tokens, and a ``Token`` and a dict for each took twice as
    long. ``text`` is the text ``doc`` was made from.
    """
    from spacy.attrs import IDX, LENGTH, SPACY

    columns = doc.to_array([IDX, LENGTH, SPACY])
    count = len(columns)
    starts = columns[:, 0]
    ends = (starts + columns[:, 1]).tolist()
    starts = starts.tolist()
    values: list[object] = [None] * (5 * count)
    values[0::5] = map(json_string, map(text.__getitem__, map(slice, starts, ends)))
    values[1::5] = starts
    values[2::5] = ends
    values[3::5] = range(count)
    values[4::5] = map(_WS.__getitem__, columns[:, 2].tolist())
    return "[" + ", ".join([_TOKEN] * count) % tuple(values) + "]"


def _offsets(item: ExportSpan) -> dict[str, Any]:
    """Character offsets, then token indexes (``token_end`` inclusive) when the export has tokens."""
    offsets: dict[str, Any] = {"start": item.span.start, "end": item.span.end}
    if item.alignment is not None:
        offsets["token_start"] = item.alignment.token_start
        offsets["token_end"] = item.alignment.token_end
    return offsets


def edited(span: Span) -> bool:
    """Whether a person changed the label, start or end of this suggestion of the model.

    The first such change keeps the model's values in ``attributes["suggested"]``
    (``label``, ``start``, ``end``); a span changed back to them is not edited.
    """
    suggested = span.attributes.get("suggested")
    if span.origin != "model" or not isinstance(suggested, dict):
        return False
    return (suggested.get("label"), suggested.get("start"), suggested.get("end")) != (
        span.label,
        span.start,
        span.end,
    )


def suggested_stance(span: Span) -> dict[str, Any] | None:
    """The project's stance model's guess, ``{"label", "p"}``, while no person has given a stance; else None.

    A suggested stance is never a decision: ``stance`` stays None until someone confirms it.
    """
    if span.stance is not None:
        return None
    guess = span.attributes.get("suggested_stance")
    return guess if isinstance(guess, dict) and "label" in guess else None


def span_record(item: ExportSpan) -> dict[str, Any]:
    """A span with its offsets (see :func:`_offsets`) and everything the project knows of it."""
    span = item.span
    return {
        "id": item.local_id,
        **_offsets(item),
        "label": span.label,
        "kind": span.kind,
        "status": span.status,
        "stance": span.stance,
        "suggested_stance": suggested_stance(span),
        "origin": span.origin,
        "edited": "suggested" in span.attributes and edited(span),
        "annotator": span.annotator,
        "model": span.model,
        "attributes": span.attributes,
    }


def _end_span(item: ExportSpan) -> dict[str, Any]:
    return {**_offsets(item), "label": item.span.label}


def relation_record(link: Link) -> dict[str, Any]:
    """A link in Prodigy's shape; ``head`` and ``child`` (token indexes) only when the export has tokens."""
    ends: dict[str, Any] = {}
    if link.head.alignment is not None and link.child.alignment is not None:
        ends = {"head": link.head.alignment.token_end, "child": link.child.alignment.token_end}
    spans = {"head_span": _end_span(link.head), "child_span": _end_span(link.child)}
    return {**ends, **spans, "label": link.label}


def _excerpt(text: str, item: ExportSpan | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"start": item.span.start, "end": item.span.end, "text": text[item.span.start : item.span.end]}


def quote_record(text: str, quote: Quote) -> dict[str, Any]:
    """A quote with its parts, speaker, resolved speaker name, cue and stance, all by character offsets."""
    span = quote.span.span
    attributes = span.attributes
    return {
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
        "type": attributes.get("type"),
        "parts": attributes.get("parts") or [[span.start, span.end]],
        "speaker": _excerpt(text, quote.speaker),
        "speaker_name": attributes.get("speaker_name"),
        "cue": _excerpt(text, quote.cue),
        "stance": span.stance,
        "suggested_stance": suggested_stance(span),
        "status": span.status,
        "confidence": attributes.get("confidence"),
    }


def annotations(aligned: AlignedDocument) -> dict[str, list[dict[str, Any]]]:
    """The exported spans, relations and quotes of a document, as plain JSON-able records.

    Relations follow Prodigy's convention: ``head`` and ``child`` are the
    indexes of the last token of the quote and of its speaker or cue.
    """
    return {
        "spans": [span_record(item) for item in aligned.spans],
        "relations": [relation_record(link) for link in aligned.links],
        "quotes": [quote_record(aligned.document.text, quote) for quote in aligned.quotes],
    }


# Strict JSON: a NaN or an infinity raises ValueError instead of being written as a bare NaN.
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
_SPELLED = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
MAX_FIELDS_NAMED = 5


def finite(value: Any, path: str, found: list[str]) -> Any:
    """``value`` with every NaN, Infinity and -Infinity in it replaced by None.

    Each replaced number is added to ``found`` as its path and JSON spelling, such
    as ``meta.score (NaN)``. Other values are returned as they are (not copied).
    """
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        found.append(f"{path} ({_SPELLED[repr(value)]})")
        return None
    if isinstance(value, dict):
        return {key: finite(item, f"{path}.{key}", found) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item, f"{path}[{index}]", found) for index, item in enumerate(value)]
    return value


def not_finite_problem(document: Document, found: list[str]) -> Problem:
    """The warning for a document whose record held the numbers ``found`` that JSON cannot hold."""
    named = ", ".join(found[:MAX_FIELDS_NAMED])
    if len(found) > MAX_FIELDS_NAMED:
        named += f" and {len(found) - MAX_FIELDS_NAMED} more"
    return Problem(
        f"document {document.id}",
        f"{named}: not a number strict JSON can hold (the project file has it from another program): "
        "exported as null",
        severity="warning",
    )


def _strict(
    head: dict[str, Any], tail: dict[str, Any], document: Document, note: Callable[[Problem], None] | None
) -> tuple[str, str]:
    """``head`` and ``tail`` as JSON objects; NaN and infinities become null, reported through ``note``."""
    try:
        return _encode(head), _encode(tail)
    except ValueError:  # rare: numbers no import lets in, planted in the file by another program
        found: list[str] = []
        head, tail = finite(head, "", found), finite(tail, "", found)
        if note is not None:
            note(not_finite_problem(document, [name.removeprefix(".") for name in found]))
        return _encode(head), _encode(tail)


def record_line(aligned: AlignedDocument, *, note: Callable[[Problem], None] | None = None) -> str:
    """The JSON text of a document's record, keys in a fixed order, without a line break.

    ``_annotator_id`` is who made the latest logged change to the document or
    its spans; ``_timestamp`` is the document's ``updated_at`` in Unix seconds.
    Both are facts about this project, which an import elsewhere does not keep.
    ``tokens`` comes after ``_status`` when the document was tokenised. ``topic`` is
    the project's topic, which every stance is toward.

    The line is strict JSON, as every JSON parser reads it: a NaN, Infinity or
    -Infinity in the metadata or a span's attributes (which only another program
    writing the project file can put there) is written as ``null``, and ``note``
    is given a warning naming the document and each such field.
    """
    document = aligned.document
    text_hash = input_hash(document.content_hash)
    head = {
        "meta": meta_with_title(document),
        "topic": aligned.topic,
        "_input_hash": text_hash,
        "_task_hash": task_hash(text_hash, (item.span for item in aligned.spans)),
        "_status": document.status,
    }
    tail = {
        **annotations(aligned),
        "answer": ANSWERS.get(document.status, "accept"),
        "_annotator_id": aligned.annotator,
        "_timestamp": int(datetime.fromisoformat(document.updated_at).timestamp()),
    }
    text = f'{{"text": {aligned.text_json}, '
    head_json, tail_json = _strict(head, tail, document, note)
    if aligned.doc is None:
        return escape_line_breaks(f"{text}{head_json[1:-1]}, {tail_json[1:]}")
    tokens = tokens_json(aligned.doc, document.text)
    return escape_line_breaks(f'{text}{head_json[1:-1]}, "tokens": {tokens}, {tail_json[1:]}')


# JSON may hold these raw, but str.splitlines() and JavaScript line readers end a line at them.
_UNICODE_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def escape_line_breaks(line: str) -> str:
    """``line`` with NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR written as JSON escapes."""
    for raw, escaped in _UNICODE_LINE_BREAKS.items():
        if raw in line:
            line = line.replace(raw, escaped)
    return line
