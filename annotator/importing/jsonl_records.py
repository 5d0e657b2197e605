"""JSON Lines in Prodigy, doccano or our own export shape, detected line by line."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.importing.decoding import binary_reason, bom_encoding
from annotator.importing.records import (
    MAX_LINE_BYTES,
    MAX_NESTING,
    NotFinite,
    Record,
    RelationIn,
    SpanIn,
    SpanKey,
    lone_surrogate_in,
    make_span,
    markup_warning,
    nested_too_deeply,
    not_finite_float,
    replace_not_finite,
    shown,
    text_problem,
    too_long,
    type_name,
)
from annotator.problems import Problem
from annotator.vocabulary import DOCUMENT_STATUSES, RELATION_LABELS

ANSWERS = ("accept", "reject", "ignore")
# Keys that describe the task rather than the document; the rest of a line's keys go to meta.
# ("topic" is the topic of the project annotator exported from: the importing project has its own.)
_STRUCTURE = frozenset(
    {"text", "meta", "title", "spans", "relations", "tokens", "answer", "entities", "quotes", "topic"}
)
NOT_JSON_LINES = (
    "this is one JSON document spread over several lines (a .json file?), not JSON Lines: "
    "write one object per line"
)
_SPAN_EXTRAS = ("text", "kind", "status", "origin", "stance", "attributes", "annotator", "model")


def read_jsonl(path: Path) -> Iterator[tuple[int, Record | Problem]]:
    """Yield (bytes read, record or problem) per non-blank line, streaming the file."""
    where = str(path)
    with path.open("rb") as stream:
        head = stream.read(8192)
        stream.seek(0)
        codec = bom_encoding(head)
        if codec in ("utf-16", "utf-32"):
            yield from _read_wide(stream, codec, where)
            return
        reason = binary_reason(head)
        if reason:
            yield 0, Problem(where, reason)
            return
        done = 0
        seen_record = False
        # Lines ended by a bare CR (classic Mac) count as lines too, as editors show them.
        shift = 0
        for number, (raw, size) in enumerate(_lines(stream), start=1):
            number += shift
            done += size
            if size > MAX_LINE_BYTES:
                yield done, Problem(where, too_long(size, "line"), number)
                continue
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                message = (
                    f"not valid UTF-8 (byte 0x{raw[error.start]:02X} at column {error.start + 1}); "
                    "JSON Lines files must be UTF-8"
                )
                yield done, Problem(where, message, number)
                continue
            item = parse_line(line, where, number)
            if not seen_record and isinstance(item, Problem) and _spread_over_lines(line):
                yield done, Problem(where, NOT_JSON_LINES, number)
                return
            seen_record = True
            pieces = _split_at_bare_cr(line) if isinstance(item, Problem) else []
            if len(pieces) < 2:
                yield done, item
                continue
            for at, piece in enumerate(pieces):
                if piece.strip():
                    yield done, parse_line(piece, where, number + at)
            shift += len(pieces) - 1


def _lines(stream: io.BufferedReader) -> Iterator[tuple[bytes, int]]:
    """(line, its length in bytes) in turn; a line too long for a document is skipped unread (b"")."""
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield b"", size + len(rest)


def _split_at_bare_cr(line: str) -> list[str]:
    """The lines of a line that is not JSON because bare CRs end lines in it (no JSON text holds one)."""
    body = line.rstrip("\r\n")
    return body.split("\r") if "\r" in body else []


def _spread_over_lines(line: str) -> bool:
    """Whether a first line that is not valid JSON opens a pretty-printed array or object."""
    opening = line.strip()
    return opening in ("[", "{") or (opening.startswith("[") and not opening.endswith("]"))


def _read_wide(stream: io.BufferedReader, codec: str, where: str) -> Iterator[tuple[int, Record | Problem]]:
    width = 2 if codec == "utf-16" else 4
    limit = MAX_LINE_BYTES // width
    done = 0
    try:
        with io.TextIOWrapper(stream, encoding=codec, newline="") as text:
            number = 0
            while line := text.readline(limit + 1):
                number += 1
                size = len(line)
                if size > limit and not line.endswith(("\n", "\r")):
                    # Too long to hold: skip to the end of the line, reading a bounded piece at a time.
                    while (rest := text.readline(1 << 20)) and not rest.endswith(("\n", "\r")):
                        size += len(rest)
                    done += (size + len(rest)) * width
                    yield done, Problem(where, too_long((size + len(rest)) * width, "line"), number)
                    continue
                done += size * width
                if line.strip():
                    yield done, parse_line(line, where, number)
    except UnicodeDecodeError as error:
        yield done, Problem(where, f"not valid {codec.upper()} after byte {done}: {error.reason}")


def _loads(line: str) -> Any:
    """json.loads, with NaN, Infinity and floats beyond a double parsed as :class:`NotFinite`."""
    return json.loads(line, parse_constant=NotFinite, parse_float=not_finite_float)


def _json_problem(line: str) -> tuple[Any, str | None]:
    """(the parsed line, None), or (None, why it is not JSON this importer can read)."""
    try:
        return _loads(line), None
    except json.JSONDecodeError as error:
        return None, f"invalid JSON: {error.msg} (column {error.colno})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as error:
        # Python refuses to read integers of more than 4300 digits (sys.get_int_max_str_digits).
        digits = re.search(r"value has (\d+) digits", str(error))
        if digits:
            return (
                None,
                f"invalid JSON: a number of {digits.group(1)} digits, too long to read (at most 4300)",
            )
        return None, f"invalid JSON: {error}"


def parse_line(line: str, where: str, number: int) -> Record | Problem:
    """The record one JSON line describes, or the problem that keeps it out."""
    bom = number > 1 and line.startswith("\ufeff")
    if bom:
        line = line[1:]
    task, reason = _json_problem(line)
    if reason:
        return Problem(where, reason, number)
    not_finite = replace_not_finite(task) if isinstance(task, dict | list) else None
    if not isinstance(task, dict):
        return Problem(where, f"expected a JSON object, got {type_name(task)}", number)
    if "text" not in task:
        return Problem(where, 'no "text" field', number)
    reason = text_problem(task["text"])
    if reason is None and ("\\ud" in line or "\\uD" in line):
        field = lone_surrogate_in(task)
        if field:
            # The path may hold the surrogate itself (in a key): spell it as an escape.
            field = field.encode("utf-8", "backslashreplace").decode("utf-8")
            reason = (
                f'"{field}" holds an unpaired surrogate: invalid Unicode (half an emoji?); fix the source'
            )
    if reason:
        return Problem(where, reason, number)
    record = Record(text=task["text"], where=where, line=number)
    if bom:
        record.problem("the line starts with a byte-order mark (files joined together?): ignored", "warning")
    if not_finite:
        field, spelled = not_finite
        record.problem(f'"{field}" is {spelled[:30]}, which is not a JSON number: stored as null', "warning")
    html = markup_warning(record.text)
    if html:
        record.problem(html, "warning")
    _read_meta(task, record)
    _read_task(task, record)
    # Every list of spans a line holds is read: Prodigy's "spans", doccano's "label" and "entities".
    lists = [name for name in ("spans", "label", "entities") if name in task]
    if "label" in lists and not _is_span_list(task["label"]):
        lists.remove("label")
    named = len(lists) > 1
    if "spans" in lists:
        _read_spans(task["spans"], record, named)
    if "label" in lists:
        _read_doccano_labels(task["label"], record, named)
    entities = _read_doccano_entities(task["entities"], record, named) if "entities" in lists else {}
    _read_relations(task.get("relations"), record, entities, doccano="entities" in lists)
    return record


def _is_span_list(label: Any) -> bool:
    """doccano's ``label`` holds spans, unless it is a list of category names."""
    return isinstance(label, list) and not (label and all(isinstance(item, str) for item in label))


def _read_meta(task: dict[str, Any], record: Record) -> None:
    meta = task.get("meta")
    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        record.problem(f'"meta" must be an object, not {type_name(meta)}; ignored', "warning")
        meta = {}
    extras = {
        key: value
        for key, value in task.items()
        if key not in _STRUCTURE and not key.startswith("_") and not (key == "label" and _is_span_list(value))
    }
    record.meta = {**extras, **meta}
    if nested_too_deeply(record.meta):
        record.problem(f"the metadata nests more than {MAX_NESTING} levels deep; ignored", "warning")
        record.meta = {}
    _read_title(task.get("title"), record)


def _read_title(title: Any, record: Record) -> None:
    """The document's title: ``title``, else ``meta.title`` (where our own export writes it).

    A null title is no title. A title that is not text (a number, list or object) is
    kept as its JSON text, with a warning at the line. ``meta.title`` never stays in
    the metadata, since the export writes the title there: one that differs from
    ``title`` is dropped with a warning instead of being lost silently at export.
    """
    field = "title"
    in_meta = record.meta.pop("title", None) if "title" in record.meta else None
    if title is None:
        title, field = in_meta, "meta.title"
    elif in_meta is not None and in_meta != title:
        record.problem(
            f'"meta.title" {shown(in_meta)} differs from "title" {shown(title)}: '
            'the title is kept, "meta.title" dropped',
            "warning",
        )
    if title is None or isinstance(title, str):
        record.title = title or ""
    elif nested_too_deeply(title):
        record.problem(f'"{field}" is {type_name(title)} nested too deeply, not text; ignored', "warning")
    else:
        record.title = json.dumps(title, ensure_ascii=False)
        record.problem(
            f'"{field}" is {type_name(title)}, not text: kept as the text {shown(record.title)}', "warning"
        )


def _read_task(task: dict[str, Any], record: Record) -> None:
    answer = task.get("answer", "accept")
    if not isinstance(answer, str) or answer not in ANSWERS:
        record.problem(
            f"unknown answer {shown(answer)} (use accept, reject or ignore): its spans were skipped"
        )
        answer = "ignore"
    record.answer = answer
    status = task.get("_status")
    if status is not None and (not isinstance(status, str) or status not in DOCUMENT_STATUSES):
        record.problem(f"unknown _status {shown(status)}; the document stays new", "warning")
        status = None
    record.status = status
    annotator = task.get("_annotator_id")
    record.annotator = annotator if isinstance(annotator, str) and annotator else None


def _add_span(record: Record, number: int, span: SpanIn | str, field: str | None = None) -> None:
    """Keep ``span``, or report why not; ``field`` names its list when the line has several."""
    if isinstance(span, str):
        where = f'"{field}" span {number}' if field else f"span {number}"
        record.problem(f"{where}: {span}; skipped")
    else:
        record.spans.append(span)


def _read_list(value: Any, name: str, record: Record) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        record.problem(f'"{name}" must be a list, not {type_name(value)}; none imported')
        return []
    return value


def _read_spans(spans: Any, record: Record, named: bool) -> None:
    """Prodigy spans, with the extra fields of our own export when present."""
    field = "spans" if named else None
    for number, span in enumerate(_read_list(spans, "spans", record), start=1):
        if not isinstance(span, dict):
            _add_span(record, number, f"expected an object, got {type_name(span)}", field)
            continue
        extra = {name: span[name] for name in _SPAN_EXTRAS if name in span}
        made = make_span(record.text, span.get("start"), span.get("end"), span.get("label"), extra)
        _add_span(record, number, made, field)


def _read_doccano_labels(labels: list[Any], record: Record, named: bool) -> None:
    """doccano's ``label: [[start, end, label], ...]``."""
    field = "label" if named else None
    for number, item in enumerate(labels, start=1):
        if not (isinstance(item, list) and len(item) == 3):
            _add_span(record, number, f"expected [start, end, label], got {shown(item)}", field)
            continue
        _add_span(record, number, make_span(record.text, *item, {}), field)


def _read_doccano_entities(entities: Any, record: Record, named: bool) -> dict[Any, SpanKey]:
    """doccano's ``entities``: the spans, and each imported one's key by its entity id."""
    field = "entities" if named else None
    keys: dict[Any, SpanKey] = {}
    for number, entity in enumerate(_read_list(entities, "entities", record), start=1):
        if not isinstance(entity, dict):
            _add_span(record, number, f"expected an object, got {type_name(entity)}", field)
            continue
        made = make_span(
            record.text, entity.get("start_offset"), entity.get("end_offset"), entity.get("label"), {}
        )
        _add_span(record, number, made, field)
        if isinstance(made, SpanIn) and isinstance(entity.get("id"), int | str):
            keys[entity["id"]] = made.key
    return keys


def _is_doccano_relation(relation: dict[str, Any], doccano: bool) -> bool:
    """Whether a relation points at entity ids (doccano) rather than at spans (Prodigy)."""
    if "from_id" in relation or "to_id" in relation:
        return True
    return doccano and "head_span" not in relation and "child_span" not in relation


def _span_key(value: Any) -> SpanKey | None:
    if not isinstance(value, dict):
        return None
    start, end, label = value.get("start"), value.get("end"), value.get("label")
    if isinstance(start, int) and isinstance(end, int) and isinstance(label, str):
        return (start, end, label)
    return None


def _read_relations(relations: Any, record: Record, entities: dict[Any, SpanKey], *, doccano: bool) -> None:
    """Prodigy relations, matched to the line's spans by their (start, end, label), and doccano
    relations, which point at ``entities`` by id."""
    for number, relation in enumerate(_read_list(relations, "relations", record), start=1):
        if not isinstance(relation, dict):
            record.problem(f"relation {number}: expected an object, got {type_name(relation)}; skipped")
            continue
        if _is_doccano_relation(relation, doccano):
            from_id, to_id = relation.get("from_id"), relation.get("to_id")
            head = entities.get(from_id) if isinstance(from_id, int | str) else None
            child = entities.get(to_id) if isinstance(to_id, int | str) else None
            if head is None or child is None:
                record.problem(f"relation {number}: from_id or to_id names no imported entity; skipped")
                continue
            _add_relation(record, number, head, child, relation.get("type"))
            continue
        head, child = _span_key(relation.get("head_span")), _span_key(relation.get("child_span"))
        if head is None or child is None:
            record.problem(f"relation {number}: head_span and child_span need start, end and label; skipped")
            continue
        _add_relation(record, number, head, child, relation.get("label"))


def _add_relation(record: Record, number: int, head: SpanKey, child: SpanKey, label: Any) -> None:
    name = label.upper() if isinstance(label, str) else label
    if not isinstance(name, str) or name not in RELATION_LABELS:
        record.problem(f"relation {number}: label {shown(label)} is neither SPEAKER nor CUE; skipped")
        return
    record.relations.append(RelationIn(head, child, name))
