"""The open document as actions see it: text, spans, relations, fast look-ups. Imports no Qt."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property

from annotator.actions.tokens import Tokenize, Tokens, regex_tokens
from annotator.store import Document, Project, Relation, Span, StoreError
from annotator.vocabulary import CUE, KIND_OF_LINK, SPEAKER


class DocumentState:
    """One document's spans kept in text order, re-read span by span after each change."""

    def __init__(self, project: Project, document_id: int, tokenize: Tokenize = regex_tokens) -> None:
        self.project = project
        self.document: Document = project.document(document_id)
        self.text = self.document.text
        self.tokenize = tokenize
        self.spans = project.spans_by_id(document_id)
        self.relations: list[Relation] = project.relations(document_id)
        # Whether an accepted quote still waits for a decision until it has a stance.
        self.needs_stance = bool(project.setting("require_stance"))
        self._reindex()

    @property
    def id(self) -> int:
        return self.document.id

    @cached_property
    def tokens(self) -> Tokens:
        """Token boundaries, computed the first time a span is snapped or moved."""
        return Tokens(self.text, self.tokenize)

    def retokenize(self) -> None:
        """Compute the token boundaries again when next needed (better ones have arrived)."""
        self.__dict__.pop("tokens", None)

    def _reindex(self) -> None:
        short = [s for s in self.spans.values() if s.kind != "quote"]
        self._order = sorted((s.start, s.end, s.id) for s in short)
        self._longest = max((s.end - s.start for s in short), default=0)
        self.quotes = sorted((s for s in self.spans.values() if s.kind == "quote"), key=_quote_key)
        self._suggested = sorted((s.start, s.id) for s in self.spans.values() if s.status == "suggested")
        self._open = sorted((s.start, s.id) for s in self.spans.values() if self.is_open(s))
        self._relink()

    def is_open(self, span: Span) -> bool:
        """A suggestion, or (when stance is required) an accepted quote without a stance."""
        if span.status == "suggested":
            return True
        return (
            self.needs_stance and span.kind == "quote" and span.status == "accepted" and span.stance is None
        )

    def _relink(self) -> None:
        self._links = {(r.head_id, r.label): r.child_id for r in self.relations}

    def _unindex(self, span: Span) -> None:
        if span.kind == "quote":
            self.quotes.remove(span)
        else:
            self._order.pop(bisect_left(self._order, (span.start, span.end, span.id)))
        if span.status == "suggested":
            self._suggested.pop(bisect_left(self._suggested, (span.start, span.id)))
        if self.is_open(span):
            self._open.pop(bisect_left(self._open, (span.start, span.id)))

    def _index(self, span: Span) -> None:
        if span.kind == "quote":
            insort(self.quotes, span, key=_quote_key)
        else:
            insort(self._order, (span.start, span.end, span.id))
            self._longest = max(self._longest, span.end - span.start)
        if span.status == "suggested":
            insort(self._suggested, (span.start, span.id))
        if self.is_open(span):
            insort(self._open, (span.start, span.id))

    def reload(self, span_ids: set[int]) -> None:
        """Re-read these spans (and the relations and document status) after a change.

        Relations are re-read only when a touched span can be in one: a quote, a
        speaker or cue, or an entity that is some quote's speaker.
        """
        linked = {child for child in self._links.values()}
        may_link = False
        for span_id in span_ids:
            old = self.spans.pop(span_id, None)
            if old is not None:
                self._unindex(old)
            try:
                new = self.project.span(span_id)
            except StoreError:
                may_link = True
                continue
            self.spans[span_id] = new
            self._index(new)
            may_link = may_link or new.kind != "entity" or span_id in linked
        if may_link:
            self.relations = self.project.relations(self.id)
            self._relink()
        self.document = self.project.document(self.id)

    def visible(self, start: int, end: int) -> Iterator[Span]:
        """Spans overlapping ``start``-``end``: quotes first (drawn underneath), then the rest."""
        for quote in self.quotes:
            if quote.start >= end:
                break
            if quote.end > start:
                yield quote
        first = bisect_left(self._order, (start - self._longest,))
        last = bisect_left(self._order, (end,))
        for span_start, span_end, span_id in self._order[first:last]:
            if span_end > start and span_start < end:
                yield self.spans[span_id]

    def span_at(self, offset: int) -> Span | None:
        """The innermost span covering ``offset`` (an entity before the quote around it)."""
        covering = [s for s in self.visible(offset, offset + 1) if s.start <= offset < s.end]
        if not covering:
            return None
        return min(covering, key=lambda s: (s.kind == "quote", s.end - s.start))

    def next_to_decide(
        self, span: Span | None, backwards: bool = False, least_certain: bool = False
    ) -> Span | None:
        """The span after (or before) ``span`` that waits for a decision, wrapping around.

        That is every suggestion and, when the project requires a stance, every
        accepted quote without one; a suggested speaker or cue span of a suggested quote
        is passed over, since deciding the quote decides it (a speaker entity is not: it has a
        label of its own to decide). The order is the text's, or with
        ``least_certain`` the quotes with a stance guess first, lowest p first, then the rest
        in text order. A decided span keeps its place (its guess stays in its attributes), so
        after deciding the least certain quote the next one is the next least certain.
        """
        if not self._open:
            return None
        order = sorted(self._place(self.spans[span_id], least_certain) for _, span_id in self._open)
        key = self._place(span, least_certain) if span else (-1, 0.0, -1, -1)
        first = (bisect_left(order, key) - 1 if span else -1) if backwards else bisect_right(order, key)
        step = -1 if backwards else 1
        for turn in range(len(order)):
            found = self.spans[order[(first + step * turn) % len(order)][-1]]
            if not self._carried(found):
                return found
        return self.spans[order[first % len(order)][-1]]

    def _place(self, span: Span, least_certain: bool) -> tuple[int, float, int, int]:
        """Where ``span`` stands in the order: the text's, or stance guesses by p before the rest.

        A span still to decide counts its guess only while it is one (no stance given); a decided
        span is placed by the guess it had, which its attributes keep.
        """
        if least_certain:
            pending = span.id in self.spans and self.is_open(span)
            guess = suggested_stance(span if pending else replace(span, stance=None))
            if guess is not None and guess[1] is not None:
                return (0, guess[1], span.start, span.id)
        return (1, 0.0, span.start, span.id)

    def _carried(self, span: Span) -> bool:
        """A suggested speaker or cue span of quotes that are all still suggestions: decided with them."""
        if not decided_with_quote(span):
            return False
        quotes = self.quotes_of(span)
        return bool(quotes) and all(quote.status == "suggested" for quote in quotes)

    def pending_count(self) -> int:
        """How many suggestions wait for a decision."""
        return len(self._suggested)

    def open_count(self) -> int:
        """How many spans wait for a decision: suggestions, and quotes that need a stance."""
        return len(self._open)

    def quotes_without_stance(self) -> list[Span]:
        """Accepted quotes that still need a stance (none when the project does not require one)."""
        return [self.spans[i] for _, i in self._open if self.spans[i].status == "accepted"]

    def suggestions(self) -> list[Span]:
        """Every suggestion still waiting for a decision."""
        return [self.spans[span_id] for _, span_id in self._suggested]

    def speaker(self, quote: Span) -> Span | None:
        """The span linked as this quote's speaker."""
        return self.linked(quote, SPEAKER)

    def cue(self, quote: Span) -> Span | None:
        """The span linked as this quote's cue."""
        return self.linked(quote, CUE)

    def linked(self, quote: Span, label: str) -> Span | None:
        """The span linked to ``quote`` with ``label`` (SPEAKER or CUE)."""
        child = self._links.get((quote.id, label))
        return self.spans.get(child) if child is not None else None

    def quotes_of(self, span: Span) -> list[Span]:
        """Quotes that name ``span`` as their speaker or cue."""
        return [self.spans[h] for (h, _), c in self._links.items() if c == span.id and h in self.spans]


def decided_with_quote(span: Span) -> bool:
    """A suggested speaker or cue span: deciding its quote decides it (an entity is decided on its own)."""
    return span.status == "suggested" and span.kind in KIND_OF_LINK.values()


def suggested_stance(span: Span) -> tuple[str, float | None] | None:
    """The stance model's guess for ``span`` (label, probability) while no person has given a stance.

    The guess lives in ``attributes["suggested_stance"]`` (``{"label", "p"}``); it is
    never a decision, so a span with a stance of its own has none to show.
    """
    guess = span.attributes.get("suggested_stance")
    if span.stance is not None or not isinstance(guess, dict):
        return None
    label, p = guess.get("label"), guess.get("p")
    if not isinstance(label, str) or not label:
        return None
    known = isinstance(p, int | float) and not isinstance(p, bool) and 0 <= p <= 1
    return label, float(p) if known else None


def _quote_key(span: Span) -> tuple[int, int]:
    return span.start, span.id
