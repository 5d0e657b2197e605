"""The report of issue 14 on small constructed layers: its shape, its scores and its documents."""

from __future__ import annotations

import json
import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.agreement import Layers, Mark, agreement_report, alpha_nominal, pair_documents, stance_units
from annotator.agreement import report as report_module


def entity(start: int, end: int, label: str = "PERSON", stance: str | None = None) -> Mark:
    return Mark("entity", label, start, end, stance=stance)


def quote(start: int, end: int, **facts: object) -> Mark:
    return Mark("quote", "QUOTE", start, end, **facts)  # type: ignore[arg-type]


LAYERS: Layers = {
    "bob": {
        1: [
            entity(0, 5, stance="favor"),
            entity(10, 16, "ORG"),
            quote(20, 60, stance="against", quote_type="direct", speaker=(0, 5), cue=(61, 65)),
        ],
        2: [entity(0, 4)],
        3: [],
    },
    "ann": {
        1: [
            entity(0, 5, stance="favor"),
            entity(10, 15, "ORG"),
            entity(30, 35, "GPE"),
            quote(20, 60, stance="favor", quote_type="direct", speaker=(1, 4), cue=None),
        ],
        2: [entity(0, 4, "ORG")],
        3: [],
        4: [entity(0, 4)],  # only ann marked document 4 done
    },
}


def test_the_report_has_the_issues_shape_and_is_json() -> None:
    report = agreement_report(LAYERS, {1: "One", 2: "Two"})
    assert json.loads(json.dumps(report)) == report
    assert set(report) == {"annotators", "pairs", "stance_alpha", "documents"}
    assert report["annotators"] == ["ann", "bob"]
    (pair,) = report["pairs"]
    assert set(pair) == {
        "a",
        "b",
        "documents",
        "entities",
        "quotes",
        "speaker",
        "cue",
        "stance",
        "quote_type",
    }
    assert (pair["a"], pair["b"], pair["documents"]) == ("ann", "bob", 3)
    assert set(pair["entities"]) == {"exact", "overlap", "by_label"}
    assert set(pair["quotes"]) == {"exact", "overlap", "by_type"}
    assert set(report["stance_alpha"]) == {"alpha", "n"}


def test_entities_score_exactly_and_by_overlap_with_the_first_annotator_as_reference() -> None:
    entities = agreement_report(LAYERS, {})["pairs"][0]["entities"]
    # ann: 4 entities in documents 1-3 (4 is hers alone), bob: 3. Matched exactly: PERSON 0-5; by overlap
    # also ORG 10-15 with 10-16.
    assert entities["exact"] == {"p": 1 / 3, "r": 1 / 4, "f1": 2 / 7, "matched": 1, "n_a": 4, "n_b": 3}
    assert entities["overlap"]["matched"] == 2
    assert entities["overlap"]["f1"] == pytest.approx(4 / 7)
    by_label = entities["by_label"]
    assert list(by_label) == ["GPE", "ORG", "PERSON"]
    assert by_label["GPE"]["overlap"] == {"p": None, "r": 0.0, "f1": 0.0, "matched": 0, "n_a": 1, "n_b": 0}
    assert by_label["ORG"]["exact"]["matched"] == 0 and by_label["ORG"]["overlap"]["matched"] == 1
    assert by_label["PERSON"]["overlap"]["r"] == 1.0 and by_label["PERSON"]["overlap"]["p"] == 0.5


def test_quotes_speakers_cues_and_the_two_kappas() -> None:
    pair = agreement_report(LAYERS, {})["pairs"][0]
    assert pair["quotes"]["exact"]["f1"] == 1.0
    assert pair["quotes"]["by_type"] == {
        "direct": {
            "exact": {"p": 1.0, "r": 1.0, "f1": 1.0, "matched": 1, "n_a": 1, "n_b": 1},
            "overlap": {"p": 1.0, "r": 1.0, "f1": 1.0, "matched": 1, "n_a": 1, "n_b": 1},
        }
    }
    assert pair["speaker"] == {"agreement": 1.0, "n": 1}  # (1, 4) and (0, 5) overlap
    assert pair["cue"] == {"agreement": 0.0, "n": 1}  # one linked a cue, the other did not
    assert pair["stance"]["n"] == 2 and pair["stance"]["agreement"] == 0.5
    assert pair["stance"]["kappa"] == pytest.approx(
        cohen_kappa_score(["favor", "favor"], ["favor", "against"])
    )
    assert pair["quote_type"] == {"kappa": None, "agreement": 1.0, "n": 1}


def test_documents_are_counted_by_disagreements_most_first_with_titles() -> None:
    report = agreement_report(LAYERS, {1: "One", 2: "Two"})
    # Document 1: GPE unmatched (1), the quote's stance and cue differ (1); document 2: a PERSON and an ORG
    # that do not match (2); document 3: both empty; document 4: one annotator only, not listed.
    assert report["documents"] == [
        {"id": 1, "title": "One", "disagreements": 2},
        {"id": 2, "title": "Two", "disagreements": 2},
        {"id": 3, "title": "", "disagreements": 0},
    ]
    assert pair_documents(LAYERS, "ann", "bob") == [(1, 2), (2, 2), (3, 0)]
    assert pair_documents(LAYERS, "bob", "ann") == [(1, 2), (2, 2), (3, 0)]


def test_annotators_can_be_chosen_and_pairs_come_in_sorted_order() -> None:
    layers = {**LAYERS, "cy": {1: [entity(0, 5)]}}
    report = agreement_report(layers, {}, annotators=["cy", "ann"])
    assert report["annotators"] == ["ann", "cy"]
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [("ann", "cy")]
    full = agreement_report(layers, {})
    assert [(p["a"], p["b"]) for p in full["pairs"]] == [("ann", "bob"), ("ann", "cy"), ("bob", "cy")]
    absent = agreement_report(layers, {}, annotators=["ann", "zoe"])
    assert absent["pairs"][0]["documents"] == 0
    assert absent["pairs"][0]["entities"]["overlap"]["f1"] is None
    assert absent["stance_alpha"] == {"alpha": None, "n": 0} and absent["documents"] == []


def test_no_layers_give_an_empty_report() -> None:
    assert agreement_report({}, {}) == {
        "annotators": [],
        "pairs": [],
        "stance_alpha": {"alpha": None, "n": 0},
        "documents": [],
    }


def test_stance_units_cluster_overlapping_spans_across_annotators() -> None:
    layers: Layers = {
        "ann": {
            1: [entity(0, 5, stance="favor"), quote(10, 40, stance="against")],
            2: [entity(0, 3, stance="x")],
        },
        "bob": {1: [entity(1, 5, stance="favor"), entity(50, 55, stance="against")]},
        "cy": {1: [entity(0, 5), quote(12, 40, stance="favor")]},
    }
    # Document 2 is ann's alone; cy's PERSON 0-5 carries no stance, a missing value.
    assert stance_units(layers) == [
        ["favor", None, "against"],
        ["favor", "against", None],
        [None, None, "favor"],
    ]
    report = agreement_report(layers, {})
    assert report["stance_alpha"] == alpha_nominal(stance_units(layers))
    assert report["stance_alpha"]["n"] == 2


stances = st.sampled_from(["favor", "against", "neutral", None])


@st.composite
def copied_layers(draw: st.DrawFn) -> Layers:
    """Annotators marking a few shared positions, each with a stance or none, some leaving spans out."""
    layers: Layers = {}
    positions = draw(st.lists(st.integers(0, 20), min_size=1, max_size=8, unique=True))
    for name in draw(st.lists(st.sampled_from("abcd"), min_size=2, max_size=4, unique=True)):
        layers[name] = {}
        for document in draw(st.lists(st.integers(1, 3), min_size=1, max_size=3, unique=True)):
            kept = draw(st.lists(st.sampled_from(positions), max_size=len(positions), unique=True))
            layers[name][document] = [
                entity(10 * p + draw(st.integers(0, 2)), 10 * p + 6, stance=draw(stances)) for p in kept
            ]
    return layers


@settings(max_examples=150, deadline=None)
@given(copied_layers())
def test_stance_alpha_equals_krippendorff_on_the_units_built(layers: Layers) -> None:
    matrix = stance_units(layers)
    result = agreement_report(layers, {})["stance_alpha"]
    categories = {"favor": 0, "against": 1, "neutral": 2}
    data = np.array([[np.nan if v is None else categories[v] for v in row] for row in matrix], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        expected = math.nan
    if math.isnan(expected):
        assert result["alpha"] is None
    else:
        assert result["alpha"] == pytest.approx(expected, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(copied_layers())
def test_stance_kappa_of_each_pair_equals_scikit_learn_on_its_matched_pairs(layers: Layers) -> None:
    for pair in agreement_report(layers, {})["pairs"]:
        a_labels, b_labels = [], []
        for document in layers[pair["a"]].keys() & layers[pair["b"]].keys():
            one = {name: {document: layers[name][document]} for name in (pair["a"], pair["b"])}
            for unit in zip(*stance_units(one), strict=True):
                if None not in unit:
                    a_labels.append(unit[0])
                    b_labels.append(unit[1])
        assert pair["stance"]["n"] == len(a_labels)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = float(cohen_kappa_score(a_labels, b_labels)) if a_labels else math.nan
        if math.isnan(expected):
            assert pair["stance"]["kappa"] is None
        else:
            assert pair["stance"]["kappa"] == pytest.approx(expected, abs=1e-12)


@settings(max_examples=5, deadline=None)
@given(copied_layers())
def test_pairs_compared_in_forked_workers_give_the_same_report(layers: Layers) -> None:
    """The command line compares pairs in worker processes; the report must not change by a digit."""
    serial = agreement_report(layers, {})
    original = report_module.PARALLEL_MARKS
    report_module.PARALLEL_MARKS = 0
    try:
        forked = agreement_report(layers, {}, processes=2)
    finally:
        report_module.PARALLEL_MARKS = original
    assert json.dumps(forked, sort_keys=True) == json.dumps(serial, sort_keys=True)
