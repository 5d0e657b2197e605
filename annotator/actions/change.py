"""What an action sees (the document and what is selected) and what it decides (a titled list of edits).

Every rule in this package is a plain function ``Context -> Change``: the window,
the command line and scripts build a context, ask the rule, then apply the change
in one transaction (:func:`apply_change`), so they all write the same rows and the
same event-log entries. Imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.actions.edits import Edit, SetDocumentStatus, apply_all
from annotator.actions.state import DocumentState
from annotator.store import Project, Span


class Refused(Exception):
    """The action does not apply to what is selected; the message says what to do instead."""


class Unconfirmed(Exception):
    """The action needs a yes first (its message is the question); run it again with ``confirmed``."""


@dataclass(frozen=True)
class Context:
    """The open document and what the annotator has chosen in it.

    ``text`` is selected text in code points (already snapped to tokens, if it
    should be), ``caret`` the cursor's code point, ``target`` a second span (the
    speaker or cue to link the selected quote to), ``picking`` the quote and link
    label (SPEAKER or CUE) the window is asking a speaker or cue for, ``confirmed``
    that the annotator said yes to what the action asked (:class:`Unconfirmed`).
    """

    state: DocumentState | None
    span_id: int | None = None
    text: tuple[int, int] | None = None
    caret: int | None = None
    target: int | None = None
    picking: tuple[int, str] | None = None
    confirmed: bool = False

    @property
    def document(self) -> DocumentState:
        """The open document; refused when none is open."""
        if self.state is None:
            raise Refused("Open a document first.")
        return self.state

    @property
    def span(self) -> Span | None:
        """The selected span, if any."""
        if self.state is None or self.span_id is None:
            return None
        return self.state.spans.get(self.span_id)

    def selected(self, *kinds: str) -> Span:
        """The selected span (of one of ``kinds`` if given); refused when there is none."""
        span = self.span
        if span is None or (kinds and span.kind not in kinds):
            named = " or ".join(f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}" for kind in kinds)
            raise Refused(f"Select {named or 'a span'} first.")
        return span

    def chosen_text(self) -> tuple[int, int] | None:
        """The selected text, if it holds more than white space."""
        if self.text is None or self.state is None:
            return None
        start, end = self.text
        return (start, end) if start < end and self.state.text[start:end].strip() else None


@dataclass(frozen=True)
class Change:
    """One user action: its name (for the undo menu), its edits, the span to select afterwards."""

    title: str
    edits: list[Edit] = field(default_factory=list)
    focus: int | None = None


def remember_suggestion(span: Span, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` to a model's span that move or relabel it also keep what the model suggested.

    The first such change stores ``attributes["suggested"]`` (label, start, end), so
    exports can tell a corrected suggestion from one accepted as it was.
    """
    moved = any(
        name in changes and changes[name] != getattr(span, name) for name in ("label", "start", "end")
    )
    attributes = changes.get("attributes", span.attributes)
    if span.origin != "model" or not moved or "suggested" in attributes:
        return changes
    suggested = {"label": span.label, "start": span.start, "end": span.end}
    return {**changes, "attributes": {**attributes, "suggested": suggested}}


def with_progress(state: DocumentState, edits: list[Edit]) -> list[Edit]:
    """The first change to a new document also marks it in progress (unless it sets a status itself)."""
    sets_status = any(isinstance(edit, SetDocumentStatus) for edit in edits)
    if state.document.status == "new" and edits and not sets_status:
        return [SetDocumentStatus(state.id, "in_progress"), *edits]
    return edits


def apply_change(project: Project, state: DocumentState, change: Change) -> list[Edit]:
    """Apply ``change`` in one transaction (one batch in the event log); returns the edits that undo it."""
    return apply_all(project, with_progress(state, change.edits))
