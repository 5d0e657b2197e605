"""The overview's figures on hand-made projects: every chart's counts and every filter's documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.overview.figures import document_ids_for, project_overview, stance_segments
from annotator.overview.model import Chart, DocumentFilter, Overview
from tests.overview.projects import HOSTILE, hostile_project, small_project, team_project


@pytest.fixture
def small(tmp_path: Path):
    project, ids = small_project(tmp_path / "small.annotator")
    with project:
        yield project, ids


def _bars(chart: Chart) -> dict[str, dict[str, int]]:
    return {bar.key: {name: n for name, n in bar.counts.items() if n} for bar in chart.bars}


def _documents(project, chart: Chart) -> dict[tuple[str, str | None], list[int]]:
    """Each bar's documents, and each non-empty segment's, as a click would list them."""
    found = {}
    for bar in chart.bars:
        found[bar.key, None] = document_ids_for(project, bar.filter)
        for segment, chosen in bar.segment_filters.items():
            if bar.counts[segment]:
                found[bar.key, segment] = document_ids_for(project, chosen)
    return found


def test_progress_counts_each_done_document_once_on_its_last_day_by_whom_marked_it(small) -> None:
    project, (one, two, _three, _four) = small
    overview = project_overview(project, agreement=False)
    (day,) = [bar.key for bar in overview.progress.bars]
    assert (overview.documents, overview.done) == (4, 2)
    assert overview.progress.segments == ("ana", "ben")
    assert _bars(overview.progress) == {day: {"ana": 1, "ben": 1}}  # the reopened document counts nowhere
    assert _documents(project, overview.progress) == {
        (day, None): [one, two],
        (day, "ana"): [one],
        (day, "ben"): [two],
    }
    project.annotator = "cho"
    project.set_document_status(one, "in_progress")
    project.set_document_status(one, "done")
    again = project_overview(project, agreement=False)
    assert _bars(again.progress) == {day: {"ben": 1, "cho": 1}}
    assert document_ids_for(project, DocumentFilter(annotator="ana")) == []


def test_labels_count_accepted_entities_per_label_and_quotes_per_type(small) -> None:
    project, (one, two, _, _) = small
    labels = project_overview(project, agreement=False).labels
    assert _bars(labels) == {
        "LOC": {"entity": 1},
        "ORG": {"entity": 1},
        "PERSON": {"entity": 1},
        "direct quotes": {"quote": 1},
        "indirect quotes": {"quote": 1},
    }
    found = _documents(project, labels)
    assert found["PERSON", None] == [one]  # Carla's PERSON is only suggested
    assert found["LOC", "entity"] == [two]
    assert found["direct quotes", None] == [one]  # the pending direct quote in 3 is not accepted
    assert found["indirect quotes", "quote"] == [two]


def test_outcomes_tell_accepted_edited_rejected_and_pending_suggestions_apart(small) -> None:
    project, (one, two, three, _) = small
    outcomes = project_overview(project, agreement=False).outcomes
    assert outcomes.segments == ("accepted", "edited", "rejected", "pending")
    # The LOC typed by hand is no suggestion; the ORG moved by a person is edited.
    assert _bars(outcomes) == {
        "PERSON": {"accepted": 1, "rejected": 1, "pending": 1},
        "ORG": {"edited": 1},
        "quotes": {"accepted": 2, "pending": 1},
    }
    found = _documents(project, outcomes)
    assert found["PERSON", "accepted"] == [one]
    assert found["PERSON", "rejected"] == [two]
    assert found["PERSON", "pending"] == [three]
    assert found["ORG", "edited"] == [one]
    assert found["quotes", None] == [one, two, three]
    assert found["quotes", "accepted"] == [one, two]
    assert "60% were accepted as suggested, 80% counting those a person edited" in outcomes.note


def test_an_edit_moved_back_to_the_suggestion_counts_as_accepted(small) -> None:
    project, (one, _, _, _) = small
    (org,) = [span for span in project.spans(one) if span.label == "ORG"]
    project.update_span(org.id, end=org.attributes["suggested"]["end"])
    assert _bars(project_overview(project, agreement=False).outcomes)["ORG"] == {"accepted": 1}


def test_speakers_are_resolved_names_with_against_left_of_the_axis(small) -> None:
    project, (one, two, _, _) = small
    speakers = project_overview(project, agreement=False).speakers
    assert speakers.segments == ("against", "unclear", "neutral", "favor", "no stance")
    assert (speakers.diverging, speakers.left) == (True, 2)
    assert _bars(speakers) == {"Ana Ruiz": {"against": 1}, "Bob Lee": {"favor": 1}}
    assert _documents(project, speakers) == {
        ("Ana Ruiz", None): [one],
        ("Ana Ruiz", "against"): [one],
        ("Bob Lee", None): [two],
        ("Bob Lee", "favor"): [two],
    }
    assert document_ids_for(project, DocumentFilter(speaker="Bob Lee", stance="")) == []
    (said,) = project.spans(two, kind="quote")
    project.update_span(said.id, stance=None, attributes={**said.attributes, "speaker_name": " Robert Lee\n"})
    assert _bars(project_overview(project, agreement=False).speakers)["Robert Lee"] == {"no stance": 1}
    assert document_ids_for(project, DocumentFilter(speaker="Robert Lee", stance="")) == [two]


def test_the_top_twenty_speakers_are_shown_and_the_rest_counted(tmp_path: Path) -> None:
    with small_project(tmp_path / "many.annotator")[0] as project:
        doc_id, _ = project.add_document(" ".join(f"w{n}" for n in range(30)))
        for number in range(25):
            project.add_span(
                doc_id,
                number * 3,
                number * 3 + 2,
                "QUOTE",
                kind="quote",
                attributes={"speaker_name": f"S{number:02}"},
            )
        speakers = project_overview(project, agreement=False).speakers
    assert len(speakers.bars) == 20
    assert "7 quotes of 7 other speakers not shown" in speakers.note


def test_stance_segments_follow_the_projects_stance_labels() -> None:
    assert stance_segments(["favor", "against", "neutral", "unclear"]) == (
        ("against", "unclear", "neutral", "favor", "no stance"),
        2,
        True,
    )
    assert stance_segments(["pro", "con"]) == (("pro", "con", "no stance"), 0, False)


def test_every_filter_field_is_honoured_and_they_combine(small) -> None:
    project, (one, two, three, four) = small
    day = project_overview(project, agreement=False).progress.bars[0].key
    cases = {
        DocumentFilter(): [one, two, three, four],
        DocumentFilter(kind="entity"): [one, two, three],
        DocumentFilter(label="LOC"): [two],
        DocumentFilter(span_status="rejected"): [two],
        DocumentFilter(kind="quote", span_status="suggested"): [three],
        DocumentFilter(outcome="edited"): [one],
        DocumentFilter(speaker="Ana Ruiz"): [one],
        DocumentFilter(stance="favor"): [two],
        DocumentFilter(day=day): [one, two],
        DocumentFilter(day="1999-01-01"): [],
        DocumentFilter(annotator="ben"): [two],
        DocumentFilter(kind="entity", span_status="accepted", annotator="ana"): [one],
        DocumentFilter(pair=("ana", "ben")): [],
    }
    for chosen, expected in cases.items():
        assert document_ids_for(project, chosen) == expected, chosen


def test_agreement_is_entity_f1_per_pair_and_skipped_when_not_asked(tmp_path: Path, small) -> None:
    project, _ = small
    assert project_overview(project).agreement is None  # no merged annotators
    with team_project(tmp_path) as merged:
        assert project_overview(merged, agreement=False).agreement is None
        matrix = project_overview(merged).agreement
        assert matrix is not None
        assert matrix.annotators == ("ana", "ben")
        # ana accepted 20 entities, ben 15 of them: F1 = 2 * 15 / 35.
        assert matrix.values["ana", "ben"] == matrix.values["ben", "ana"] == pytest.approx(30 / 35)
        assert document_ids_for(merged, matrix.filters["ben", "ana"]) == merged.document_ids()


def test_hostile_strings_count_and_filter_like_any_other(tmp_path: Path) -> None:
    with hostile_project(tmp_path / "hostile.annotator") as project:
        overview = project_overview(project)
        assert overview.progress.segments == (HOSTILE,)
        assert [bar.key for bar in overview.labels.bars] == [HOSTILE, f"{HOSTILE} quotes"]
        assert [bar.key for bar in overview.speakers.bars] == [HOSTILE]
        assert HOSTILE in overview.speakers.segments  # a stance the labels do not list still counts
        assert overview.agreement is not None and overview.agreement.annotators == (HOSTILE, f"{HOSTILE} 2")
        for chart in (overview.progress, overview.labels, overview.outcomes, overview.speakers):
            for bar in chart.bars:
                assert document_ids_for(project, bar.filter) == [1], (chart.title, bar.key)


def test_the_counts_are_the_same_inside_a_transaction(small) -> None:
    project, _ = small
    outside: Overview = project_overview(project, agreement=False)
    with project.transaction():  # read on this connection alone: another would not see the changes
        assert project_overview(project, agreement=False) == outside
