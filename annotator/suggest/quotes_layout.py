"""Where things are in a document: paragraphs, sentences, tokens and quotation marks, by offset."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from annotator.suggest.marks import Part, Quoted, paragraphs, quoted_stretches
from annotator.suggest.speakers import is_parsed

SENTENCE_END = re.compile(r"[.!?][\"”’'»]?\s+")


class Layout:
    """A processed document with fast offset lookups, shared by every quote pass."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.parsed = is_parsed(doc)
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.token_starts = [token.idx for token in doc]
        self.quoted = quoted_stretches(self.text)
        self.quoted_spans = [(q.open, q.close) for q in self.quoted]
        self.quoted_opens = [q.open for q in self.quoted]
        self.quoted_closes = [q.close for q in self.quoted]
        # where SENTENCE_END matches in the whole text: a match found between two offsets is one of these
        self._sentence_marks = [m.start() for m in SENTENCE_END.finditer(self.text)]
        self._clause_links: list[int] | None = None
        self.reports: dict[int, bool] = {}  # token index -> whether it reports a clause of its own
        self._entered: list[int] = []  # the parse tree, walked once when first needed (see _tree)
        self._left: list[int] = []
        self._left_edges: list[int] = []

    def clause_links(self, start: int, end: int) -> list[int]:
        """Indices from start..end of the tokens attached as "advcl" or "conj" (clauses of their own)."""
        if self._clause_links is None:
            self._clause_links = [t.i for t in self.doc if t.dep_ in ("advcl", "conj")]
        links = self._clause_links
        return links[bisect.bisect_left(links, start) : bisect.bisect_left(links, end)]

    def left_edge(self, i: int) -> int:
        """The index of the first token of token ``i``'s subtree."""
        self._tree()
        return self._left_edges[i]

    def is_ancestor(self, above: int, below: int) -> bool:
        """Whether token ``above`` is an ancestor of token ``below`` (by index), in constant time."""
        self._tree()
        return self._entered[above] < self._entered[below] and self._left[below] <= self._left[above]

    def _tree(self) -> None:
        """When each token's subtree is entered and left in a walk of the parse, and its left edge."""
        if self._left_edges:
            return
        heads = [t.head.i for t in self.doc]
        children: list[list[int]] = [[] for _ in heads]
        for i, head in enumerate(heads):
            if head != i:
                children[head].append(i)
        entered, left, clock = [0] * len(heads), [0] * len(heads), 0
        for root in (i for i, head in enumerate(heads) if head == i):
            stack = [(root, False)]
            while stack:
                node, done = stack.pop()
                clock += 1
                if done:
                    left[node] = clock
                    continue
                entered[node] = clock
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(children[node]))
        self._entered, self._left = entered, left
        self._left_edges = [t.left_edge.i for t in self.doc]

    def next_quote_open(self, offset: int) -> int | None:
        """The opening mark of the first quoted stretch opening at or after ``offset``."""
        i = bisect.bisect_left(self.quoted_opens, offset)
        return self.quoted_opens[i] if i < len(self.quoted_opens) else None

    def paragraph_of(self, offset: int) -> int:
        """The index of the paragraph holding ``offset``."""
        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens starting in start..end."""
        return range(bisect.bisect_left(self.token_starts, start), bisect.bisect_left(self.token_starts, end))

    def in_quote_marks(self, offset: int) -> bool:
        """Whether ``offset`` lies between a pair of quotation marks."""
        i = bisect.bisect_right(self.quoted_spans, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.quoted_spans[i][0] <= offset < self.quoted_spans[i][1]

    def last_words(self, region: Part, count: int) -> Part:
        """The end of ``region`` holding its last ``count`` words."""
        start, end = region
        words = list(re.finditer(r"\S+", self.text[start:end]))
        return (start + words[-count].start(), end) if len(words) > count else region

    def first_words(self, region: Part, count: int) -> Part:
        """The start of ``region`` holding its first ``count`` words."""
        start, end = region
        words = list(re.finditer(r"\S+", self.text[start:end]))
        return (start, start + words[count - 1].end()) if len(words) > count else region

    @staticmethod
    def ends_sentence(stretch: str) -> bool:
        """Whether a sentence ends in ``stretch`` (not just an abbreviation such as "Mr." or "U.S.")."""
        if stretch.lstrip()[:1] in (".", "!", "?"):
            return True
        for match in SENTENCE_END.finditer(stretch):
            end = match.start()
            while end > 0 and stretch[end - 1].isspace():
                end -= 1
            start = end
            while start > 0 and not stretch[start - 1].isspace():
                start -= 1
            if start < end and len(stretch[start:end].rstrip(".")) > 3:  # the word before the mark
                return True
        return False

    def sentence_start(self, floor: int, at: int) -> int:
        """Where the sentence holding ``at`` starts, by punctuation, no earlier than ``floor``."""
        marks = self._sentence_marks
        i = bisect.bisect_left(marks, at)
        while i > 0 and marks[i - 1] >= floor:
            i -= 1
            match = SENTENCE_END.match(self.text, marks[i], at)  # the last one may be cut short by ``at``
            if match:
                return match.end()
        return floor

    def sentence_end(self, at: int, ceiling: int) -> int:
        """Just after the punctuation ending the sentence holding ``at``, no later than ``ceiling``."""
        marks = self._sentence_marks
        i = bisect.bisect_left(marks, at)
        if i < len(marks) and marks[i] < ceiling and SENTENCE_END.match(self.text, marks[i], ceiling):
            return marks[i] + 1
        return ceiling

    def quote_type(self, start: int, end: int) -> str:
        """A quote's type from the quoted words in it: none is indirect, nothing else is direct.

        Quoted words with the reporter's words around them make a mixed quote; quoted
        words joined by "and" or "or" are still nothing but quoted words.
        """
        first = bisect.bisect_right(self.quoted_closes, start)  # stretches closing after start
        last = bisect.bisect_left(self.quoted_opens, end)  # and opening before end
        inside = [
            (s, e)
            for q in self.quoted[first:last]
            if self.is_fragment(q)
            for s, e in q.parts
            if s < end and start < e
        ]
        if not inside:
            return "indirect"
        outside, at = [], start
        for s, e in inside:
            outside.append(self.text[at:s])
            at = max(at, e)
        outside.append(self.text[at:end])
        words = re.findall(r"\w+", " ".join(outside))
        return "mixed" if any(w.lower() not in ("and", "or") for w in words) else "direct"

    def is_fragment(self, q: Quoted) -> bool:
        """Whether quoted words can be part of a reported clause.

        Not a gloss in parentheses (“anti-Brexit ("British exit")”), nor a quote
        opening its own sentence after a full stop, colon or semicolon.
        """
        at = q.open
        while at > 0 and self.text[at - 1].isspace():
            at -= 1
        before = self.text[at - 1 : at]
        return before != "(" and not (before in ".:;" and self.text[q.start : q.start + 1].isupper())

    def trim(self, start: int, end: int) -> Part:
        """start..end without surrounding spaces, dashes and clause punctuation."""
        while start < end and (self.text[start].isspace() or self.text[start] in ",;:–—-"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ".,;:–—-"):
            end -= 1
        return start, end
