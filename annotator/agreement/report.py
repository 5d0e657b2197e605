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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from annotator.agreement.marks import ENTITY, QUOTE, Layers, Mark, same_place
from annotator.agreement.matching import Key, clusters, label_key, match, no_key, type_key
from annotator.agreement.measures import Coincidences, kappa_of, prf

Sides = tuple[list[Mark], list[Mark]]  # a document's entities and quotes


def _sides(marks: Iterable[Mark]) -> Sides:
    entities: list[Mark] = []
    quotes: list[Mark] = []
    for mark in marks:
        if mark.kind == ENTITY:
            entities.append(mark)
        elif mark.kind == QUOTE:
            quotes.append(mark)
    return entities, quotes


def _differ(x: Mark, y: Mark) -> bool:
    return (
        x.label != y.label
        or x.stance != y.stance
        or x.quote_type != y.quote_type
        or not same_place(x.speaker, y.speaker)
        or not same_place(x.cue, y.cue)
    )


class _Counts:
    """Spans of a and of b, and the pairs matched exactly and by overlap."""

    __slots__ = ("a", "b", "exact", "overlap")

    def __init__(self) -> None:
        self.a = self.b = self.exact = self.overlap = 0

    def add(self, other: _Counts) -> None:
        self.a += other.a
        self.b += other.b
        self.exact += other.exact
        self.overlap += other.overlap

    def scores(self) -> dict[str, Any]:
        return {"exact": prf(self.exact, self.a, self.b), "overlap": prf(self.overlap, self.a, self.b)}


def _counted(grouped: dict[Any, _Counts], a: Sequence[Mark], b: Sequence[Mark], key: Key) -> None:
    """Matches one document's spans by ``key`` and adds the counts to those kept per key value."""
    matching = match(a, b, key)
    for mark in a:
        grouped.setdefault(key(mark), _Counts()).a += 1
    for mark in b:
        grouped.setdefault(key(mark), _Counts()).b += 1
    for n, (i, _j) in enumerate(matching.pairs):
        counts = grouped[key(a[i])]
        counts.overlap += 1
        counts.exact += n < matching.exact


class _Pair:
    """What one pair of annotators has agreed on so far, document by document."""

    def __init__(self) -> None:
        self.documents = 0
        self.labels: dict[str, _Counts] = {}
        self.quotes = _Counts()
        self.types: dict[str, _Counts] = {}
        self.speaker = [0, 0]  # compared, agreed
        self.cue = [0, 0]
        self.stance: Counter[tuple[str, str]] = Counter()
        self.quote_type: Counter[tuple[str, str]] = Counter()

    def add(self, a: Sides, b: Sides) -> int:
        """Adds one shared document; returns its disagreements."""
        self.documents += 1
        entities_a, quotes_a = a
        entities_b, quotes_b = b
        entities = match(entities_a, entities_b, label_key)
        for mark in entities_a:
            self.labels.setdefault(mark.label, _Counts()).a += 1
        for mark in entities_b:
            self.labels.setdefault(mark.label, _Counts()).b += 1
        for n, (i, _j) in enumerate(entities.pairs):
            counts = self.labels[entities_a[i].label]
            counts.overlap += 1
            counts.exact += n < entities.exact
        quotes = match(quotes_a, quotes_b)
        self.quotes.a += len(quotes_a)
        self.quotes.b += len(quotes_b)
        self.quotes.exact += quotes.exact
        self.quotes.overlap += len(quotes.pairs)
        self._types(quotes_a, quotes_b)
        differing = 0
        for i, j in entities.pairs:
            x, y = entities_a[i], entities_b[j]
            if x.stance is not None and y.stance is not None:
                self.stance[x.stance, y.stance] += 1
            differing += _differ(x, y)
        for i, j in quotes.pairs:
            x, y = quotes_a[i], quotes_b[j]
            if x.stance is not None and y.stance is not None:
                self.stance[x.stance, y.stance] += 1
            if x.quote_type is not None and y.quote_type is not None:
                self.quote_type[x.quote_type, y.quote_type] += 1
            for tally, linked_x, linked_y in ((self.speaker, x.speaker, y.speaker), (self.cue, x.cue, y.cue)):
                if linked_x is not None or linked_y is not None:
                    tally[0] += 1
                    tally[1] += same_place(linked_x, linked_y)
            differing += _differ(x, y)
        unmatched = (
            len(entities_a) + len(entities_b) - 2 * len(entities.pairs)
            + len(quotes_a) + len(quotes_b) - 2 * len(quotes.pairs)
        )  # fmt: skip
        return unmatched + differing

    def _types(self, quotes_a: list[Mark], quotes_b: list[Mark]) -> None:
        typed_a = [quote for quote in quotes_a if quote.quote_type is not None]
        typed_b = [quote for quote in quotes_b if quote.quote_type is not None]
        if typed_a or typed_b:
            _counted(self.types, typed_a, typed_b, type_key)

    def report(self, a: str, b: str) -> dict[str, Any]:
        entities = _Counts()
        for counts in self.labels.values():
            entities.add(counts)
        return {
            "a": a,
            "b": b,
            "documents": self.documents,
            "entities": {
                **entities.scores(),
                "by_label": {label: self.labels[label].scores() for label in sorted(self.labels)},
            },
            "quotes": {
                **self.quotes.scores(),
                "by_type": {kind: self.types[kind].scores() for kind in sorted(self.types)},
            },
            "speaker": _share(self.speaker),
            "cue": _share(self.cue),
            "stance": kappa_of(self.stance),
            "quote_type": kappa_of(self.quote_type),
        }


def _share(tally: list[int]) -> dict[str, Any]:
    compared, agreed = tally
    return {"agreement": agreed / compared if compared else None, "n": compared}


def _split(layers: Layers, names: Sequence[str]) -> dict[str, dict[int, Sides]]:
    return {
        name: {document: _sides(marks) for document, marks in layers.get(name, {}).items()} for name in names
    }


def agreement_report(layers: Layers, titles: dict[int, str], annotators: list[str] | None = None) -> dict:
    """Agreement of every pair of annotators (and of all, for stance) as JSON-ready data.

    ``annotators`` chooses whose layers to compare (default: all of ``layers``), always in
    sorted order; a name without a layer compares on no documents. Documents listed are
    those at least two of them marked done, most disagreements first, then by id; a title
    missing from ``titles`` is "".
    """
    names = sorted(set(annotators if annotators is not None else layers))
    sides = _split(layers, names)
    disagreements: Counter[int] = Counter()
    pairs = []
    for a, b in combinations(names, 2):
        pair = _Pair()
        for document in sorted(sides[a].keys() & sides[b].keys()):
            disagreements[document] += pair.add(sides[a][document], sides[b][document])
        pairs.append(pair.report(a, b))
    coincidences = Coincidences()
    for unit in _stance_units(sides, names):
        coincidences.add([value for value in unit if value is not None])
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
    sides = _split(layers, [a, b])
    found = [
        (document, _Pair().add(sides[a][document], sides[b][document]))
        for document in sides[a].keys() & sides[b].keys()
    ]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def stance_units(layers: Layers, annotators: list[str] | None = None) -> list[list[str | None]]:
    """The reliability matrix alpha of stance is computed on: a row per annotator (sorted), a column per unit.

    Units go document by document (by id), entities then quotes, each by position; None is a missing value.
    """
    names = sorted(set(annotators if annotators is not None else layers))
    columns = list(_stance_units(_split(layers, names), names))
    return [[column[row] for column in columns] for row in range(len(names))]


def _stance_units(sides: dict[str, dict[int, Sides]], names: list[str]) -> Iterable[list[str | None]]:
    counts: Counter[int] = Counter(document for name in names for document in sides[name])
    for document in sorted(d for d, count in counts.items() if count >= 2):
        present = {name: sides[name][document] for name in names if document in sides[name]}
        for kind, key in ((0, label_key), (1, no_key)):
            for unit in clusters({name: both[kind] for name, both in present.items()}, key):
                values = [unit[name].stance if name in unit else None for name in names]
                if any(value is not None for value in values):
                    yield values
