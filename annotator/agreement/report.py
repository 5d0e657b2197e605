"""Agreement between annotators over the documents they both marked done (issue 14).

For each pair (a, b), a first in sorted order and taken as reference: precision, recall
and F1 of entities (per label too) and quotes (per quote type too), exact and by overlap;
speaker and cue agreement and Cohen's kappa of stance and quote type on the
overlap-matched pairs. Over all annotators: Krippendorff's alpha of stance. Per document:
how much the pairs disagree, so the documents that disagree most can be opened first.

Decisions where the issue left a choice:

- Entities match only within their label (so a label disagreement is an unmatched span on
  each side); quotes match whatever their type; ``by_type`` matches each type's quotes
  alone (those of either side with that type), and quotes without a type are in no ``by_type``.
- Speaker (cue) agreement counts the matched quote pairs where at least one side linked a
  speaker (cue): n is that count, agreement the share where both did and the two speaker
  spans share a character.
- Stance kappa takes matched entity and quote pairs where both gave a stance; quote type
  kappa the matched quote pairs where both gave a type.
- A pair's disagreements in a document: spans left unmatched by overlap matching, plus
  matched pairs that differ in label, stance, quote type, speaker or cue (speakers and cues
  compared as above, both missing being the same). Differing boundaries alone are not
  counted; the exact scores show them.
- Alpha's units are the clusters of :func:`~annotator.agreement.matching.clusters` (entities
  per label, quotes) in documents at least two annotators marked done, and only those where
  some annotator gave a stance; an annotator without a span there, or without a stance on it,
  has a missing value.

How it stays fast (5 annotators x 10,000 documents x 20 marks in a few seconds of CPU): each
annotator's document is reduced once to tuples of what is compared, and identical tuples of
one document are made one object, so that two annotators' identical marks are found by a set
operation on their ids. Identical marks pair with each other under both matchings (when
neither side repeats a place), so their scores are counted by kind of mark at the end; only
the rest of each document goes through matching. Documents where an annotator repeats a place
go through matching whole, as do the clusters of such documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import chain, combinations
from multiprocessing import get_all_start_methods, get_context
from operator import itemgetter
from typing import Any

from annotator.agreement.marks import ENTITY, QUOTE, Layers, Mark, same_place
from annotator.agreement.matching import clusters, greedy_pairs, join_along, label_key, match_places, no_key
from annotator.agreement.measures import Coincidences, kappa_of, prf

# A mark as compared: (kind, label, start, end, stance, quote type, speaker, cue, place), the place
# being what matching looks at: (label, start, end) for an entity, (_QUOTES, start, end) for a quote.
Fields = tuple[Any, ...]
_PLACE = itemgetter(8)
_QUOTES = ("quote",)  # the key of every quote's place: equal to no entity label
_SKIPPED: Fields = ()  # what a mark of a kind not compared stands for


class _Side:
    """One annotator's version of a document, prepared once for every pair it is in.

    ``marks`` are the compared marks as :data:`Fields`, in the layer's order, each the one
    object of its document with those fields, and ``by_id`` maps their ids to them.
    ``regular`` when no two marks share a place: then identical marks of two sides pair with
    each other whatever else is there, and the clusters have one mark of an annotator per place.
    """

    __slots__ = ("by_id", "labels", "marks", "originals", "quotes", "regular", "types")

    def __init__(
        self, marks: Sequence[Mark], canonical: dict[tuple, Fields], kinds: dict[int, tuple]
    ) -> None:
        self.originals = marks
        get = canonical.get
        fields: list[Fields] = []
        labels: list[str] = []
        types: list[str] = []
        quotes = 0
        for t in marks:  # a Mark is the tuple of its fields, in Fields' order
            u = get(t)
            if u is None:
                u = _canonical(t, canonical, kinds)
            if u[0] == ENTITY:
                labels.append(u[1])
            elif u is _SKIPPED:
                continue
            else:
                quotes += 1
                if u[5] is not None:
                    types.append(u[5])
            fields.append(u)
        self.marks = fields
        self.by_id = dict(zip(map(id, fields), fields, strict=True))
        self.regular = len(set(map(_PLACE, fields))) == len(fields)
        self.labels = labels
        self.types = types
        self.quotes = quotes


def _canonical(t: tuple, canonical: dict[tuple, Fields], kinds: dict[int, tuple]) -> Fields:
    """The fields of a mark first seen in its document, and what they add when both sides have them."""
    kind = t[0]
    if kind == ENTITY:
        u = (*t, (t[1], t[2], t[3]))
        kinds[id(u)] = (ENTITY, t[1], t[4])
    elif kind == QUOTE:
        u = (*t, (_QUOTES, t[2], t[3]))
        kinds[id(u)] = (QUOTE, t[5], t[4], t[6] is not None, t[7] is not None)
    else:
        u = _SKIPPED
    canonical[t] = u
    return u


def _differ(x: Fields, y: Fields) -> bool:
    return (
        x[1] != y[1]
        or x[4] != y[4]
        or x[5] != y[5]
        or not same_place(x[6], y[6])
        or not same_place(x[7], y[7])
    )


def _scores(exact: int, overlap: int, n_a: int, n_b: int) -> dict[str, Any]:
    return {"exact": prf(exact, n_a, n_b), "overlap": prf(overlap, n_a, n_b)}


class _Grouped:
    """Spans of a and of b per label (or quote type), and those matched exactly and by overlap.

    Collected as lists, document after document, and counted once at the end; ``identical``
    counts the pairs of identical marks, each matched exactly.
    """

    def __init__(self) -> None:
        self.a: list[str] = []
        self.b: list[str] = []
        self.exact: list[str] = []
        self.by_overlap: list[str] = []  # matched by overlap, not exactly
        self.identical: Counter[str] = Counter()
        self._counts: tuple[Counter[str], Counter[str], Counter[str], Counter[str]] | None = None

    def counts(self) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
        if self._counts is None:
            exact = Counter(self.exact) + self.identical
            self._counts = (Counter(self.a), Counter(self.b), exact, exact + Counter(self.by_overlap))
        return self._counts

    def totals(self) -> dict[str, Any]:
        a, b, exact, overlap = (sum(counts.values()) for counts in self.counts())
        return _scores(exact, overlap, a, b)

    def by_group(self) -> dict[str, Any]:
        a, b, exact, overlap = self.counts()
        return {
            group: _scores(exact[group], overlap[group], a[group], b[group])
            for group in sorted(a.keys() | b.keys())
        }


def _by_overlap(a: list[Fields], b: list[Fields], place: Any = _PLACE) -> list[tuple[Fields, Fields]]:
    """The pairs :func:`~annotator.agreement.matching.match_places` takes by overlap, places all different.

    Without repeated places no two candidate pairs that share a mark tie, so the order of a
    and b does not matter.
    """
    if len(a) * len(b) > 100:
        found = match_places(list(map(place, a)), list(map(place, b)))
        return [(a[i], b[j]) for i, j in found.pairs]
    candidates = []
    for i, t in enumerate(a):
        key, start, end = place(t)
        for j, u in enumerate(b):
            o_key, o_start, o_end = place(u)
            if o_end <= start or end <= o_start or o_key != key:
                continue
            low_end, high_end = (end, o_end) if end <= o_end else (o_end, end)
            low_start, high_start = (start, o_start) if start <= o_start else (o_start, start)
            candidates.append(
                (
                    (high_start - low_end) / (high_end - low_start),
                    low_start,
                    high_start,
                    low_end,
                    high_end,
                    i,
                    j,
                )
            )
    if not candidates:
        return []
    return [(a[i], b[j]) for i, j in greedy_pairs(candidates)]


_TYPED_PLACE = itemgetter(5, 2, 3)


class _Pair:
    """What one pair of annotators has agreed on so far, document by document."""

    def __init__(self, kinds: dict[int, tuple]) -> None:
        self.kinds = kinds  # id of a mark's fields -> what a pair of them adds
        self.documents = 0
        self.identical: list[set[int]] = []  # ids of the marks both made identically, per document
        self.labels = _Grouped()
        self.quotes = [0, 0, 0, 0]  # exact, overlap, a's, b's
        self.types = _Grouped()
        self.speaker = [0, 0]  # compared, agreed
        self.cue = [0, 0]
        self.stance: Counter[tuple[str, str]] = Counter()
        self.quote_type: Counter[tuple[str, str]] = Counter()

    def add(self, a: _Side, b: _Side) -> int:
        """Adds one shared document; returns its disagreements."""
        self.documents += 1
        labels, types, quotes = self.labels, self.types, self.quotes
        labels.a.extend(a.labels)
        labels.b.extend(b.labels)
        types.a.extend(a.types)
        types.b.extend(b.types)
        quotes[2] += a.quotes
        quotes[3] += b.quotes
        if not (a.regular and b.regular):
            return self._add_all(a.marks, b.marks)
        a_by, b_by = a.by_id, b.by_id
        same = a_by.keys() & b_by.keys()
        self.identical.append(same)
        if len(same) == len(a_by) == len(b_by):
            return 0
        rest_a = list(map(a_by.__getitem__, a_by.keys() - same))
        rest_b = list(map(b_by.__getitem__, b_by.keys() - same))
        waiting = {u[8]: u for u in rest_b}
        placed = []
        left_a = []
        for t in rest_a:
            u = waiting.pop(t[8], None)
            if u is None:
                left_a.append(t)
            else:
                placed.append((t, u))
        overlapping = _by_overlap(left_a, list(waiting.values())) if left_a and waiting else []
        typed_a = [t for t in rest_a if t[5] is not None and t[0] == QUOTE]
        if typed_a:
            typed_b = [u for u in rest_b if u[5] is not None and u[0] == QUOTE]
            if typed_b:
                self._typed(typed_a, typed_b)
        self._tally(placed, True)
        self._tally(overlapping, False)
        differing = sum(map(_differ, *zip(*placed, strict=True))) if placed else 0
        if overlapping:
            differing += sum(1 for x, y in overlapping if _differ(x, y))
        return len(rest_a) + len(rest_b) - 2 * (len(placed) + len(overlapping)) + differing

    def _typed(self, typed_a: list[Fields], typed_b: list[Fields]) -> None:
        """Matches quotes of either side, not identical ones, type by type (places all different)."""
        waiting = {_TYPED_PLACE(u): u for u in typed_b}
        left = []
        exact = self.types.exact
        for t in typed_a:
            if waiting.pop(_TYPED_PLACE(t), None) is None:
                left.append(t)
            else:
                exact.append(t[5])
        if left and waiting:
            self.types.by_overlap.extend(
                x[5] for x, _y in _by_overlap(left, list(waiting.values()), _TYPED_PLACE)
            )

    def _add_all(self, marks_a: list[Fields], marks_b: list[Fields]) -> int:
        """Adds a document where a side repeats a place: all its marks matched as they come."""
        found = []
        unmatched = 0
        for kind in (ENTITY, QUOTE):
            a = [t for t in marks_a if t[0] == kind]
            b = [t for t in marks_b if t[0] == kind]
            matching = match_places(list(map(_PLACE, a)), list(map(_PLACE, b)))
            pairs = [(a[i], b[j]) for i, j in matching.pairs]
            self._tally(pairs[: matching.exact], True)
            self._tally(pairs[matching.exact :], False)
            found.extend(pairs)
            unmatched += len(a) + len(b) - 2 * len(pairs)
            if kind == QUOTE:
                typed_a = [t for t in a if t[5] is not None]
                typed_b = [t for t in b if t[5] is not None]
                typed = match_places(list(map(_TYPED_PLACE, typed_a)), list(map(_TYPED_PLACE, typed_b)))
                matched = [typed_a[i][5] for i, _j in typed.pairs]
                self.types.exact.extend(matched[: typed.exact])
                self.types.by_overlap.extend(matched[typed.exact :])
        return unmatched + sum(1 for x, y in found if x is not y and _differ(x, y))

    def _tally(self, pairs: list[tuple[Fields, Fields]], exact: bool) -> None:
        """Adds matched pairs of marks, exact ones or by overlap."""
        if not pairs:
            return
        labels = self.labels.exact if exact else self.labels.by_overlap
        quotes = self.quotes
        stance, speaker, cue = self.stance, self.speaker, self.cue
        for x, y in pairs:
            if x[4] is not None and y[4] is not None:
                stance[x[4], y[4]] += 1
            if x[0] == ENTITY:
                labels.append(x[1])
                continue
            quotes[1] += 1
            quotes[0] += exact
            if x[5] is not None and y[5] is not None:
                self.quote_type[x[5], y[5]] += 1
            if x[6] is not None or y[6] is not None:
                speaker[0] += 1
                speaker[1] += same_place(x[6], y[6])
            if x[7] is not None or y[7] is not None:
                cue[0] += 1
                cue[1] += same_place(x[7], y[7])

    def _count_identical(self) -> None:
        """Adds the marks both made identically: each a pair matched exactly, agreeing in everything."""
        kinds = self.kinds
        for kind, count in Counter(map(kinds.__getitem__, chain.from_iterable(self.identical))).items():
            if kind[0] == ENTITY:
                _, label, stance = kind
                self.labels.identical[label] += count
            else:
                _, quote_type, stance, speaker, cue = kind
                self.quotes[0] += count
                self.quotes[1] += count
                if quote_type is not None:
                    self.types.identical[quote_type] += count
                    self.quote_type[quote_type, quote_type] += count
                for linked, given in ((self.speaker, speaker), (self.cue, cue)):
                    if given:
                        linked[0] += count
                        linked[1] += count
            if stance is not None:
                self.stance[stance, stance] += count
        self.identical = []

    def report(self, a: str, b: str) -> dict[str, Any]:
        self._count_identical()
        return {
            "a": a,
            "b": b,
            "documents": self.documents,
            "entities": {**self.labels.totals(), "by_label": self.labels.by_group()},
            "quotes": {**_scores(*self.quotes), "by_type": self.types.by_group()},
            "speaker": _share(self.speaker),
            "cue": _share(self.cue),
            "stance": kappa_of(self.stance),
            "quote_type": kappa_of(self.quote_type),
        }


def _share(tally: list[int]) -> dict[str, Any]:
    compared, agreed = tally
    return {"agreement": agreed / compared if compared else None, "n": compared}


class _Prepared:
    """Every annotator's documents as :class:`_Side` values, and what identical fields of two add."""

    def __init__(self, layers: Layers, names: Sequence[str]) -> None:
        canonical: dict[int, dict[tuple, Fields]] = {}
        self.kinds: dict[int, tuple] = {}  # the fields stay alive in the sides, so their ids stay theirs
        self.sides = {
            name: {
                document: _Side(marks, canonical.setdefault(document, {}), self.kinds)
                for document, marks in layers.get(name, {}).items()
            }
            for name in names
        }

    def pair(self) -> _Pair:
        return _Pair(self.kinds)


# Pairs are compared in worker processes only above this many marks: below it starting them costs more.
PARALLEL_MARKS = 200_000
# What forked workers read: set just before the pool is made, inherited by fork, never pickled.
_forked: dict[str, Any] = {}


def _compare(prepared: _Prepared, a: str, b: str) -> tuple[dict[str, Any], Counter[int]]:
    """One pair's report, and its disagreements per document."""
    pair = prepared.pair()
    add = pair.add
    sides_a, sides_b = prepared.sides[a], prepared.sides[b]
    disagreements: Counter[int] = Counter()
    for document in sorted(sides_a.keys() & sides_b.keys()):
        disagreements[document] += add(sides_a[document], sides_b[document])
    return pair.report(a, b), disagreements


def _compare_forked(index: int) -> tuple[dict[str, Any], Counter[int]]:
    a, b = _forked["pairs"][index]
    return _compare(_forked["prepared"], a, b)


def _compared(prepared: _Prepared, pairs: list[tuple[str, str]], processes: int) -> Iterator[Any]:
    """Each pair compared, in order: in ``processes`` forked workers when it is worth it and fork exists."""
    marks = sum(len(side.marks) for sides in prepared.sides.values() for side in sides.values())
    if processes < 2 or len(pairs) < 2 or marks < PARALLEL_MARKS or "fork" not in get_all_start_methods():
        yield from (_compare(prepared, a, b) for a, b in pairs)
        return
    _forked.update(prepared=prepared, pairs=pairs)
    try:
        with get_context("fork").Pool(min(processes, len(pairs))) as pool:
            yield from pool.imap(_compare_forked, range(len(pairs)))
    finally:
        _forked.clear()


def agreement_report(
    layers: Layers, titles: dict[int, str], annotators: list[str] | None = None, *, processes: int = 1
) -> dict:
    """Agreement of every pair of annotators (and of all, for stance) as JSON-ready data.

    ``annotators`` chooses whose layers to compare (default: all of ``layers``), always in
    sorted order; a name without a layer compares on no documents. Documents listed are
    those at least two of them marked done, most disagreements first, then by id; a title
    missing from ``titles`` is "". ``processes`` above 1 compares the pairs in that many forked
    worker processes when there is enough to compare (the command line does; a program with
    threads of its own, such as the window, should not fork).
    """
    names = sorted(set(annotators if annotators is not None else layers))
    prepared = _Prepared(layers, names)
    disagreements: Counter[int] = Counter()
    pairs = []
    for report, found in _compared(prepared, list(combinations(names, 2)), processes):
        pairs.append(report)
        disagreements.update(found)
    coincidences = Coincidences()
    add_unit = coincidences.add
    for unit in _stance_units(prepared.sides, names):
        values = [t[4] for t in unit.values() if t[4] is not None]
        if len(values) > 1:
            add_unit(values)
    return {
        "annotators": names,
        "pairs": pairs,
        "stance_alpha": {"alpha": coincidences.alpha(), "n": coincidences.units},
        "documents": [
            {"id": document, "title": titles.get(document, ""), "disagreements": count}
            for document, count in sorted(disagreements.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def pair_documents(layers: Layers, a: str, b: str) -> list[tuple[int, int]]:
    """(document id, disagreements) of a and b for every document both marked done, most first."""
    prepared = _Prepared(layers, [a, b])
    sides = prepared.sides
    found = [
        (document, prepared.pair().add(sides[a][document], sides[b][document]))
        for document in sides[a].keys() & sides[b].keys()
    ]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def stance_units(layers: Layers, annotators: list[str] | None = None) -> list[list[str | None]]:
    """The reliability matrix alpha of stance is computed on: a row per annotator (sorted), a column per unit.

    Units go document by document (by id), entities then quotes, each by position; None is a missing value.
    """
    names = sorted(set(annotators if annotators is not None else layers))
    columns = []
    for unit in _stance_units(_Prepared(layers, names).sides, names):
        column = [unit[row][4] if row in unit else None for row in range(len(names))]
        if any(value is not None for value in column):
            columns.append(column)
    return [[column[row] for column in columns] for row in range(len(names))]


def _stance_units(sides: dict[str, dict[int, _Side]], names: list[str]) -> Iterator[dict[int, Fields]]:
    """Alpha's units document by document, as annotator's number (in names) -> fields of their mark."""
    counts: Counter[int] = Counter(document for name in names for document in sides[name])
    for document in sorted(d for d, count in counts.items() if count >= 2):
        present = [(row, sides[name][document]) for row, name in enumerate(names) if document in sides[name]]
        if all(side.regular for _, side in present):
            for kind in (ENTITY, QUOTE):
                yield from _units([(row, [t for t in side.marks if t[0] == kind]) for row, side in present])
            continue
        rows = {names[row]: row for row, _side in present}
        for key, kind in ((label_key, ENTITY), (no_key, QUOTE)):
            marks = {
                name: [mark for mark in sides[name][document].originals if mark.kind == kind] for name in rows
            }
            for unit in clusters(marks, key):
                yield {rows[name]: tuple(mark) for name, mark in unit.items()}


def _units(present: list[tuple[int, list[Fields]]]) -> list[dict[int, Fields]]:
    """:func:`~annotator.agreement.matching.clusters` of one kind of mark, no annotator's two at one place.

    The same units in the same order, from fields: identical places are one node; a node
    that has every annotator with such marks cannot join another, so only the other nodes
    are swept for overlaps.
    """
    node_of: dict[tuple, int] = {}
    nodes: list[dict[int, Fields]] = []  # annotator's number -> fields
    firsts: list[tuple[int, int, int]] = []  # (start, end, rank among those present) of the node's first mark
    places: list[tuple] = []
    for rank, (row, marks) in enumerate(present):
        for t in marks:
            spot = t[8]
            index = node_of.get(spot)
            if index is None:
                node_of[spot] = len(nodes)
                nodes.append({row: t})
                firsts.append((t[2], t[3], rank))
                places.append(spot)
            else:
                nodes[index][row] = t
    everyone = sum(1 for _, marks in present if marks)
    partial = sorted((*firsts[n][:2], n) for n, node in enumerate(nodes) if len(node) < everyone)
    edges = []
    open_nodes: list[tuple[int, int, int]] = []
    for span in partial:
        start, end, u = span
        open_nodes = [spot for spot in open_nodes if spot[1] > start]
        if open_nodes:
            node = nodes[u]
            key = places[u][0]
            for o_start, o_end, v in open_nodes:
                other = nodes[v]
                if places[v][0] != key or node.keys() & other.keys():
                    continue
                low, high = (end, o_end) if end <= o_end else (o_end, end)
                x, y = (u, v) if firsts[u][2] < firsts[v][2] else (v, u)
                iou = (low - start) / (high - o_start)
                edges.append((-iou, o_start, start, low, high, firsts[x][2], firsts[y][2], x, y))
        open_nodes.append(span)
    if not edges:
        return [nodes[n] for n in sorted(range(len(nodes)), key=firsts.__getitem__)]
    roots = join_along(nodes, edges)
    for n, root in enumerate(roots):  # a unit is placed by its earliest mark
        firsts[root] = min(firsts[root], firsts[n])
    units = sorted((n for n, root in enumerate(roots) if root == n), key=firsts.__getitem__)
    return [nodes[n] for n in units]
