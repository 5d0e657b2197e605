"""Spans pair one to one, identical first, then by greatest overlap, as a brute-force greedy pairs them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import Mark, clusters, match
from annotator.agreement.matching import label_key


def entity(start: int, end: int, label: str = "PERSON", stance: str | None = None) -> Mark:
    return Mark("entity", label, start, end, stance=stance)


def _brute_force(a: list[Mark], b: list[Mark]) -> list[tuple[int, int]]:
    """The greedy rule written out over every pair of spans, as a reference."""
    candidates = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x.label != y.label:
                continue
            if (x.start, x.end) == (y.start, y.end):
                iou = 1.0
            else:
                shared = min(x.end, y.end) - max(x.start, y.start)
                if shared <= 0:
                    continue
                iou = shared / (max(x.end, y.end) - min(x.start, y.start))
            starts, ends = sorted((x.start, y.start)), sorted((x.end, y.end))
            candidates.append((-iou, *starts, *ends, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


spans = st.builds(
    lambda start, length, label: entity(start, start + length, label),
    st.integers(0, 60),
    st.integers(0, 12),
    st.sampled_from(["PERSON", "ORG"]),
)


def test_identical_spans_pair_exactly_and_first() -> None:
    a = [entity(0, 10), entity(20, 30)]
    b = [entity(2, 10), entity(0, 10), entity(40, 50)]
    matching = match(a, b, label_key)
    assert matching.pairs == [(0, 1)]
    assert matching.exact == 1


def test_overlap_pairs_greatest_intersection_over_union_first() -> None:
    a = [entity(0, 10)]
    b = [entity(5, 12), entity(1, 10)]  # IoU 5/12 and 9/10
    assert match(a, b, label_key).pairs == [(0, 1)]


def test_one_span_pairs_once_and_the_next_best_takes_the_other() -> None:
    a = [entity(0, 10), entity(8, 20)]
    b = [entity(0, 9)]
    assert match(a, b, label_key).pairs == [(0, 0)]
    b = [entity(0, 9), entity(9, 21)]
    assert sorted(match(a, b, label_key).pairs) == [(0, 0), (1, 1)]


def test_spans_of_different_labels_never_match() -> None:
    matching = match([entity(0, 10, "PERSON")], [entity(0, 10, "ORG")], label_key)
    assert matching.pairs == [] and matching.exact == 0


def test_without_a_key_labels_do_not_matter() -> None:
    assert match([entity(0, 10, "PERSON")], [entity(0, 10, "ORG")]).pairs == [(0, 0)]


def test_touching_spans_share_no_character_and_do_not_match() -> None:
    assert match([entity(0, 10)], [entity(10, 20)]).pairs == []


def test_an_empty_span_matches_only_an_identical_one() -> None:
    assert match([entity(5, 5)], [entity(0, 10)]).pairs == []
    assert match([entity(5, 5)], [entity(5, 5)]).pairs == [(0, 0)]


def test_ties_go_to_the_earlier_spans() -> None:
    a = [entity(10, 20)]
    b = [entity(15, 25), entity(5, 15)]  # both IoU 5/15
    assert match(a, b).pairs == [(0, 1)]


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=12), st.lists(spans, max_size=12))
def test_the_sweep_pairs_as_the_brute_force_greedy_does(a: list[Mark], b: list[Mark]) -> None:
    matching = match(a, b, label_key)
    assert sorted(matching.pairs) == sorted(_brute_force(a, b))
    exact_pairs = {(i, j) for i, j in matching.pairs if (a[i].start, a[i].end) == (b[j].start, b[j].end)}
    assert set(matching.pairs[: matching.exact]) == exact_pairs


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=12), st.lists(spans, max_size=12))
def test_matching_is_symmetric_in_counts(a: list[Mark], b: list[Mark]) -> None:
    forward, backward = match(a, b, label_key), match(b, a, label_key)
    assert len(forward.pairs) == len(backward.pairs)
    assert forward.exact == backward.exact
    assert len({i for i, _ in forward.pairs}) == len({j for _, j in forward.pairs}) == len(forward.pairs)


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=10), st.lists(spans, max_size=10))
def test_clusters_of_two_annotators_are_the_pairwise_matching(a: list[Mark], b: list[Mark]) -> None:
    units = clusters({"ann": a, "bob": b}, label_key)
    paired = sorted((id(u["ann"]), id(u["bob"])) for u in units if len(u) == 2)
    assert paired == sorted((id(a[i]), id(b[j])) for i, j in match(a, b, label_key).pairs)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcde"), st.lists(spans, max_size=8), max_size=5))
def test_clusters_hold_every_span_once_and_each_annotator_at_most_once(
    marks: dict[str, list[Mark]],
) -> None:
    units = clusters(marks, label_key)
    placed = sorted(id(mark) for unit in units for mark in unit.values())
    assert placed == sorted(id(mark) for spans_of in marks.values() for mark in spans_of)
    for unit in units:
        assert len({m.label for m in unit.values()}) == 1
        assert all(unit[name] in marks[name] for name in unit)


def test_clusters_join_a_span_of_each_annotator_by_greatest_overlap_in_order_of_position() -> None:
    units = clusters(
        {
            "ann": [entity(0, 10), entity(30, 40)],
            "bob": [entity(0, 10)],
            "cy": [entity(1, 10), entity(0, 3)],
        },
        label_key,
    )
    assert [{name: (m.start, m.end) for name, m in unit.items()} for unit in units] == [
        {"cy": (0, 3)},
        {"ann": (0, 10), "bob": (0, 10), "cy": (1, 10)},
        {"ann": (30, 40)},
    ]
