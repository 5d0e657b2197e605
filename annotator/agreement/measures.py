"""The agreement measures: precision, recall and F1; Cohen's kappa; Krippendorff's alpha (nominal).

Each gives None where it is undefined (no items, or a single category so that chance
agreement is certain) rather than a number a reader would take for a result; the counts
it rests on go beside it so a reader can tell "no data" from "no agreement".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any


def prf(matched: int, n_a: int, n_b: int) -> dict[str, Any]:
    """Precision, recall and F1 of b against a as reference, with the counts.

    p = matched / n_b (None without b's spans), r = matched / n_a (None without a's),
    f1 = 2 matched / (n_a + n_b), symmetric, None when neither has a span (0.0 when one has none).
    """
    total = n_a + n_b
    return {
        "p": matched / n_b if n_b else None,
        "r": matched / n_a if n_a else None,
        "f1": 2 * matched / total if total else None,
        "matched": matched,
        "n_a": n_a,
        "n_b": n_b,
    }


def kappa_of(pairs: Counter[tuple[Hashable, Hashable]]) -> dict[str, Any]:
    """Cohen's kappa, observed agreement and n from a count of (a's category, b's category) pairs.

    kappa is None when n is 0 or chance agreement is 1 (both used one and the same category
    only, where scikit-learn's cohen_kappa_score gives nan); agreement is None when n is 0.
    """
    n = sum(pairs.values())
    if n == 0:
        return {"kappa": None, "agreement": None, "n": 0}
    rows: Counter[Hashable] = Counter()
    columns: Counter[Hashable] = Counter()
    agreed = 0
    for (x, y), count in pairs.items():
        rows[x] += count
        columns[y] += count
        if x == y:
            agreed += count
    chance_disagreement = n * n - sum(rows[c] * columns[c] for c in rows)
    kappa = None if chance_disagreement == 0 else 1 - (n - agreed) * n / chance_disagreement
    return {"kappa": kappa, "agreement": agreed / n, "n": n}


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' categories for the same items (None where undefined)."""
    if len(a) != len(b):
        raise ValueError(f"two raters, {len(a)} and {len(b)} items")
    return kappa_of(Counter(zip(a, b, strict=True)))["kappa"]


class Coincidences:
    """Krippendorff's coincidences of nominal values, added to unit by unit."""

    def __init__(self) -> None:
        self.units = 0
        self.values: Counter[Hashable] = Counter()
        self.agreeing = 0.0  # the sum of the coincidence matrix's diagonal

    def add(self, values: Sequence[Hashable]) -> None:
        """One unit's values (missing ones left out); a unit with fewer than two is not pairable."""
        m = len(values)
        if m < 2:
            return
        self.units += 1
        first = values[0]
        if values.count(first) == m:  # all alike, as most are: sum c(c - 1) / (m - 1) is m
            self.values[first] += m
            self.agreeing += m * (m - 1) / (m - 1)
            return
        counts = Counter(values)
        self.values.update(counts)
        self.agreeing += sum(c * (c - 1) for c in counts.values()) / (m - 1)

    def alpha(self) -> float | None:
        """Nominal alpha: 1 - (n - 1) D_o / D_e; None without pairable values or with one value only."""
        n = sum(self.values.values())
        expected = n * n - sum(c * c for c in self.values.values())
        if n == 0 or expected == 0:
            return None
        return 1 - (n - 1) * (n - self.agreeing) / expected


def alpha_nominal(reliability_data: Iterable[Sequence[Hashable | None]]) -> dict[str, Any]:
    """Krippendorff's alpha (nominal) of a coders × units matrix, None marking a missing value.

    Returns {"alpha", "n"}, n being the units with at least two values. Equals
    ``krippendorff.alpha(..., level_of_measurement="nominal")`` where that is defined.
    """
    coincidences = Coincidences()
    for unit in zip(*reliability_data, strict=True):
        coincidences.add([value for value in unit if value is not None])
    return {"alpha": coincidences.alpha(), "n": coincidences.units}
