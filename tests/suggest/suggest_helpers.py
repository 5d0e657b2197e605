"""Small helpers for asserting on suggested quotes."""

from __future__ import annotations

from annotator.suggest import Quote, TextSuggestions


def quote_containing(text: str, result: TextSuggestions, words: str) -> Quote:
    """The one suggested quote whose span holds ``words``."""
    found = [q for q in result.quotes if words in text[q.start : q.end]]
    assert len(found) == 1, f"{len(found)} quotes hold {words!r}: {[text[q.start : q.end] for q in found]}"
    return found[0]


def covered(text: str, result: TextSuggestions, words: str) -> bool:
    """Whether any suggested quote covers the first occurrence of ``words``."""
    at = text.index(words)
    return any(q.start <= at < q.end for q in result.quotes)


def said(text: str, part: tuple[int, int] | None) -> str | None:
    return None if part is None else text[part[0] : part[1]]
