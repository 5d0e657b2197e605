"""One document under review: the groups annotators differ on, and the marks enough of them agree on."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import vocabulary
from annotator.agreement import Disagreement, Mark, agreed_marks, disagreements
from annotator.agreement.marks import COMPARED_KINDS


def entity(start: int, end: int, label: str = "PERSON", stance: str | None = None) -> Mark:
    return Mark("entity", label, start, end, stance=stance)


def quote(start: int, end: int, **facts: object) -> Mark:
    return Mark("quote", "QUOTE", start, end, **facts)  # type: ignore[arg-type]


def test_identical_versions_are_no_disagreement() -> None:
    marks = [entity(0, 5, stance="favor"), quote(10, 40, speaker=(0, 5))]
    assert disagreements({"ann": marks, "bob": list(reversed(marks))}) == []


def test_each_group_lists_every_annotators_version_by_position() -> None:
    found = disagreements(
        {
            "bob": [entity(0, 5, "ORG"), entity(20, 25), quote(10, 40, stance="favor")],
            "ann": [entity(0, 5), entity(20, 25), quote(10, 40, stance="against")],
            "cy": [entity(3, 8), entity(20, 25)],
        }
    )
    assert found == [
        Disagreement(
            "entity", 0, 8, {"ann": (entity(0, 5),), "bob": (entity(0, 5, "ORG"),), "cy": (entity(3, 8),)}
        ),
        Disagreement(
            "quote",
            10,
            40,
            {"ann": (quote(10, 40, stance="against"),), "bob": (quote(10, 40, stance="favor"),), "cy": ()},
        ),
    ]


def test_a_span_one_annotator_left_out_is_a_disagreement_with_an_empty_version() -> None:
    (found,) = disagreements({"ann": [entity(0, 5)], "bob": []})
    assert found.versions == {"ann": (entity(0, 5),), "bob": ()}


def test_a_differing_speaker_or_cue_is_a_disagreement() -> None:
    assert disagreements({"ann": [quote(0, 9, speaker=(10, 12))], "bob": [quote(0, 9, speaker=(10, 13))]})
    assert disagreements({"ann": [quote(0, 9, cue=(10, 12))], "bob": [quote(0, 9)]})


def test_a_chain_of_overlapping_spans_is_one_group_and_touching_spans_are_two() -> None:
    found = disagreements(
        {"ann": [entity(0, 5), entity(8, 12)], "bob": [entity(4, 9)], "cy": [entity(12, 14)]}
    )
    assert [(d.start, d.end) for d in found] == [(0, 12), (12, 14)]
    assert found[0].versions["ann"] == (entity(0, 5), entity(8, 12))


def test_entities_and_quotes_are_grouped_apart() -> None:
    found = disagreements({"ann": [entity(0, 5), quote(0, 30)], "bob": [quote(0, 30)]})
    assert [d.kind for d in found] == ["entity"]


marks = st.builds(
    entity,
    st.integers(0, 40),
    st.integers(41, 50),
    st.sampled_from(["PERSON", "ORG"]),
    st.sampled_from([None, "x"]),
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from("abc"), st.lists(marks, max_size=5), min_size=1))
def test_every_span_is_in_at_most_one_group_and_groups_do_not_overlap(layers: dict[str, list[Mark]]) -> None:
    found = disagreements(layers)
    shown = [mark for d in found for version in d.versions.values() for mark in version]
    assert len(shown) == len(set(map(id, shown)))
    for first, second in pairwise(found):
        assert first.kind != second.kind or first.end <= second.start


def test_agreed_marks_need_k_annotators_alike() -> None:
    marks = {
        "ann": [entity(0, 5, stance="favor"), entity(10, 15)],
        "bob": [entity(0, 5, stance="favor"), entity(10, 16)],
        "cy": [entity(0, 5, stance="against"), entity(10, 15, "ORG")],
    }
    assert agreed_marks(marks, 2) == [entity(0, 5, stance="favor")]
    assert agreed_marks(marks, 3) == [entity(0, 5)]  # three alike, but not three on the stance
    assert len(agreed_marks(marks, 1)) == 4


def test_agreed_quotes_need_the_same_speaker_and_take_type_and_cue_when_k_agree() -> None:
    marks = {
        "ann": [quote(0, 30, quote_type="direct", speaker=(31, 35), cue=(36, 40))],
        "bob": [quote(0, 30, quote_type="direct", speaker=(31, 35), cue=(41, 45))],
        "cy": [quote(0, 30, quote_type="mixed", speaker=(50, 55))],
    }
    assert agreed_marks(marks, 2) == [quote(0, 30, quote_type="direct", speaker=(31, 35))]
    assert agreed_marks(marks, 3) == []


def test_a_tie_between_values_gives_none() -> None:
    marks = {"ann": [entity(0, 5, stance="favor")], "bob": [entity(0, 5, stance="against")]}
    assert agreed_marks(marks, 1) == [entity(0, 5)]


def test_an_annotator_counts_once_per_span() -> None:
    assert agreed_marks({"ann": [entity(0, 5), entity(0, 5)], "bob": []}, 2) == []


def test_k_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        agreed_marks({}, 0)


def test_the_kinds_compared_are_the_vocabularys_span_kinds() -> None:
    assert set(COMPARED_KINDS) <= set(vocabulary.SPAN_KINDS)
    assert Mark("quote", vocabulary.QUOTE, 0, 1).label == "QUOTE"
