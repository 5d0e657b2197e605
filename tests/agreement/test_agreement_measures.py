"""Kappa, alpha and P/R/F1 equal the reference implementations (scikit-learn, krippendorff) where defined."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.agreement import alpha_nominal, cohen_kappa, prf

STANCES = ["favor", "against", "neutral", "unclear"]


def _sklearn_kappa(a: list[str], b: list[str]) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(a, b))


@st.composite
def rated_items(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    categories = draw(st.lists(st.sampled_from(STANCES), min_size=1, max_size=4, unique=True))
    n = draw(st.integers(1, 40))
    a = draw(st.lists(st.sampled_from(categories), min_size=n, max_size=n))
    b = draw(st.lists(st.sampled_from(categories), min_size=n, max_size=n))
    return a, b


@settings(max_examples=300, deadline=None)
@given(rated_items())
def test_kappa_equals_scikit_learn_or_is_none_where_it_is_nan(items: tuple[list[str], list[str]]) -> None:
    a, b = items
    expected = _sklearn_kappa(a, b)
    ours = cohen_kappa(a, b)
    if math.isnan(expected):
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-12)


def test_kappa_of_one_category_only_is_none_as_scikit_learn_gives_nan() -> None:
    assert math.isnan(_sklearn_kappa(["favor"] * 3, ["favor"] * 3))
    assert cohen_kappa(["favor"] * 3, ["favor"] * 3) is None


def test_kappa_of_no_items_is_none() -> None:
    assert cohen_kappa([], []) is None


def test_kappa_of_textbook_table() -> None:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po 0.7, pe 0.5 -> kappa 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(a, b) == pytest.approx(_sklearn_kappa(a, b))


def test_kappa_with_one_rater_constant_is_zero_like_scikit_learn() -> None:
    a, b = ["favor"] * 4, ["favor", "against", "favor", "against"]
    assert cohen_kappa(a, b) == pytest.approx(_sklearn_kappa(a, b)) == 0.0


def test_kappa_refuses_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        cohen_kappa(["favor"], [])


def _reference_alpha(matrix: list[list[int | None]]) -> float | None:
    """krippendorff.alpha on the matrix, None where it refuses (one value, no pairable unit) or gives nan."""
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        return None
    return None if math.isnan(value) else value


@st.composite
def reliability_matrices(draw: st.DrawFn) -> list[list[int | None]]:
    coders = draw(st.integers(2, 6))
    units = draw(st.integers(1, 30))
    values = st.one_of(st.none(), st.integers(0, draw(st.integers(0, 4))))
    return [draw(st.lists(values, min_size=units, max_size=units)) for _ in range(coders)]


@settings(max_examples=300, deadline=None)
@given(reliability_matrices())
def test_alpha_equals_krippendorff_on_random_matrices_with_missing_values(
    matrix: list[list[int | None]],
) -> None:
    expected = _reference_alpha(matrix)
    ours = alpha_nominal(matrix)
    if expected is None:
        assert ours["alpha"] is None
    else:
        assert ours["alpha"] == pytest.approx(expected, abs=1e-12)
    assert ours["n"] == sum(sum(v is not None for v in unit) >= 2 for unit in zip(*matrix, strict=True))


def test_alpha_of_krippendorffs_own_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example: alpha 0.743.
    nan = None
    matrix = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    result = alpha_nominal(matrix)
    assert result["alpha"] == pytest.approx(0.743, abs=5e-4)
    assert result["n"] == 11


def test_alpha_is_none_when_every_value_is_the_same_or_nothing_pairs() -> None:
    assert alpha_nominal([["favor", "favor"], ["favor", "favor"]]) == {"alpha": None, "n": 2}
    assert alpha_nominal([["favor", None], [None, "against"]]) == {"alpha": None, "n": 0}


def test_alpha_takes_strings_as_categories() -> None:
    as_text = alpha_nominal([["favor", "against", None, "favor"], ["favor", "favor", "against", "favor"]])
    as_numbers = alpha_nominal([[0, 1, None, 0], [0, 0, 1, 0]])
    assert as_text == as_numbers
    assert as_text["alpha"] == pytest.approx(_reference_alpha([[0, 1, None, 0], [0, 0, 1, 0]]))


def test_prf_treats_a_as_reference_and_leaves_undefined_values_none() -> None:
    assert prf(3, 4, 6) == {"p": 0.5, "r": 0.75, "f1": 0.6, "matched": 3, "n_a": 4, "n_b": 6}
    assert prf(0, 0, 0) == {"p": None, "r": None, "f1": None, "matched": 0, "n_a": 0, "n_b": 0}
    assert prf(0, 3, 0) == {"p": None, "r": 0.0, "f1": 0.0, "matched": 0, "n_a": 3, "n_b": 0}
    assert prf(0, 0, 2)["r"] is None and prf(0, 0, 2)["p"] == 0.0


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_f1_is_the_harmonic_mean_where_p_and_r_are_positive(matched: int, extra_a: int, extra_b: int) -> None:
    scores = prf(matched, matched + extra_a, matched + extra_b)
    if matched:
        p, r = scores["p"], scores["r"]
        assert scores["f1"] == pytest.approx(2 * p * r / (p + r))
