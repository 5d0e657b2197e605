"""Pairing one annotator's spans with another's: exactly, and by overlap, one to one.

Two spans can match only when their keys are equal (the entity label, say). Under
overlap matching, pairs are taken greedily, greatest intersection-over-union first;
ties go to the pair whose earlier start is earlier, then whose later start is, then
likewise for the ends, and last to the earlier list positions. This order does not depend
on which side a span is on, so the number of pairs is the same either way round.
Identical spans (IoU 1) pair first, which also makes the exact matches a subset of the
overlap matches; an empty span (start == end) shares no character, so it matches only
an identical one.

Candidates come from a sweep over the spans sorted by start, so a document costs
O(n log n) plus the number of overlapping pairs, not O(n²).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.agreement.marks import Mark

Key = Callable[[Mark], Hashable]


def no_key(_mark: Mark) -> None:
    """The key under which any two spans may match (quotes as a whole)."""
    return None


def label_key(mark: Mark) -> str:
    """Entities match only within their label."""
    return mark.label


def type_key(mark: Mark) -> str | None:
    """Quotes compared type by type."""
    return mark.quote_type


@dataclass(frozen=True)
class Matching:
    """The one-to-one pairs (index in a, index in b) and how many of them are exact."""

    pairs: list[tuple[int, int]]
    exact: int


Place = tuple[Hashable, int, int]  # a span's key, start and end: all that matching looks at


def match(a: Sequence[Mark], b: Sequence[Mark], key: Key = no_key) -> Matching:
    """Pair a's spans with b's by overlap, identical spans first (see the module's docstring)."""
    return match_places([(key(m), m.start, m.end) for m in a], [(key(m), m.start, m.end) for m in b])


def match_places(a: Sequence[Place], b: Sequence[Place]) -> Matching:
    """:func:`match` on (key, start, end) tuples, for callers that compare one side with several."""
    first_of = dict(zip(b, range(len(b)), strict=True))
    if len(first_of) < len(b):
        return _with_repeats(a, b)
    pairs: list[tuple[int, int]] = []
    rest_a: list[int] = []
    taken: set[int] = set()
    for i, place in enumerate(a):
        j = first_of.get(place)
        if j is None or j in taken:
            rest_a.append(i)
        else:
            pairs.append((i, j))
            taken.add(j)
    exact = len(pairs)
    if rest_a and exact < len(b):
        rest_b = [j for j in range(len(b)) if j not in taken]
        pairs.extend(_by_overlap(a, b, rest_a, rest_b))
    return Matching(pairs, exact)


def _with_repeats(a: Sequence[Place], b: Sequence[Place]) -> Matching:
    """:func:`match_places` where b has identical spans: each of a's takes the first one left."""
    waiting: dict[Place, list[int]] = {}
    for j in range(len(b) - 1, -1, -1):
        waiting.setdefault(b[j], []).append(j)
    pairs: list[tuple[int, int]] = []
    rest_a: list[int] = []
    for i, place in enumerate(a):
        same = waiting.get(place)
        if same:
            pairs.append((i, same.pop()))
        else:
            rest_a.append(i)
    exact = len(pairs)
    if rest_a and exact < len(b):
        rest_b = [j for left in waiting.values() for j in left]
        pairs.extend(_by_overlap(a, b, rest_a, rest_b))
    return Matching(pairs, exact)


def _by_overlap(
    a: Sequence[Place], b: Sequence[Place], rest_a: list[int], rest_b: list[int]
) -> list[tuple[int, int]]:
    events = sorted([(a[i][1], a[i][2], 0, i) for i in rest_a] + [(b[j][1], b[j][2], 1, j) for j in rest_b])
    open_spans: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] = ([], [])
    candidates = []
    for start, end, side, index in events:
        other = [span for span in open_spans[1 - side] if span[1] > start]
        open_spans[1 - side][:] = other
        key = (a if side == 0 else b)[index][0]
        other_places = b if side == 0 else a
        for o_start, o_end, o_index in other:
            shared = min(end, o_end) - start
            if shared <= 0 or other_places[o_index][0] != key:
                continue
            iou = shared / (max(end, o_end) - o_start)
            i, j = (index, o_index) if side == 0 else (o_index, index)
            candidates.append((-iou, o_start, start, min(end, o_end), max(end, o_end), i, j))
        open_spans[side].append((start, end, index))
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple[Any, ...]]) -> list[tuple[int, int]]:
    """One-to-one pairs from candidates ending in (index in a, index in b), taken best first after sorting."""
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def clusters(marks_by_annotator: Mapping[str, Sequence[Mark]], key: Key = no_key) -> list[dict[str, Mark]]:
    """Group several annotators' spans into units, at most one span of each annotator per unit.

    The pairwise rule extended: identical spans join first, then overlapping groups join
    greatest IoU first (ties as in :func:`match`, annotators taken in sorted order), as long as
    the two groups share no annotator. With two annotators the units with both are exactly
    :func:`match`'s pairs. Units come sorted by their earliest span.
    """
    names = sorted(marks_by_annotator)
    # Nodes: identical spans of different annotators; an annotator's second identical span starts a new one.
    nodes: list[dict[str, Mark]] = []
    node_of: dict[tuple[Hashable, int, int, int], int] = {}
    for name in names:
        seen: dict[tuple[Hashable, int, int], int] = {}
        for mark in marks_by_annotator[name]:
            place = (key(mark), mark.start, mark.end)
            copy = seen.get(place, 0)
            seen[place] = copy + 1
            index = node_of.get((*place, copy))
            if index is None:
                node_of[(*place, copy)] = len(nodes)
                nodes.append({name: mark})
            else:
                nodes[index][name] = mark
    rank = {name: n for n, name in enumerate(names)}
    first = [min(node, key=rank.__getitem__) for node in nodes]
    edges = []
    order = sorted(range(len(nodes)), key=lambda n: (nodes[n][first[n]].start, nodes[n][first[n]].end, n))
    open_nodes: list[int] = []
    for u in order:
        mark = nodes[u][first[u]]
        open_nodes = [v for v in open_nodes if nodes[v][first[v]].end > mark.start]
        for v in open_nodes:
            other = nodes[v][first[v]]
            shared = min(mark.end, other.end) - mark.start
            if shared <= 0 or key(mark) != key(other) or nodes[u].keys() & nodes[v].keys():
                continue
            iou = shared / (max(mark.end, other.end) - other.start)
            x, y = (u, v) if rank[first[u]] < rank[first[v]] else (v, u)
            ends = sorted((mark.end, other.end))
            edges.append((-iou, other.start, mark.start, *ends, rank[first[x]], rank[first[y]], x, y))
        open_nodes.append(u)
    roots = join_along(nodes, edges)
    units = [nodes[n] for n, root in enumerate(roots) if root == n]
    units.sort(key=lambda unit: min((m.start, m.end, rank[name]) for name, m in unit.items()))
    return units


def join_along(nodes: list[dict[Any, Any]], edges: list[tuple[Any, ...]]) -> list[int]:
    """Join nodes along ``edges`` (tuples ending in the two nodes' indexes), best first after sorting.

    Two groups are joined only when no annotator is in both: a unit holds at most one mark of each.
    The nodes of a group are merged into its root's dict; returns each node's root.
    """
    edges.sort()
    root = list(range(len(nodes)))

    def find(n: int) -> int:
        while root[n] != n:
            root[n] = root[root[n]]
            n = root[n]
        return n

    for *_, x, y in edges:
        rx, ry = find(x), find(y)
        if rx != ry and not nodes[rx].keys() & nodes[ry].keys():
            root[ry] = rx
            nodes[rx].update(nodes[ry])
    return [find(n) for n in range(len(nodes))]
