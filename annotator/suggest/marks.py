"""Quotation marks: which marks open and close a quote, across newswire paragraphs.

Works on the raw text, so it needs no pipeline. An apostrophe (``don’t``,
``the students’ union`` outside a single-quoted stretch) never opens or closes
a quote. A paragraph that opens a quote without closing it continues into the
next paragraph when that one opens with a quote mark again (newswire style).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Opening mark -> the marks that close it.
PAIRS: dict[str, str] = {
    "“": "”",
    "«": "»",
    "„": "“”",
    "‹": "›",
    "‘": "’",
    '"': '"',
    "'": "'",
}
_SINGLE = {"‘", "'"}
_OPEN_CONTEXT = " \t([{—–-/“‘\"'«"
_LINE = re.compile(r"[^\r\n]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_BLOCK = re.compile(r"(?:(?!\n[ \t]*\r?\n)[\s\S])+")

Part = tuple[int, int]


class Extent:
    """Start and end of something made of content parts, in text order."""

    parts: Sequence[Part]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(frozen=True)
class Quoted(Extent):
    """One stretch between quotation marks, possibly over several paragraphs.

    ``parts`` hold the content (marks excluded) per paragraph; ``open`` is the
    offset of the first opening mark and ``close`` the offset just after the
    last closing mark (the paragraph end when the quote is never closed).
    """

    parts: tuple[Part, ...]
    open: int
    close: int
    closed: bool


def paragraphs(text: str) -> list[Part]:
    """The paragraphs of ``text`` as (start, end), surrounding whitespace excluded.

    Where blank lines separate paragraphs, a single line break is only a wrapped
    line; otherwise every line is a paragraph.
    """
    pattern = _BLOCK if _BLANK_LINE.search(text) else _LINE
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            found.append((start, end))
    return found


def _opens(text: str, i: int, end: int) -> bool:
    mark = text[i]
    after = text[i + 1] if i + 1 < end else ""
    if not after or (after.isspace() and mark not in "«‹"):
        return False
    before = text[i - 1] if i > 0 else " "
    if mark in "“«„‹":
        return True
    if before not in _OPEN_CONTEXT and not before.isspace():
        return False
    if mark == "'":
        return after.isalpha()
    return True


def _closes(text: str, k: int, end: int, single: bool) -> bool:
    before = text[k - 1]
    if before.isspace():  # only after a nested quote closing first: “... 'so clearly.' ”
        return not single and k > 1 and text[k - 2] in "'’"
    if not single:
        return True
    after = text[k + 1] if k + 1 < end else " "
    return not after.isalnum()


def _find_close(text: str, i: int, end: int) -> int | None:
    closers = PAIRS[text[i]]
    single = text[i] in _SINGLE
    for k in range(i + 1, end):
        if text[k] in closers and _closes(text, k, end, single):
            return k
    return None


def _scan(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """(opening mark, closing mark or None) pairs of one paragraph, outermost only."""
    found: list[tuple[int, int | None]] = []
    i = start
    while i < end:
        if text[i] in PAIRS and _opens(text, i, end):
            close = _find_close(text, i, end)
            found.append((i, close))
            if close is None:
                break
            i = close + 1
            continue
        i += 1
    return found


def _content(text: str, start: int, end: int) -> Part:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def quoted_stretches(text: str) -> list[Quoted]:
    """Every outermost quoted stretch of ``text`` in order, multi-paragraph ones joined."""
    result: list[Quoted] = []
    carried: list[Part] = []
    carried_open = 0
    carried_mark = ""
    for para_start, para_end in paragraphs(text):
        pairs = _scan(text, para_start, para_end)
        first_char = para_start + len(text[para_start:para_end]) - len(text[para_start:para_end].lstrip())
        if carried and not (pairs and pairs[0][0] == first_char and text[first_char] == carried_mark):
            result.append(Quoted(tuple(carried), carried_open, carried[-1][1], closed=False))
            carried = []
        for open_at, close_at in pairs:
            part = _content(text, open_at + 1, para_end if close_at is None else close_at)
            if part[0] >= part[1]:
                continue
            if not carried:
                carried_open, carried_mark = open_at, text[open_at]
            carried.append(part)
            if close_at is not None:
                result.append(Quoted(tuple(carried), carried_open, close_at + 1, closed=True))
                carried = []
    if carried:
        result.append(Quoted(tuple(carried), carried_open, carried[-1][1], closed=False))
    return result
