"""What the annotation keys do to the selected span or text, each as one undoable command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack

from annotator.actions.edits import (
    AddSpan,
    DeleteSpan,
    Edit,
    LinkNewSpan,
    SetDocumentStatus,
    SetRelation,
    UpdateSpan,
)
from annotator.actions.state import DocumentState
from annotator.gui.article import ArticleView
from annotator.gui.commands import Changed, StoreCommand
from annotator.store import Project, Span, StoreError
from annotator.vocabulary import CUE as CUE_LABEL
from annotator.vocabulary import SPEAKER as SPEAKER_LABEL

QUOTE_TYPES = ("direct", "indirect", "mixed")
KIND_OF_LINK = {SPEAKER_LABEL: "speaker", CUE_LABEL: "cue"}


class Editor:
    """Turns key presses into store commands on the open document."""

    def __init__(
        self,
        project: Project,
        stack: QUndoStack,
        view: ArticleView,
        changed: Changed,
        tell: Callable[[str], None],
    ) -> None:
        self.project = project
        self.stack = stack
        self.view = view
        self.changed = changed
        self.tell = tell
        # (quote id, SPEAKER or CUE) while the user is choosing a quote's speaker or cue.
        self.picking: tuple[int, str] | None = None

    @property
    def state(self) -> DocumentState | None:
        return self.view.state

    @property
    def selected(self) -> Span | None:
        state, span_id = self.view.state, self.view.selected
        return state.spans.get(span_id) if state and span_id is not None else None

    def run(self, text: str, edits: list[Edit], focus: int | None = None) -> bool:
        """Apply ``edits`` as one command; a refused change is told, not raised."""
        state = self.state
        if state is None or not edits:
            return False
        if state.document.status == "new":
            edits = [SetDocumentStatus(state.id, "in_progress"), *edits]
        command = StoreCommand(self.project, state.id, text, edits, self.changed, focus, refused=self.tell)
        try:
            command.do_first()
        except StoreError as error:
            self.tell(str(error))
            return False
        self.stack.push(command)
        return True

    # ------------------------------------------------------------ suggestions

    def go_to_suggestion(self, backwards: bool = False) -> None:
        """Select the next (or previous) suggestion in text order."""
        if self.state is None:
            return
        found = self.state.next_suggestion(self.selected, backwards)
        if found is None:
            self.tell("No suggestions left in this document.")
        self.view.select_span(found.id if found else None)

    def _decide(self, status: str) -> None:
        span = self.selected
        if span is None:
            return
        edits: list[Edit] = [UpdateSpan(span.id, {"status": status})] if span.status != status else []
        if span.kind == "quote" and self.state:
            # A quote's suggested speaker and cue stand or fall with it.
            children = (self.state.speaker(span), self.state.cue(span))
            edits += [UpdateSpan(c.id, {"status": status}) for c in children if c and c.status == "suggested"]
        if edits:
            self.run(f"{status[:-2].capitalize()} {span.label}", edits, focus=span.id)
        if self.state and self.state.pending_count():
            self.go_to_suggestion()
        else:
            self.view.select_span(span.id, reveal=False)

    def accept(self) -> None:
        """Accept the selected span and move on to the next suggestion."""
        self._decide("accepted")

    def reject(self) -> None:
        """Reject the selected span and move on to the next suggestion."""
        self._decide("rejected")

    def delete(self) -> None:
        """Remove the selected span and its links."""
        span = self.selected
        if span is not None:
            self.run(f"Delete {span.label}", [DeleteSpan(span.id)])
            self.view.select_span(None)

    def accept_all(self) -> None:
        """Accept every suggestion left in the document, as one action."""
        pending = self.state.suggestions() if self.state else []
        if not pending:
            self.tell("No suggestions left in this document.")
            return
        edits: list[Edit] = [UpdateSpan(span.id, {"status": "accepted"}) for span in pending]
        self.run(f"Accept {len(pending)} suggestions", edits)

    # ------------------------------------------------------- labels and stance

    def _selected_text(self) -> tuple[int, int] | None:
        chosen = self.view.selection_offsets()
        if chosen is None or self.state is None:
            return None
        start, end = chosen if self.view.exact_selection else self.state.tokens.snap(*chosen)
        return (start, end) if start < end and self.state.text[start:end].strip() else None

    def set_label(self, label: str) -> None:
        """Label the selected text as a new entity, or relabel (and accept) the selected entity."""
        chosen = self._selected_text()
        if chosen is not None:
            self.create(chosen, label, "entity")
            return
        span = self.selected
        if span is not None and span.kind == "entity":
            changes: dict[str, Any] = {"label": label, "status": "accepted"}
            self.run(f"Label {label}", [UpdateSpan(span.id, changes)])

    def create(
        self, chosen: tuple[int, int], label: str, kind: str, attributes: dict[str, Any] | None = None
    ) -> None:
        """A new accepted span over ``chosen`` (an identical rejected one is accepted instead)."""
        assert self.state is not None
        start, end = chosen
        existing = self.project.find_span(self.state.id, start, end, label, kind)
        if existing is not None:
            edit: Edit = UpdateSpan(existing.id, {"status": "accepted"})
        else:
            record = {"document_id": self.state.id, "start": start, "end": end, "label": label, "kind": kind}
            edit = AddSpan({**record, "attributes": attributes or {}})
        self.view.clear_selection()
        if self.run(f"New {label}", [edit]) and self.view.selected is None and existing is not None:
            self.view.select_span(existing.id, reveal=False)

    def new_quote(self) -> None:
        """Make the selected text a direct quote."""
        chosen = self._selected_text()
        if chosen is None:
            self.tell("Select the quote's text first, then press Q.")
            return
        self.create(
            chosen, "QUOTE", "quote", {"type": "direct", "speaker_name": None, "parts": [list(chosen)]}
        )

    def cycle_quote_type(self) -> None:
        """direct -> indirect -> mixed -> direct."""
        span = self.selected
        if span is None or span.kind != "quote":
            return
        current = span.attributes.get("type", "direct")
        following = QUOTE_TYPES[(QUOTE_TYPES.index(current) + 1) % 3] if current in QUOTE_TYPES else "direct"
        self.run(
            f"Quote type {following}",
            [UpdateSpan(span.id, {"attributes": {**span.attributes, "type": following}})],
        )

    def set_stance(self, stance: str) -> None:
        """Give the selected span this stance (pressing it again clears it)."""
        span = self.selected
        if span is None:
            return
        value = None if span.stance == stance else stance
        self.run(f"Stance {value or 'cleared'}", [UpdateSpan(span.id, {"stance": value})])

    # ----------------------------------------------------------------- bounds

    def move_edge(self, edge: str, direction: int, by_token: bool) -> None:
        """Move the selected span's ``start`` or ``end`` left (-1) or right (+1)."""
        span, state = self.selected, self.state
        if span is None or state is None:
            return
        start, end = span.start, span.end
        if edge == "end":
            if by_token:
                end = state.tokens.next_end(end) if direction > 0 else state.tokens.previous_end(end)
            else:
                end += direction
        elif by_token:
            start = state.tokens.previous_start(start) if direction < 0 else state.tokens.next_start(start)
        else:
            start += direction
        if not 0 <= start < end <= len(state.text) or (start, end) == (span.start, span.end):
            return
        changes: dict[str, Any] = {"start": start, "end": end}
        parts = span.attributes.get("parts")
        if span.kind == "quote" and parts:
            moved = [list(part) for part in parts]
            moved[0][0], moved[-1][1] = start, end
            if all(a < b for a, b in moved):
                changes["attributes"] = {**span.attributes, "parts": moved}
        self.run(f"Resize {span.label}", [UpdateSpan(span.id, changes)], focus=span.id)

    # ------------------------------------------------------- speakers and cues

    def start_picking(self, label: str) -> None:
        """Begin choosing the selected quote's speaker or cue; finished by :meth:`pick`."""
        quote = self.selected
        if quote is None or quote.kind != "quote":
            if self.picking and self.picking[1] == label and self._selected_text():
                self.pick_text()
                return
            self.tell("Select a quote first.")
            return
        self.picking = (quote.id, label)
        what = (
            "speaker: click an entity, or select the words and press S"
            if label == SPEAKER_LABEL
            else ("cue: select the words (said, told…) and press C")
        )
        self.tell(f"Choose the quote's {what}. Esc cancels.")

    def cancel_picking(self) -> None:
        """Stop choosing a speaker or cue."""
        if self.picking:
            self.picking = None
            self.tell("")

    def pick_span(self, span: Span) -> bool:
        """Link the quote being edited to ``span``; True if that finished a pick."""
        if self.picking is None or span.kind == "quote":
            return False
        quote_id, label = self.picking
        self.picking = None
        edits: list[Edit] = [SetRelation(quote_id, label, span.id)]
        if span.status != "accepted":
            edits.append(UpdateSpan(span.id, {"status": "accepted"}))
        quote = self.state.spans.get(quote_id) if self.state else None
        if label == SPEAKER_LABEL and quote is not None and span.kind == "entity" and self.state:
            name = " ".join(self.state.text[span.start : span.end].split())
            edits.append(UpdateSpan(quote_id, {"attributes": {**quote.attributes, "speaker_name": name}}))
        self.run(f"Set {label.lower()}", edits, focus=quote_id)
        self.view.select_span(quote_id, reveal=False)
        self.tell("")
        return True

    def pick_text(self) -> None:
        """Make the selected text the quote's speaker or cue span and link it."""
        chosen = self._selected_text()
        if self.picking is None or chosen is None or self.state is None:
            return
        quote_id, label = self.picking
        self.picking = None
        existing = [
            s for s in self.state.visible(*chosen) if (s.start, s.end) == chosen and s.kind != "quote"
        ]
        if existing:
            self.picking = (quote_id, label)
            self.pick_span(existing[0])
            self.view.clear_selection()
            return
        kind = KIND_OF_LINK[label]
        record = {
            "document_id": self.state.id,
            "start": chosen[0],
            "end": chosen[1],
            "label": label,
            "kind": kind,
        }
        self.view.clear_selection()
        self.run(f"Set {kind}", [LinkNewSpan(quote_id, label, AddSpan(record))], focus=quote_id)
        self.view.select_span(quote_id, reveal=False)
        self.tell("")
