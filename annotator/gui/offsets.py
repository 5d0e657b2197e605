"""The one place where Qt positions (UTF-16 code units) meet stored offsets (code points).

A ``QTextDocument`` shows ``\\r\\n`` as a single paragraph break, which would shift every
later position by one. :func:`display_text` therefore shows ``\\r\\n`` as a space and a
break, so the screen holds exactly one character per stored code point; :class:`OffsetMap`
then only has to account for characters outside the Basic Multilingual Plane, which take
two UTF-16 code units. Imports no Qt.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def display_text(text: str) -> str:
    """The text to put on screen: same length in code points as ``text``, break for break."""
    return text.replace("\r\n", " \n")


class OffsetMap:
    """Converts between code points in ``text`` and UTF-16 positions in its display."""

    def __init__(self, text: str) -> None:
        # Code-point offsets of the characters that take two UTF-16 units.
        self._astral = [match.start() for match in ASTRAL.finditer(text)]
        # Their UTF-16 positions (each one shifted by the pairs before it).
        self._astral_qt = [offset + n for n, offset in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, offset: int) -> int:
        """UTF-16 position of code point ``offset`` (``0 <= offset <= len(text)``)."""
        return offset + bisect_left(self._astral, offset)

    def to_py(self, position: int) -> int:
        """Code point at UTF-16 ``position``; a position inside a pair gives the pair's start."""
        pairs_before = bisect_right(self._astral_qt, position - 2)
        inside = bisect_right(self._astral_qt, position - 1) - pairs_before
        return position - pairs_before - inside
