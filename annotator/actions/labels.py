"""Labelling: new entities and quotes from selected text, labels, stance, quote type, span edges."""

from __future__ import annotations

from typing import Any

from annotator.actions.change import Change, Context, Refused, remember_suggestion
from annotator.actions.decisions import decide_links
from annotator.actions.edits import AddSpan, Edit, UpdateSpan
from annotator.actions.state import suggested_stance
from annotator.store import Span
from annotator.vocabulary import QUOTE, QUOTE_TYPES


def new_span(
    context: Context, chosen: tuple[int, int], label: str, kind: str, attributes: dict[str, Any] | None = None
) -> Change:
    """A new accepted span over ``chosen`` (an identical span already stored is accepted instead)."""
    state = context.document
    start, end = chosen
    existing = state.project.find_span(state.id, start, end, label, kind)
    if existing is not None:
        return Change(f"New {label}", [UpdateSpan(existing.id, {"status": "accepted"})], focus=existing.id)
    record = {"document_id": state.id, "start": start, "end": end, "label": label, "kind": kind}
    return Change(f"New {label}", [AddSpan({**record, "attributes": attributes or {}})])


def set_label(context: Context, label: str) -> Change:
    """Label the selected text as a new entity, or relabel (and accept) the selected entity."""
    chosen = context.chosen_text()
    if chosen is not None:
        return new_span(context, chosen, label, "entity")
    span = context.selected("entity")
    changes = remember_suggestion(span, {"label": label, "status": "accepted"})
    return Change(f"Label {label}", [UpdateSpan(span.id, changes)], span.id)


def label_number(context: Context, number: int) -> Change:
    """Key ``number + 1``: the project's entity label in that place."""
    labels = context.document.project.setting("entity_labels")
    if number >= len(labels):
        raise Refused(f"The project has no entity label {number + 1} (Edit ▸ Project settings).")
    return set_label(context, labels[number]["name"])


OPENING, CLOSING = '"“„«「『', '"”“»」』'


def quote_type_of(text: str) -> str:
    """direct: the words are all inside quotation marks; mixed: some are; indirect: none are."""
    words = text.strip().rstrip(".,;:")
    if words[:1] in OPENING and words[-1:] in CLOSING and len(words) > 1:
        inner = words[1:-1]
        return "direct" if not any(mark in inner for mark in OPENING + CLOSING) else "mixed"
    return "mixed" if any(mark in words for mark in OPENING + CLOSING) else "indirect"


def new_quote(context: Context) -> Change:
    """Make the selected text a quote, its type read from its quotation marks."""
    chosen = context.chosen_text()
    if chosen is None:
        raise Refused("Select the quote's text first, then press Q.")
    kind = quote_type_of(context.document.text[chosen[0] : chosen[1]])
    attributes = {"type": kind, "speaker_name": None, "parts": [list(chosen)]}
    return new_span(context, chosen, QUOTE, "quote", attributes)


def cycle_quote_type(context: Context) -> Change:
    """direct -> indirect -> mixed -> direct."""
    span = context.selected("quote")
    current = span.attributes.get("type", "direct")
    following = QUOTE_TYPES[(QUOTE_TYPES.index(current) + 1) % 3] if current in QUOTE_TYPES else "direct"
    changes = {"attributes": {**span.attributes, "type": following}}
    return Change(f"Quote type {following}", [UpdateSpan(span.id, changes)], span.id)


def _give_stance(context: Context, span: Span, value: str | None, title: str) -> Change:
    """``span`` gets stance ``value``; a suggestion is accepted with it (a quote with its speaker and cue)."""
    edits: list[Edit] = [UpdateSpan(span.id, {"stance": value})]
    if span.status == "suggested":
        edits = [UpdateSpan(span.id, {"stance": value, "status": "accepted"})]
        if span.kind == "quote":
            edits += decide_links(context.document, span)
    return Change(title, edits, span.id)


def set_stance(context: Context, stance: str) -> Change:
    """Give the selected entity or quote this stance (the same one again clears it).

    A suggestion is accepted with it: one key decides a quote and its stance.
    """
    span = context.selected("entity", "quote")
    value = None if span.stance == stance else stance
    return _give_stance(context, span, value, f"Stance {value or 'cleared'}")


def confirm_stance(context: Context) -> Change:
    """Make the stance model's guess the selected span's stance: a person's decision now.

    The guess stays in the attributes (the export shows it only while ``stance`` is
    None), so clearing the stance brings the suggestion back and the model's guesses
    can still be compared with what people decided.
    """
    span = context.selected("entity", "quote")
    if span.stance is not None:
        raise Refused(f"This {span.kind} already has a stance, {span.stance}: there is nothing to confirm.")
    guess = suggested_stance(span)
    if guess is None:
        raise Refused(f"This {span.kind} has no suggested stance: give it one with a stance key.")
    label = guess[0]
    if label not in context.document.project.setting("stance_labels"):
        raise Refused(
            f"The suggested stance {label} is not a stance label of this project (Edit ▸ Project settings)."
        )
    return _give_stance(context, span, label, f"Confirm stance {label}")


def stance_number(context: Context, number: int) -> Change:
    """The project's stance label in place ``number`` (favor, against, neutral, unclear by default)."""
    stances = context.document.project.setting("stance_labels")
    if number >= len(stances):
        raise Refused(f"The project has no stance label {number + 1} (Edit ▸ Project settings).")
    return set_stance(context, stances[number])


def move_edge(context: Context, edge: str, direction: int, by_token: bool) -> Change:
    """Move the selected span's ``start`` or ``end`` left (-1) or right (+1), by a token or a character."""
    state, span = context.document, context.selected()
    start, end = span.start, span.end
    tokens = state.tokens
    if edge == "end":
        if by_token:
            end = tokens.next_end(end) if direction > 0 else tokens.previous_end(end)
        else:
            end += direction
    elif by_token:
        start = tokens.previous_start(start) if direction < 0 else tokens.next_start(start)
    else:
        start += direction
    if not 0 <= start < end <= len(state.text) or (start, end) == (span.start, span.end):
        return Change(f"Resize {span.label}", focus=span.id)
    changes: dict[str, Any] = {"start": start, "end": end}
    parts = span.attributes.get("parts")
    if span.kind == "quote" and parts:
        moved = [list(part) for part in parts]
        moved[0][0], moved[-1][1] = start, end
        if all(a < b for a, b in moved):
            changes["attributes"] = {**span.attributes, "parts": moved}
    edits: list[Edit] = [UpdateSpan(span.id, remember_suggestion(span, changes))]
    return Change(f"Resize {span.label}", edits, focus=span.id)
