"""Input records in one shape, whatever file they came from, and the checks a span must pass."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.problems import Problem
from annotator.vocabulary import SPAN_KINDS, SPAN_ORIGINS, SPAN_STATUSES

SpanKey = tuple[int, int, str]

_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_START = re.compile(r"\s*<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
HTML_WARNING = (
    "the text looks like HTML (it starts with a tag): imported as is, markup and all; "
    "save the page as plain text to annotate only the article"
)
# One document's text at most, in bytes of the file: far beyond any article, and it keeps a huge file from
# being read into memory (and into the window) whole.
MAX_DOCUMENT_BYTES = 32 * 2**20
# Metadata and span attributes nested deeper than this are refused (they would be stored as JSON).
MAX_NESTING = 32


@dataclass
class SpanIn:
    """A span as the input gives it; ``status``/``origin`` None: decided by the task's answer."""

    start: int
    end: int
    label: str
    kind: str
    status: str | None = None
    origin: str | None = None
    stance: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    annotator: str | None = None
    model: str | None = None

    @property
    def key(self) -> SpanKey:
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class RelationIn:
    """A quote -> speaker or cue link, its ends named by (start, end, label)."""

    head: SpanKey
    child: SpanKey
    label: str


@dataclass
class Record:
    """One document to import, with the annotations that came with it.

    ``answer`` is Prodigy's verdict on the task (accept, reject or ignore);
    ``status`` the document status to restore, from our own export.
    """

    text: str
    where: str
    line: int | None = None
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[SpanIn] = field(default_factory=list)
    relations: list[RelationIn] = field(default_factory=list)
    answer: str = "accept"
    status: str | None = None
    annotator: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.where, message, self.line, severity))


def text_problem(text: Any) -> str | None:
    """Why ``text`` cannot be a document, or None if it can."""
    if not isinstance(text, str):
        return f'"text" must be a string, not {type_name(text)}'
    if not text.strip():
        return "the text is empty or only whitespace"
    nul = text.find("\x00")
    if nul >= 0:
        return f"the text holds a NUL character (\\u0000) at offset {nul}: this is not article text"
    return None


def too_long(size: int) -> str:
    """Why ``size`` bytes are too much for one document."""
    return (
        f"{size / 2**20:.1f} MiB is too long for one document (at most {MAX_DOCUMENT_BYTES // 2**20} MiB): "
        "split it into articles, or use .jsonl with one article per line"
    )


def markup_warning(text: str) -> str | None:
    """A warning when ``text`` is an HTML page rather than article text."""
    return HTML_WARNING if _HTML_START.match(text, 0, 2000) else None


def _walk(value: Any) -> Iterator[tuple[str, Any, int]]:
    """Every value and object key inside ``value`` as (path, value, depth), without recursion.

    Iterative on purpose: input nested nearly as deep as ``json.loads`` allows
    must not overflow the stack here.
    """
    stack = [("", value, 0)]
    while stack:
        path, node, depth = stack.pop()
        yield path, node, depth
        if isinstance(node, dict):
            for name, item in node.items():
                inner = f"{path}.{name}" if path else str(name)
                stack.append((f"{inner} (key)", name, depth + 1))
                stack.append((inner, item, depth + 1))
        elif isinstance(node, list):
            stack.extend((f"{path}.{at}", item, depth + 1) for at, item in enumerate(node))


def lone_surrogate_in(value: Any) -> str | None:
    """The field path of a string holding an unpaired surrogate, if any.

    Only JSON's ``\\udXXX`` escapes can produce one: decoded bytes never do.
    """
    for path, node, _ in _walk(value):
        if isinstance(node, str) and _SURROGATE.search(node):
            return path or "value"
    return None


def nested_too_deeply(value: Any) -> bool:
    """Whether ``value`` nests objects and lists deeper than is sensible to store."""
    return any(depth > MAX_NESTING for _, _, depth in _walk(value))


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Without an explicit kind (doccano, Label Studio...), these labels name the span's kind.
_KIND_BY_LABEL = {"QUOTE": "quote", "CUE": "cue", "SPEAKER": "speaker"}


def make_span(text: str, start: Any, end: Any, label: Any, extra: dict[str, Any]) -> SpanIn | str:
    """A checked span over ``text``, or the reason it cannot be one.

    ``extra`` holds the optional fields of our own export and Prodigy
    (text, kind, status, origin, stance, attributes, annotator, model).
    """
    if not (_offset(start) and _offset(end)):
        return f"offsets must be whole numbers, got start {start!r} and end {end!r}"
    if start < 0 or end < 0:
        return f"negative offset {start}-{end}"
    if start > end:
        return f"reversed offsets {start}-{end} (start after end)"
    if start == end:
        return f"empty span {start}-{end}"
    if end > len(text):
        return f"{start}-{end} lies outside the text (length {len(text)})"
    if not isinstance(label, str) or not label.strip():
        return f"{start}-{end} has no label"
    quoted = extra.get("text")
    if isinstance(quoted, str) and quoted != text[start:end]:
        return f"{start}-{end} {label}: its text {quoted!r} differs from the document's {text[start:end]!r}"
    kind = extra.get("kind") or _KIND_BY_LABEL.get(label, "entity")
    checks = (
        ("kind", kind, SPAN_KINDS),
        ("status", extra.get("status"), (None, *SPAN_STATUSES)),
        ("origin", extra.get("origin"), (None, *SPAN_ORIGINS)),
    )
    for name, value, allowed in checks:
        if value not in allowed:
            return f"{start}-{end} {label}: unknown {name} {value!r}"
    attributes = extra.get("attributes")
    attributes = {} if attributes is None else attributes
    if not isinstance(attributes, dict):
        return f"{start}-{end} {label}: attributes must be an object, not {type_name(attributes)}"
    if nested_too_deeply(attributes):
        return f"{start}-{end} {label}: attributes nested more than {MAX_NESTING} levels deep"
    for name in ("stance", "annotator", "model"):
        if extra.get(name) is not None and not isinstance(extra[name], str):
            return f"{start}-{end} {label}: {name} must be a string, not {type_name(extra[name])}"
    return SpanIn(
        start=start,
        end=end,
        label=label,
        kind=kind,
        status=extra.get("status"),
        origin=extra.get("origin"),
        stance=extra.get("stance"),
        attributes=attributes,
        annotator=extra.get("annotator") or None,
        model=extra.get("model"),
    )
