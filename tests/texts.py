"""Finding test text: the code-point offsets of a fragment, as spans and selections use them."""

from __future__ import annotations


def offset(text: str, fragment: str) -> tuple[int, int]:
    """Code-point offsets of the first ``fragment`` in ``text``."""
    start = text.index(fragment)
    return start, start + len(fragment)
