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
from annotator.agreement.matching import Matching, clusters, label_key, match_places, no_key
from annotator.agreement.measures import Coincidences, kappa_of, prf

Facts = tuple[str, str | None, str | None, tuple[int, int] | None, tuple[int, int] | None]


class _Side:
    """One annotator's version of a document, prepared once for every pair it is in."""

    __slots__ = (
        "entities",
        "entity_facts",
        "entity_places",
        "labels",
        "quote_facts",
        "quote_places",
        "quotes",
    )
    __slots__ += ("typed_places", "types")

    def __init__(self, marks: Iterable[Mark]) -> None:
        self.entities = [mark for mark in marks if mark.kind == ENTITY]
        self.quotes = [mark for mark in marks if mark.kind == QUOTE]
        self.labels = [mark.label for mark in self.entities]
        self.entity_places = [(mark.label, mark.start, mark.end) for mark in self.entities]
        self.quote_places = [(None, mark.start, mark.end) for mark in self.quotes]
        typed = [mark for mark in self.quotes if mark.quote_type is not None]
        self.types = [mark.quote_type for mark in typed]
        self.typed_places = [(mark.quote_type, mark.start, mark.end) for mark in typed]
        self.entity_facts = [_facts(mark) for mark in self.entities]
        self.quote_facts = [_facts(mark) for mark in self.quotes]


def _facts(mark: Mark) -> Facts:
    return (mark.label, mark.stance, mark.quote_type, mark.speaker, mark.cue)


def _differ(x: Mark, y: Mark) -> bool:
    return (
        x.label != y.label
        or x.stance != y.stance
        or x.quote_type != y.quote_type
        or not same_place(x.speaker, y.speaker)
        or not same_place(x.cue, y.cue)
    )


def _scores(exact: int, overlap: int, n_a: int, n_b: int) -> dict[str, Any]:
    return {"exact": prf(exact, n_a, n_b), "overlap": prf(overlap, n_a, n_b)}


class _Grouped:
    """Spans of a and of b per label (or quote type), and those matched exactly and by overlap."""

    def __init__(self) -> None:
        self.a: Counter[str] = Counter()
        self.b: Counter[str] = Counter()
        self.exact: Counter[str] = Counter()
        self.overlap: Counter[str] = Counter()

    def add(self, a: list[str], b: list[str], matching: Matching) -> None:
        self.a.update(a)
        self.b.update(b)
        matched = [a[i] for i, _j in matching.pairs]
        self.overlap.update(matched)
        self.exact.update(matched[: matching.exact])

    def totals(self) -> dict[str, Any]:
        return _scores(*(sum(counts.values()) for counts in (self.exact, self.overlap, self.a, self.b)))

    def by_group(self) -> dict[str, Any]:
        return {
            group: _scores(self.exact[group], self.overlap[group], self.a[group], self.b[group])
            for group in sorted(self.a.keys() | self.b.keys())
        }


class _Pair:
    """What one pair of annotators has agreed on so far, document by document."""

    def __init__(self) -> None:
        self.documents = 0
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
        entities = match_places(a.entity_places, b.entity_places)
        self.labels.add(a.labels, b.labels, entities)
        quotes = match_places(a.quote_places, b.quote_places)
        counts = self.quotes
        counts[0] += quotes.exact
        counts[1] += len(quotes.pairs)
        counts[2] += len(a.quotes)
        counts[3] += len(b.quotes)
        if a.types or b.types:
            self.types.add(a.types, b.types, match_places(a.typed_places, b.typed_places))
        differing = 0
        for i, j in entities.pairs:
            x, y = a.entities[i], b.entities[j]
            if x.stance is not None and y.stance is not None:
                self.stance[x.stance, y.stance] += 1
            if a.entity_facts[i] != b.entity_facts[j]:
                differing += _differ(x, y)
        for i, j in quotes.pairs:
            x, y = a.quotes[i], b.quotes[j]
            if x.stance is not None and y.stance is not None:
                self.stance[x.stance, y.stance] += 1
            if x.quote_type is not None and y.quote_type is not None:
                self.quote_type[x.quote_type, y.quote_type] += 1
            for linked, linked_x, linked_y in (
                (self.speaker, x.speaker, y.speaker),
                (self.cue, x.cue, y.cue),
            ):
                if linked_x is not None or linked_y is not None:
                    linked[0] += 1
                    linked[1] += same_place(linked_x, linked_y)
            if a.quote_facts[i] != b.quote_facts[j]:
                differing += _differ(x, y)
        unmatched = (
            len(a.entities) + len(b.entities) - 2 * len(entities.pairs)
            + len(a.quotes) + len(b.quotes) - 2 * len(quotes.pairs)
        )  # fmt: skip
        return unmatched + differing

    def report(self, a: str, b: str) -> dict[str, Any]:
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


def _prepared(layers: Layers, names: Sequence[str]) -> dict[str, dict[int, _Side]]:
    return {
        name: {document: _Side(marks) for document, marks in layers.get(name, {}).items()} for name in names
    }


def agreement_report(layers: Layers, titles: dict[int, str], annotators: list[str] | None = None) -> dict:
    """Agreement of every pair of annotators (and of all, for stance) as JSON-ready data.

    ``annotators`` chooses whose layers to compare (default: all of ``layers``), always in
    sorted order; a name without a layer compares on no documents. Documents listed are
    those at least two of them marked done, most disagreements first, then by id; a title
    missing from ``titles`` is "".
    """
    names = sorted(set(annotators if annotators is not None else layers))
    sides = _prepared(layers, names)
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
    sides = _prepared(layers, [a, b])
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
    columns = list(_stance_units(_prepared(layers, names), names))
    return [[column[row] for column in columns] for row in range(len(names))]


def _stance_units(sides: dict[str, dict[int, _Side]], names: list[str]) -> Iterable[list[str | None]]:
    counts: Counter[int] = Counter(document for name in names for document in sides[name])
    for document in sorted(d for d, count in counts.items() if count >= 2):
        present = {name: sides[name][document] for name in names if document in sides[name]}
        for key, kind in ((label_key, "entities"), (no_key, "quotes")):
            for unit in clusters({name: getattr(side, kind) for name, side in present.items()}, key):
                values = [unit[name].stance if name in unit else None for name in names]
                if any(value is not None for value in values):
                    yield values
