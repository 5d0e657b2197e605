"""One document seen by several annotators: where they differ, and what enough of them agree on.

These drive the review screen (each disagreement shown with every annotator's version)
and ``review --auto`` (taking what at least K annotators marked alike).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from annotator.agreement.marks import COMPARED_KINDS, QUOTE, Mark

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Disagreement:
    """Overlapping spans of one kind on which the annotators do not all agree exactly.

    ``start``/``end`` cover every span of the group; ``versions`` has every annotator, in
    sorted order, with their spans in the group by position (an empty tuple when absent).
    """

    kind: str
    start: int
    end: int
    versions: Mapping[str, tuple[Mark, ...]]


def _position(mark: Mark) -> tuple:
    return (
        mark.start,
        mark.end,
        mark.label,
        mark.stance or "",
        mark.quote_type or "",
        mark.speaker or (-1, -1),
        mark.cue or (-1, -1),
    )


def disagreements(marks_by_annotator: Mapping[str, Sequence[Mark]]) -> list[Disagreement]:
    """The groups of overlapping entities (or quotes) where the annotators' versions differ, by position.

    A group is a chain of spans of one kind, each sharing a character with the next (whoever
    made them, whatever their label); it is a disagreement unless every annotator made the
    same spans in it, equal in kind, label, offsets, stance, quote type, speaker and cue.
    """
    names = sorted(marks_by_annotator)
    found = []
    for kind in COMPARED_KINDS:
        spans = sorted(
            ((mark, name) for name in names for mark in marks_by_annotator[name] if mark.kind == kind),
            key=lambda item: _position(item[0]),
        )
        group: list[tuple[Mark, str]] = []
        end = 0
        for mark, name in spans:
            if group and not _joins(mark, group[-1][0], end):
                found.extend(_disagreement(kind, group, names))
                group = []
            end = max(end, mark.end) if group else mark.end
            group.append((mark, name))
        if group:
            found.extend(_disagreement(kind, group, names))
    return sorted(found, key=lambda d: (d.start, d.end, d.kind))


def _joins(mark: Mark, previous: Mark, end: int) -> bool:
    """Whether a span (in start order) belongs to the group so far: it shares a character or is identical."""
    shares = mark.start < end and mark.start < mark.end
    return shares or (mark.start, mark.end) == (previous.start, previous.end)


def _disagreement(kind: str, group: list[tuple[Mark, str]], names: list[str]) -> list[Disagreement]:
    versions = {name: tuple(mark for mark, owner in group if owner == name) for name in names}
    first = Counter(versions[names[0]])
    if all(Counter(version) == first for version in versions.values()):
        return []
    start = min(mark.start for mark, _ in group)
    end = max(mark.end for mark, _ in group)
    return [Disagreement(kind, start, end, versions)]


def _agreed_value(values: list[T], needed: int) -> T | None:
    """The value held by at least ``needed`` of the annotators and more than any other, else None."""
    ranked = Counter(values).most_common(2)
    value, count = ranked[0]
    if count < needed or (len(ranked) > 1 and ranked[1][1] == count):
        return None
    return value


def agreed_marks(marks_by_annotator: Mapping[str, Sequence[Mark]], min_annotators: int) -> list[Mark]:
    """The spans at least ``min_annotators`` annotators marked alike, by position.

    Alike is the same kind, label, start and end, and for a quote the same speaker offsets.
    Stance, quote type and cue are the value at least that many of those annotators gave
    it and more gave than any other value, else None. An annotator counts once per span.
    """
    if min_annotators < 1:
        raise ValueError(f"min_annotators must be at least 1, not {min_annotators}")
    holders: dict[tuple, list[Mark]] = {}
    for name in sorted(marks_by_annotator):
        own: set[tuple] = set()
        for mark in sorted(marks_by_annotator[name], key=_position):
            alike = (
                mark.kind,
                mark.label,
                mark.start,
                mark.end,
                mark.speaker if mark.kind == QUOTE else None,
            )
            if alike not in own:
                own.add(alike)
                holders.setdefault(alike, []).append(mark)
    agreed = []
    for (kind, label, start, end, speaker), marks in holders.items():
        if len(marks) < min_annotators:
            continue
        agreed.append(
            Mark(
                kind,
                label,
                start,
                end,
                stance=_agreed_value([m.stance for m in marks], min_annotators),
                quote_type=_agreed_value([m.quote_type for m in marks], min_annotators),
                speaker=speaker,
                cue=_agreed_value([m.cue for m in marks], min_annotators),
            )
        )
    return sorted(agreed, key=lambda mark: (*_position(mark), mark.kind))
