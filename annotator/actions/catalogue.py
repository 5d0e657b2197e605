"""Every annotation action, declared once: the window's menus and keys, its help and scripts use these.

Adding an action is one rule function (in this package) and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from annotator.actions import decisions, labels, quotes
from annotator.actions.change import Change, Context
from annotator.actions.declared import Action
from annotator.actions.state import suggested_stance
from annotator.vocabulary import CUE, SPEAKER

Rule = Callable[[Context], Change]


def has_document(context: Context) -> bool:
    """A document is open."""
    return context.state is not None


def has_span(context: Context) -> bool:
    """A span is selected."""
    return context.span is not None


def has_quote(context: Context) -> bool:
    """A quote is selected."""
    span = context.span
    return span is not None and span.kind == "quote"


def has_text(context: Context) -> bool:
    """Text is selected."""
    return context.text is not None


def can_take_stance(context: Context) -> bool:
    """An entity or a quote is selected (speakers and cues take no stance of their own)."""
    span = context.span
    return span is not None and span.kind in ("entity", "quote")


def can_confirm_stance(context: Context) -> bool:
    """The selected span has a suggested stance and none of its own."""
    span = context.span
    return span is not None and span.kind in ("entity", "quote") and suggested_stance(span) is not None


def can_label(context: Context) -> bool:
    """Text or an entity is selected."""
    span = context.span
    return has_text(context) or (span is not None and span.kind == "entity")


def can_link(label: str) -> Callable[[Context], bool]:
    """A quote is selected, or the window is asking for this quote's speaker (or cue)."""
    return lambda context: has_quote(context) or (context.picking is not None and context.picking[1] == label)


def can_split(context: Context) -> bool:
    """A quote is selected, or the cursor is inside one."""
    caret, state = context.caret, context.state
    if has_quote(context):
        return True
    return state is not None and caret is not None and any(q.start < caret < q.end for q in state.quotes)


def can_join(context: Context) -> bool:
    """A quote is selected and another quote follows it."""
    span, state = context.span, context.state
    if state is None or span is None or span.kind != "quote":
        return False
    return any(q.start >= span.end and q.id != span.id for q in state.quotes)


def can_reopen(context: Context) -> bool:
    """The document is done or skipped."""
    return context.state is not None and context.state.document.status in ("done", "skipped")


EDGES = (  # id, title, key, help, (edge, direction, by token)
    ("end_right", "End one token right", "Shift+Right", "Grow the span by a token", ("end", 1, True)),
    ("end_left", "End one token left", "Shift+Left", "Shrink the span by a token", ("end", -1, True)),
    ("start_left", "Start one token left", "Ctrl+Shift+Left", "Grow leftwards", ("start", -1, True)),
    ("start_right", "Start one token right", "Ctrl+Shift+Right", "Shrink from the left", ("start", 1, True)),
    ("end_right_char", "End one character right", "Alt+Shift+Right", "Grow by a character",
     ("end", 1, False)),
    ("end_left_char", "End one character left", "Alt+Shift+Left", "Shrink by a character",
     ("end", -1, False)),
    ("start_left_char", "Start one character left", "Ctrl+Alt+Shift+Left", "Grow leftwards by a character",
     ("start", -1, False)),
    ("start_right_char", "Start one character right", "Ctrl+Alt+Shift+Right",
     "Shrink from the left by a character", ("start", 1, False)),
)  # fmt: skip
STANCES = (
    ("stance_favor", "Stance: &favor", "F"),
    ("stance_against", "Stance: a&gainst", "G"),
    ("stance_neutral", "Stance: &neutral", "N"),
    ("stance_unclear", "Stance: &unclear", "U"),
)
LABEL_COUNT = 9

SPAN_ACTIONS: tuple[Action[Context], ...] = (
    Action("accept", "&Accept", ("A", "Return"),
           "Accept the selected span (a quote: with its cue, not a speaker entity)",
           "Span", decisions.accept, has_span, context="span", then="next_suggestion"),
    Action("reject", "&Reject", ("X", "Delete"), "Reject the selected span (it stays, struck out)",
           "Span", decisions.reject, has_span, context="span", then="next_suggestion"),
    Action("delete", "&Delete", ("Ctrl+Delete",), "Remove the selected span altogether",
           "Span", decisions.delete, has_span, context="span", separator_after=True),
    Action("new_quote", "New &quote", ("Q",), "Make the selected text a direct quote",
           "Span", labels.new_quote, has_text, context="text"),
    Action("quote_type", "Quote &type", ("T",), "Cycle the quote's type: direct, indirect, mixed",
           "Span", labels.cycle_quote_type, has_quote, context="span"),
    Action("set_speaker", "Set &speaker", ("S",), "Then click an entity, or select its words and press S",
           "Span", partial(quotes.link, label=SPEAKER), can_link(SPEAKER), context="any"),
    Action("set_cue", "Set &cue", ("C",), "Then select the cue words (said, told…) and press C",
           "Span", partial(quotes.link, label=CUE), can_link(CUE), context="any"),
    Action("split_quote", "Spl&it quote", ("/",), "Split the quote at the cursor; both keep speaker and cue",
           "Span", quotes.split_quote, can_split, context="span"),
    Action("join_quotes", "&Join quotes", ("Ctrl+J",), "Join the selected quote with the next quote",
           "Span", quotes.join_quotes, can_join, context="span", separator_after=True),
    *(
        Action(name, title, (key,), "Stance of the selected span toward the topic (again: clear it)",
               "Span", partial(labels.stance_number, number=number), can_take_stance, family="Stance",
               context="span", then="next_if_decided")
        for number, (name, title, key) in enumerate(STANCES)
    ),
    Action("confirm_stance", "C&onfirm suggested stance", ("Y",),
           "Take the suggested stance (shown faintly, with its probability) as the span's stance",
           "Span", labels.confirm_stance, can_confirm_stance, context="span", then="next_suggestion",
           separator_after=True),
    *(
        Action(name, title, (key,), what, "Span", partial(labels.move_edge, edge=edge, direction=step,
               by_token=by_token), has_span, separator_after=name == EDGES[-1][0])
        for name, title, key, what, (edge, step, by_token) in EDGES
    ),
    *(
        Action(f"label_{number + 1}", str(number + 1), (str(number + 1),),
               "Label the selected span, or make the selected text an entity, with the project's nth label",
               "Span/&Label", partial(labels.label_number, number=number), can_label, family="Label",
               context="any", then="next_if_decided")
        for number in range(LABEL_COUNT)
    ),
)  # fmt: skip

DOCUMENT_ACTIONS: tuple[Action[Context], ...] = (
    Action("accept_all", "Accept &all suggestions", ("Ctrl+Shift+A",), "Accept every remaining suggestion",
           "Document", decisions.accept_all, has_document),
    Action("done_next", "&Done, next unfinished", ("Ctrl+Return",), "Mark done and open the next unfinished",
           "Document", decisions.mark_done, has_document, then="next_unfinished"),
    Action("skip", "S&kip, next unfinished", ("Ctrl+Shift+Return",),
           "Mark skipped (not worth annotating) and open the next unfinished",
           "Document", decisions.skip, has_document, then="next_unfinished"),
    Action("reopen", "Re&open", (), "Put a done or skipped document back in progress",
           "Document", decisions.reopen, can_reopen, separator_after=True),
)  # fmt: skip

ANNOTATION_ACTIONS = SPAN_ACTIONS + DOCUMENT_ACTIONS
BY_ID: dict[str, Action[Context]] = {action.id: action for action in ANNOTATION_ACTIONS}
