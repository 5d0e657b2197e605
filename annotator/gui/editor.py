"""The window's adapter to the actions layer: builds the context from the view, pushes the change it gets.

The rules live in ``annotator.actions``; here is only what needs the window:
what is selected on screen, the undo stack, moving to the next suggestion, and the
two-step choice of a quote's speaker or cue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoStack

from annotator.actions.catalogue import BY_ID
from annotator.actions.change import Change, Context, Refused, Unconfirmed, with_progress
from annotator.actions.declared import Action
from annotator.actions.state import DocumentState
from annotator.gui.article import ArticleView
from annotator.gui.commands import Changed, StoreCommand
from annotator.store import Project, Span, StoreError
from annotator.vocabulary import CUE, SPEAKER

LINK_ACTIONS = {"set_speaker": SPEAKER, "set_cue": CUE}
QUESTIONS = {
    SPEAKER: "Choose the quote's speaker: click an entity, or select the words and press S. Esc cancels.",
    CUE: "Choose the quote's cue: select the words (said, told…) and press C. Esc cancels.",
}


class Editor:
    """Runs annotation actions on the open document, each as one undoable command."""

    def __init__(
        self,
        project: Project,
        stack: QUndoStack,
        view: ArticleView,
        changed: Changed,
        tell: Callable[[str], None],
        ask: Callable[[str], bool],
        catch_up: Callable[[], None],
    ) -> None:
        """``tell`` shows a message; ``ask`` puts a yes-or-no question and returns the answer.

        ``catch_up`` takes in what other connections committed, so that the next action sees it.
        """
        self.project = project
        self.stack = stack
        self.view = view
        self.changed = changed
        self.tell = tell
        self.ask = ask
        self.catch_up = catch_up
        # (quote id, SPEAKER or CUE) while the user is choosing a quote's speaker or cue.
        self.picking: tuple[int, str] | None = None
        # Tab's order: the text's, or the stance guesses the model is least sure of first (the list's order).
        self.least_certain_first = False

    @property
    def state(self) -> DocumentState | None:
        return self.view.state

    def context(self) -> Context:
        """What is selected on screen, in code points (selected text snapped to tokens unless exact)."""
        state, view = self.view.state, self.view
        caret = view.offsets.to_py(view.textCursor().position()) if state else None
        return Context(state, view.selected, self._selected_text(), caret, picking=self.picking)

    def _selected_text(self) -> tuple[int, int] | None:
        chosen = self.view.selection_offsets()
        if chosen is None or self.state is None:
            return None
        start, end = chosen if self.view.exact_selection else self.state.tokens.snap(*chosen)
        return (start, end) if start < end and self.state.text[start:end].strip() else None

    def perform(self, action: Action[Context], context: Context | None = None) -> bool:
        """Ask ``action``'s rule what to do and push it as one command; False if it was refused."""
        if context is None:
            self.catch_up()
            context = self.context()
        span = context.span  # as it was before the change
        was_open = self._open(span)
        if action.id not in LINK_ACTIONS:
            self.cancel_picking()  # doing something else ends the choice of a speaker or cue
        try:
            try:
                change = action.run(context)
            except Unconfirmed as question:
                if not self.ask(str(question)):
                    return False
                context = replace(context, confirmed=True)
                change = action.run(context)
        except Refused as refusal:
            self.tell(str(refusal))
            return False
        assert isinstance(change, Change)
        if context.text is not None and change.edits:
            self.view.clear_selection()
        if change.edits and not self.push(change):
            return False
        # a suggestion decided, or a quote's missing stance given: on to the next thing to decide
        now = self.state.spans.get(span.id) if span is not None and self.state is not None else None
        decided = was_open and context.text is None and not self._open(now)
        if action.then == "next_suggestion" or (action.then == "next_if_decided" and decided):
            self._next_after(span)
        return True

    def _open(self, span: Span | None) -> bool:
        """Whether ``span`` waits for a decision (Tab visits it): a suggestion, a quote without a stance."""
        return span is not None and self.state is not None and self.state.is_open(span)

    def push(self, change: Change) -> bool:
        """Apply ``change`` as one undoable command; a refused change is told, not raised."""
        state = self.state
        if state is None or not change.edits:
            return False
        edits = with_progress(state, change.edits)
        command = StoreCommand(
            self.project, state.id, change.title, edits, self.changed, change.focus, refused=self.tell
        )
        try:
            command.do_first()
        except StoreError as error:
            self.tell(str(error))
            return False
        self.stack.push(command)
        return True

    # ------------------------------------------------------------ suggestions

    def go_to_suggestion(self, backwards: bool = False) -> None:
        """Select the next (or previous) suggestion, or quote without a stance.

        In text order, or least certain first while the document list is in that order.
        """
        if self.state is None:
            return
        self.cancel_picking()
        span_id = self.view.selected
        current = self.state.spans.get(span_id) if span_id else None
        found = self.state.next_to_decide(current, backwards, self.least_certain_first)
        if found is None:
            self.tell("Nothing left to decide in this document.")
        self.view.select_span(found.id if found else None)

    def _next_after(self, span: Span | None) -> None:
        if self.state and self.state.open_count():
            self.go_to_suggestion()
            return
        if span is not None:
            self.view.select_span(span.id, reveal=False)
        self.tell("Nothing left to decide in this document: Ctrl+Return marks it done.")

    # ------------------------------------------------------- speakers and cues

    def link_key(self, action_id: str) -> None:
        """S or C: start choosing the selected quote's speaker or cue, or finish with the selected text."""
        label = LINK_ACTIONS[action_id]
        if self.picking and self.picking[1] == label and self._selected_text():
            self._finish_pick(self.picking, None)
            return
        quote = self.state.spans.get(self.view.selected) if self.state and self.view.selected else None
        if quote is None or quote.kind != "quote":
            self.tell("Select a quote first.")
            return
        self.picking = (quote.id, label)
        self.tell(self.question())

    def question(self) -> str:
        """What the status bar asks while a speaker or cue is being chosen ("" while none is)."""
        return QUESTIONS[self.picking[1]] if self.picking else ""

    def cancel_picking(self) -> None:
        """Stop choosing a speaker or cue."""
        if self.picking:
            self.picking = None
            self.tell("")

    def pick_span(self, span: Span) -> bool:
        """Link the quote being edited to the clicked ``span``; True if that finished a pick."""
        if self.picking is None or span.kind == "quote":
            return False
        self._finish_pick(self.picking, span.id)
        return True

    def _finish_pick(self, picking: tuple[int, str], target: int | None) -> None:
        quote_id, label = picking
        self.picking = None
        self.catch_up()
        action = BY_ID["set_speaker" if label == SPEAKER else "set_cue"]
        context = self.context()
        context = Context(context.state, quote_id, context.text, context.caret, target)
        if self.perform(action, context):
            self.view.select_span(quote_id, reveal=False)
            self.tell("")
