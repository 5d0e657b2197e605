"""Input records in one shape, whatever file they came from, and the checks a span must pass."""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.problems import Problem
from annotator.vocabulary import KIND_OF_LINK, QUOTE, SPAN_KINDS, SPAN_ORIGINS, SPAN_STATUSES

SpanKey = tuple[int, int, str]

_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_START = re.compile(r"\s*<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
HTML_WARNING = (
    "the text looks like HTML (it starts with a tag): imported as is, markup and all; "
    "save the page as plain text to annotate only the article"
)
# The longest document, in characters, that every import path lets in: spaCy's default ``nlp.max_length``,
# which suggest and export (tokens) need whole documents to fit in. Far beyond any article.
MAX_DOCUMENT_CHARS = 1_000_000
# Reading guards derived from it, so that a huge file or line is refused without being read whole.
# A character takes at most 4 bytes in every encoding read (plus a byte-order mark): a bigger .txt file
# holds too many characters for sure.
MAX_TEXT_FILE_BYTES = 4 * MAX_DOCUMENT_CHARS + 4
# A JSON line may spell a character as "\ud83d\ude00" (12 bytes) and carry spans and meta besides.
MAX_LINE_BYTES = 16 * MAX_DOCUMENT_CHARS
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
    if len(text) > MAX_DOCUMENT_CHARS:
        return f"the text is {len(text):,} characters long: {TOO_LONG}"
    return None


# Why a text over MAX_DOCUMENT_CHARS is refused, and what to do instead.
TOO_LONG = (
    f"more than the {MAX_DOCUMENT_CHARS:,} characters a document may hold (what spaCy reads at once); "
    "split it into articles"
)


def too_long(size: int, what: str = "file") -> str:
    """Why a ``what`` of ``size`` bytes is refused unread."""
    if what == "file":
        return f"the file is {size / 1e6:.1f} MB: {TOO_LONG}"
    return (
        f"the {what} is {size / 1e6:.1f} MB, too long to read (at most {MAX_LINE_BYTES / 1e6:.0f} MB; "
        f"a document holds at most {MAX_DOCUMENT_CHARS:,} characters)"
    )


def readable_name(name: str) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 60
_SHOWN.maxlevel = 2


def shown(value: Any) -> str:
    """A short repr of an input value for a message: long strings and deep nesting are cut."""
    return _SHOWN.repr(value)


class NotFinite:
    """What JSON's non-standard ``NaN``, ``Infinity`` or a float too big for a double parse into."""

    def __init__(self, spelled: str) -> None:
        self.spelled = spelled


def not_finite_float(spelled: str) -> float | NotFinite:
    """``parse_float`` for json.loads: 1e999 is no number either."""
    value = float(spelled)
    return NotFinite(spelled) if math.isinf(value) else value


def replace_not_finite(value: Any) -> tuple[str, str] | None:
    """Replace every :class:`NotFinite` inside ``value`` by None, in place, without recursion.

    Returns (field path, spelling) of the first one replaced, or None.
    """
    first = None
    stack = [("", value)]
    while stack:
        path, node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, item in list(items):
            inner = f"{path}.{key}" if path else str(key)
            if isinstance(item, NotFinite):
                node[key] = None
                first = first or (inner, item.spelled)
            elif isinstance(item, dict | list):
                stack.append((inner, item))
    return first


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Without an explicit kind (doccano, Label Studio...), these labels name the span's kind.
_KIND_BY_LABEL = {QUOTE: "quote", **KIND_OF_LINK}


def make_span(text: str, start: Any, end: Any, label: Any, extra: dict[str, Any]) -> SpanIn | str:
    """A checked span over ``text``, or the reason it cannot be one.

    ``extra`` holds the optional fields of our own export and Prodigy
    (text, kind, status, origin, stance, attributes, annotator, model).
    """
    if not (_offset(start) and _offset(end)):
        return f"offsets must be whole numbers, got start {shown(start)} and end {shown(end)}"
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
        found = shown(text[start:end])
        return f"{start}-{end} {label}: its text {shown(quoted)} differs from the document's {found}"
    kind = extra.get("kind") or _KIND_BY_LABEL.get(label, "entity")
    checks = (
        ("kind", kind, SPAN_KINDS),
        ("status", extra.get("status"), (None, *SPAN_STATUSES)),
        ("origin", extra.get("origin"), (None, *SPAN_ORIGINS)),
    )
    for name, value, allowed in checks:
        if value not in allowed:
            return f"{start}-{end} {label}: unknown {name} {shown(value)}"
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
