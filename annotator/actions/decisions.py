"""Deciding on suggestions and on the document: accept, reject, delete, accept all, done, skip, reopen."""

from __future__ import annotations

from annotator.actions.change import Change, Context, Refused, Unconfirmed
from annotator.actions.edits import DeleteSpan, Edit, SetDocumentStatus, UpdateSpan
from annotator.actions.state import DocumentState, decided_with_quote, suggested_stance
from annotator.store import Span


def decide_links(state: DocumentState, quote: Span, status: str = "accepted") -> list[Edit]:
    """A quote's suggested speaker and cue spans stand or fall with it: decide them too.

    A speaker that is an entity is an annotation of its own, with a label the model
    may have got wrong: it stays a suggestion, for the annotator to decide (ADR 22).
    """
    children = (state.speaker(quote), state.cue(quote))
    return [UpdateSpan(c.id, {"status": status}) for c in children if c and decided_with_quote(c)]


def _decide(context: Context, status: str) -> Change:
    state, span = context.document, context.selected()
    edits: list[Edit] = [UpdateSpan(span.id, {"status": status})] if span.status != status else []
    if span.kind == "quote":
        edits += decide_links(state, span, status)
    return Change(f"{status[:-2].capitalize()} {span.label}", edits, focus=span.id)


def accept(context: Context) -> Change:
    """Accept the selected span (a quote brings its suggested speaker and cue spans along)."""
    return _decide(context, "accepted")


def reject(context: Context) -> Change:
    """Reject the selected span: it stays, struck out, so it is not suggested again."""
    return _decide(context, "rejected")


def orphans(state: DocumentState, quote: Span, keep: frozenset[int] | set[int] = frozenset()) -> list[Edit]:
    """Delete the quote's speaker and cue spans that no other quote uses (entities stay: they are
    annotations of their own); ``keep``: spans about to be linked again."""
    edits: list[Edit] = []
    for child in (state.speaker(quote), state.cue(quote)):
        if child and child.id not in keep and child.kind != "entity" and state.quotes_of(child) == [quote]:
            edits.append(DeleteSpan(child.id))
    return edits


def delete(context: Context) -> Change:
    """Remove the selected span and its links altogether (a quote: with the speaker and cue only it used)."""
    span = context.selected()
    edits: list[Edit] = [DeleteSpan(span.id)]
    if span.kind == "quote":
        edits += orphans(context.document, span)
    return Change(f"Delete {span.label}", edits)


def accept_all(context: Context) -> Change:
    """Accept every suggestion left in the document, as one action."""
    pending = context.document.suggestions()
    if not pending:
        raise Refused("No suggestions left in this document.")
    edits: list[Edit] = [UpdateSpan(span.id, {"status": "accepted"}) for span in pending]
    return Change(f"Accept {len(pending)} suggestions", edits)


def _document_status(context: Context, status: str, title: str) -> Change:
    state = context.document
    if state.document.status == status:
        return Change(title)
    return Change(title, [SetDocumentStatus(state.id, status)])


def missing(state: DocumentState) -> str:
    """What still waits for a decision in the document, in words (empty when nothing does)."""
    counts = (
        (state.pending_count(), "suggestion is", "suggestions are", "undecided"),
        (len(state.quotes_without_stance()), "quote has", "quotes have", "no stance"),
    )
    said = [f"{n} {one if n == 1 else many} {what}" for n, one, many, what in counts if n]
    guessed = sum(suggested_stance(quote) is not None for quote in state.quotes_without_stance())
    if guessed:  # a suggested stance is not a decision, but the annotator should know it is there
        said[-1] += f" ({guessed} only suggested)"
    return " and ".join(said)


def mark_done(context: Context) -> Change:
    """Mark the document done; asks first when suggestions or stances are still missing."""
    state = context.document
    left = missing(state)
    if left and not context.confirmed and state.document.status != "done":
        raise Unconfirmed(f"{left[0].upper()}{left[1:]}. Mark the document done anyway?")
    return _document_status(context, "done", "Document done")


def skip(context: Context) -> Change:
    """Mark the document skipped (not worth annotating); it leaves the queue of unfinished ones."""
    return _document_status(context, "skipped", "Document skipped")


def reopen(context: Context) -> Change:
    """Put a done or skipped document back in progress."""
    if context.document.document.status in ("new", "in_progress"):
        raise Refused("This document is not done or skipped: there is nothing to reopen.")
    return _document_status(context, "in_progress", "Document reopened")
