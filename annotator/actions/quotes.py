"""Quotes: linking a quote to its speaker and cue, splitting one quote in two, joining two into one."""

from __future__ import annotations

from typing import Any

from annotator.actions.change import Change, Context, Refused, remember_suggestion
from annotator.actions.decisions import decide_links, orphans
from annotator.actions.edits import (
    AddLinkedQuote,
    AddSpan,
    DeleteSpan,
    Edit,
    LinkNewSpan,
    SetRelation,
    UpdateSpan,
)
from annotator.actions.labels import quote_type_of
from annotator.actions.state import DocumentState
from annotator.store import Span
from annotator.vocabulary import KIND_OF_LINK, RELATION_LABELS, SPEAKER


def link(context: Context, label: str) -> Change:
    """Link the selected quote to ``context.target`` (a span) or to the selected text as its speaker or cue.

    Selected text that is exactly an existing span links that span; other text
    becomes a new speaker or cue span. Linking an entity as the speaker also
    copies its words into the quote's ``speaker_name``.
    """
    state, quote = context.document, context.selected("quote")
    target = state.spans.get(context.target) if context.target is not None else None
    chosen = context.chosen_text()
    if target is None and chosen is not None:
        same = [s for s in state.visible(*chosen) if (s.start, s.end) == chosen and s.kind != "quote"]
        target = same[0] if same else None
    title = f"Set {label.lower()}"
    if target is None:
        if chosen is None:
            raise Refused(f"Choose the quote's {label.lower()}: click an entity, or select its words.")
        record = {"document_id": state.id, "start": chosen[0], "end": chosen[1], "label": label}
        add = AddSpan({**record, "kind": KIND_OF_LINK[label]})
        return Change(
            title, [LinkNewSpan(quote.id, label, add), *_unused(state, quote, label)], focus=quote.id
        )
    if target.kind == "quote":
        raise Refused(f"A quote cannot be another quote's {label.lower()}.")
    edits: list[Edit] = [SetRelation(quote.id, label, target.id), *_unused(state, quote, label, target.id)]
    if target.status != "accepted":
        edits.append(UpdateSpan(target.id, {"status": "accepted"}))
    if label == SPEAKER and target.kind == "entity":
        name = " ".join(state.text[target.start : target.end].split())
        edits.append(UpdateSpan(quote.id, {"attributes": {**quote.attributes, "speaker_name": name}}))
    return Change(title, edits, focus=quote.id)


SPLIT_WHERE = "Click inside the quote where it should be split, then split it (/)."


def _unused(state: DocumentState, quote: Span, label: str, keep: int | None = None) -> list[Edit]:
    """The span the quote linked with ``label`` before, deleted if nothing uses it any more."""
    old = state.linked(quote, label)
    if old is None or old.id == keep or old.kind == "entity" or state.quotes_of(old) != [quote]:
        return []
    return [DeleteSpan(old.id)]


def _quote_at(context: Context, caret: int) -> Span:
    """The selected quote (the caret must be inside it), else the innermost quote around the caret."""
    span = context.span
    if span is not None and span.kind == "quote":
        if not span.start < caret < span.end:
            raise Refused(SPLIT_WHERE)
        return span
    around = [q for q in context.document.quotes if q.start < caret < q.end]
    if not around:
        raise Refused(SPLIT_WHERE)
    return min(around, key=lambda q: q.end - q.start)


def _parts(quote: Span) -> list[list[int]]:
    parts = quote.attributes.get("parts")
    return [list(part) for part in parts] if parts else [[quote.start, quote.end]]


def _trimmed(text: str, parts: list[list[int]]) -> list[list[int]]:
    """Parts without the white space at their ends; parts of white space alone are dropped."""
    kept = []
    for start, end in parts:
        piece = text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
        if start < end:
            kept.append([start, end])
    return kept


JOINTS = ("and", "but", "or")


def _without_joint(text: str, parts: list[list[int]]) -> list[list[int]]:
    """The first half of a split without the comma or "and" that joined it to the second."""
    if not parts:
        return parts
    start, end = parts[-1]
    piece = text[start:end].rstrip().rstrip(",;:–—-").rstrip()
    words = piece.rsplit(None, 1)
    if len(words) == 2 and words[1].lower() in JOINTS:
        piece = words[0].rstrip().rstrip(",;:–—-").rstrip()
    return [*parts[:-1], [start, start + len(piece)]] if piece else parts[:-1]


def _quote_fields(parts: list[list[int]], attributes: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": parts[0][0],
        "end": parts[-1][1],
        "status": "accepted",
        "attributes": {**attributes, "parts": parts},
    }


def split_quote(context: Context) -> Change:
    """Split the quote at the caret into two quotes; both keep the speaker, cue, type and stance.

    A caret inside a word splits before that word; the first quote keeps the
    original's id (and so its place in the undo history and in exports).
    """
    state = context.document
    if context.caret is None:
        raise Refused(SPLIT_WHERE)
    quote = _quote_at(context, context.caret)
    cut = state.tokens.token_start(context.caret)
    first: list[list[int]] = []
    second: list[list[int]] = []
    for start, end in _parts(quote):
        if end <= cut:
            first.append([start, end])
        elif start >= cut:
            second.append([start, end])
        else:
            first.append([start, cut])
            second.append([cut, end])
    first, second = _trimmed(state.text, _without_joint(state.text, first)), _trimmed(state.text, second)
    if not first or not second:
        raise Refused("Put the cursor between two words inside the quote, where it should be split.")
    links = tuple(
        (label, child.id)
        for label, child in zip(RELATION_LABELS, (state.speaker(quote), state.cue(quote)), strict=True)
        if child is not None
    )
    halves = [_quote_fields(part, quote.attributes) for part in (first, second)]
    if quote.attributes.get("type") == "mixed":  # each half may be all inside marks, or outside them
        for half, parts in zip(halves, (first, second), strict=True):
            text = " ".join(state.text[start:end] for start, end in parts)
            half["attributes"] = {**half["attributes"], "type": quote_type_of(text)}
    halves[0] = remember_suggestion(quote, halves[0])
    # The second half comes from the same suggestion (and is marked edited with it), but the model's
    # confidence was for the whole quote.
    attributes = {k: v for k, v in halves[0]["attributes"].items() if k != "confidence"}
    attributes |= {"parts": second, "type": halves[1]["attributes"]["type"]}
    record = {"document_id": state.id, "label": quote.label, "kind": "quote", "stance": quote.stance}
    record |= {"origin": quote.origin, "model": quote.model}
    edits: list[Edit] = [
        UpdateSpan(quote.id, halves[0]),
        AddLinkedQuote(AddSpan({**record, **halves[1], "attributes": attributes}), links),
        *decide_links(state, quote),
    ]
    return Change("Split quote", edits, focus=quote.id)


def _next_quote(state: DocumentState, quote: Span) -> Span:
    """The quote right after ``quote`` in the same paragraph, if the two may be joined."""
    following = [q for q in state.quotes if q.id != quote.id and q.start >= quote.end]
    if not following:
        raise Refused("There is no quote after this one to join it with.")
    second = min(following, key=lambda q: (q.start, q.id))
    if "\n" in state.text[quote.end : second.start]:
        raise Refused("The next quote is in another paragraph: quotes are joined within a paragraph.")
    if "rejected" in (quote.status, second.status):
        raise Refused("One of the two quotes is rejected: accept it first, or delete it.")
    speakers = {s.id: s for s in (state.speaker(quote), state.speaker(second)) if s is not None}
    if len(speakers) == 2:
        names = " and ".join(f"“{state.text[s.start : s.end]}”" for s in speakers.values())
        raise Refused(f"The two quotes have different speakers ({names}): give them the same one first.")
    return second


def _merged(text: str, parts: list[list[int]]) -> list[list[int]]:
    """Parts with only white space between them become one part."""
    merged: list[list[int]] = []
    for start, end in sorted(parts):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def join_quotes(context: Context) -> Change:
    """Join the selected quote with the next quote in the text into one quote of both parts.

    The joined quote keeps the first one's speaker and cue, or takes the second
    one's where the first has none; a speaker or cue span left linked to nothing
    (not an entity) goes with the second quote.
    """
    state, first = context.document, context.selected("quote")
    second = _next_quote(state, first)
    types = {q.attributes.get("type", "direct") for q in (first, second)}
    attributes = {**first.attributes, "type": types.pop() if len(types) == 1 else "mixed"}
    if attributes.get("speaker_name") is None and second.attributes.get("speaker_name") is not None:
        attributes["speaker_name"] = second.attributes["speaker_name"]
    changes = _quote_fields(_merged(state.text, _parts(first) + _parts(second)), attributes)
    if first.stance is None and second.stance is not None:
        changes["stance"] = second.stance
    edits: list[Edit] = [UpdateSpan(first.id, remember_suggestion(first, changes)), DeleteSpan(second.id)]
    kept = [state.linked(first, label) or state.linked(second, label) for label in RELATION_LABELS]
    mine = (state.speaker(first), state.cue(first))
    for label, own, theirs in zip(RELATION_LABELS, mine, kept, strict=True):
        if own is None and theirs is not None:
            edits.append(SetRelation(first.id, label, theirs.id))
    edits += orphans(state, second, keep={child.id for child in kept if child})
    edits += [
        UpdateSpan(child.id, {"status": "accepted"})
        for child in kept
        if child and child.status == "suggested"
    ]
    return Change("Join quotes", edits, focus=first.id)


def name_speaker(context: Context, name: str) -> Change:
    """Set the selected quote's resolved speaker name ("he" or "a senior diplomat" -> a person's name).

    An empty name clears it.
    """
    quote = context.selected("quote")
    cleaned = " ".join(name.split()) or None
    attributes = {**quote.attributes, "speaker_name": cleaned}
    return Change(
        f"Speaker name {cleaned or 'cleared'}", [UpdateSpan(quote.id, {"attributes": attributes})], quote.id
    )


def speaker_names(state: DocumentState) -> list[str]:
    """Names a quote's speaker may resolve to: the document's people and names given, commonest first."""
    counts: dict[str, int] = {}
    people = (
        s
        for s in state.spans.values()
        if s.kind == "entity" and s.label == "PERSON" and s.status != "rejected"
    )
    for person in people:
        name = " ".join(state.text[person.start : person.end].split())
        counts[name] = counts.get(name, 0) + 1
    for quote in state.quotes:
        if quote.attributes.get("speaker_name"):
            counts[quote.attributes["speaker_name"]] = counts.get(quote.attributes["speaker_name"], 0) + 1
    # "Blinken" and "Anthony Blinken" are one person: offer the full name only.
    full = [name for name in counts if not any(other.endswith(f" {name}") for other in counts)]
    for name in counts:
        if name not in full:
            longer = next(other for other in full if other.endswith(f" {name}"))
            counts[longer] += counts[name]
    return sorted(full, key=lambda name: (-counts[name], name))
