"""Token boundaries in a document, for snapping spans and moving their ends a token at a time.

Boundaries come from spaCy's tokenizer, which runs in the pipeline service, once it
has answered for the document's text (so spans align with the tokens an export uses),
and from a word/punctuation split until then. Imports no Qt.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

WORD_OR_MARK = re.compile(r"\w+|[^\w\s]", re.UNICODE)

# A tokenizer: text in, (start, end) code-point offsets of each token out.
Tokenize = Callable[[str], Iterable[tuple[int, int]]]


def regex_tokens(text: str) -> Iterable[tuple[int, int]]:
    """Words and single punctuation marks."""
    return (match.span() for match in WORD_OR_MARK.finditer(text))


class TokenCache:
    """Token boundaries the pipeline service made, per text; a word/punctuation split for the others.

    Holds the ``size`` texts stored last (a text is a document: only a few are open in a session).
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._pairs: dict[str, list[tuple[int, int]]] = {}

    def __contains__(self, text: object) -> bool:
        return text in self._pairs

    def store(self, text: str, pairs: Iterable[tuple[int, int]]) -> None:
        """Remember the service's boundaries for ``text``."""
        self._pairs.pop(text, None)
        self._pairs[text] = list(pairs)
        while len(self._pairs) > self.size:
            del self._pairs[next(iter(self._pairs))]

    def tokenize(self, text: str) -> Iterable[tuple[int, int]]:
        """The stored boundaries of ``text``, else :func:`regex_tokens`."""
        pairs = self._pairs.get(text)
        return regex_tokens(text) if pairs is None else pairs


class Tokens:
    """Sorted token starts and ends of one text."""

    def __init__(self, text: str, tokenize: Tokenize = regex_tokens) -> None:
        pairs = list(tokenize(text))
        self.starts = [start for start, _ in pairs]
        self.ends = [end for _, end in pairs]
        self.length = len(text)

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """The whole tokens ``start``-``end`` touches, without the spaces around them.

        A range over only spaces stays as it is.
        """
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first > last:
            return start, end
        return self.starts[first], self.ends[last]

    def next_end(self, offset: int) -> int:
        """The first token end after ``offset`` (or the text's end)."""
        i = bisect_right(self.ends, offset)
        return self.ends[i] if i < len(self.ends) else self.length

    def previous_end(self, offset: int) -> int:
        """The last token end before ``offset`` (or ``offset`` itself if none)."""
        i = bisect_left(self.ends, offset) - 1
        return self.ends[i] if i >= 0 else offset

    def next_start(self, offset: int) -> int:
        """The first token start after ``offset`` (or ``offset`` itself if none)."""
        i = bisect_right(self.starts, offset)
        return self.starts[i] if i < len(self.starts) else offset

    def previous_start(self, offset: int) -> int:
        """The last token start before ``offset`` (or 0)."""
        i = bisect_left(self.starts, offset) - 1
        return self.starts[i] if i >= 0 else 0

    def token_start(self, offset: int) -> int:
        """The start of the token ``offset`` falls inside (``offset`` itself between tokens)."""
        i = bisect_right(self.starts, offset) - 1
        return self.starts[i] if i >= 0 and self.starts[i] < offset < self.ends[i] else offset
