"""One colour-blind-safe palette (Okabe and Ito's) for the window's charts and the HTML report."""

from __future__ import annotations

from pathlib import Path

from annotator.overview import palette, report_svg
from annotator.overview.figures import project_overview
from annotator.overview.model import Matrix
from annotator.overview.palette import (
    CATEGORICAL,
    COOL,
    NAMED,
    OKABE_ITO,
    WARM,
    segment_colours,
)
from annotator.overview.report_svg import colours
from tests.overview.projects import small_project


def test_outcomes_and_stances_keep_their_colours_in_every_chart() -> None:
    outcomes = segment_colours(("accepted", "edited", "rejected", "pending"))
    stances = segment_colours(("against", "unclear", "neutral", "favor", "no stance"), left=2)
    assert outcomes["rejected"] == stances["against"] == NAMED["rejected"]
    assert outcomes["accepted"] == NAMED["accepted"] and stances["favor"] == NAMED["favor"]
    assert len(set(outcomes.values())) == 4 and len(set(stances.values())) == 5


def test_other_segments_take_colours_the_chart_does_not_use_yet() -> None:
    annotators = segment_colours(("ana", "ben", "cho", "dev", "eve"))
    assert list(annotators.values()) == list(CATEGORICAL[:5])
    stances = segment_colours(("against", "sarcastic", "neutral", "favor", "hopeful", "no stance"), left=2)
    assert stances["sarcastic"] in WARM and stances["hopeful"] in COOL
    assert len(set(stances.values())) == 6


def test_every_colour_is_okabe_and_itos_or_a_grey() -> None:
    for colour in (*CATEGORICAL, *WARM, *COOL, *NAMED.values()):
        red, green, blue = (colour[i : i + 2] for i in (1, 3, 5))
        assert colour in OKABE_ITO or red == green == blue, colour


def test_the_report_colours_a_chart_as_the_palette_does(tmp_path: Path) -> None:
    project, _ = small_project(tmp_path / "small.annotator")
    with project:
        overview = project_overview(project, agreement=False)
    speakers = overview.speakers
    assert colours(speakers) == segment_colours(speakers.segments, speakers.left)
    assert colours(overview.outcomes) == segment_colours(overview.outcomes.segments)


def test_agreement_heat_runs_from_red_through_yellow_to_blue_and_clamps() -> None:
    assert palette.heat(0.0) == palette.heat(-0.4) == "#d73027"
    assert palette.heat(0.5) == "#fee090"
    assert palette.heat(1.0) == palette.heat(1.3) == "#4575b4"
    assert palette.ink(palette.heat(0.5)) == "#000000" and palette.ink(palette.heat(0.0)) == "#ffffff"


def test_the_report_heatmap_colours_a_cell_as_the_window_does() -> None:
    values: dict[tuple[str, str], float | None] = {("ann", "bo"): 0.25, ("bo", "ann"): 0.25}
    matrix = Matrix(title="Agreement", annotators=("ann", "bo"), values=values, filters={})
    assert f'fill="{palette.heat(0.25)}"' in report_svg.heatmap(matrix)
