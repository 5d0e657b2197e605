"""The overview's colours, one palette for the window's charts and the HTML report alike.

Okabe and Ito's palette ("Color Universal Design", 2008), whose colours readers with any common
colour-vision deficiency still tell apart. Its black is left out (a bar would vanish on the dark
theme); a mid grey takes its place. Outcomes and stances keep fixed colours, so that "rejected" or
"against" looks the same in every chart: vermillion for no, bluish green or blue for yes, greys for
undecided. Every other segment (annotators, extra stance labels) takes the next colour the chart
does not use yet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import cycle, pairwise

ORANGE = "#e69f00"
SKY_BLUE = "#56b4e9"
BLUISH_GREEN = "#009e73"
YELLOW = "#f0e442"
BLUE = "#0072b2"
VERMILLION = "#d55e00"
REDDISH_PURPLE = "#cc79a7"
GREY = "#999999"  # in place of the palette's black
LIGHT_GREY = "#c8c8c8"
PALE_GREY = "#e6e6e6"
OKABE_ITO = (ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE)  # and black

# Segments with no colour of their own, in turn: annotators, and any other name.
CATEGORICAL = (BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, VERMILLION, YELLOW, GREY)
# The same colours split for a diverging chart: warm ones left of its axis ("against" is), cool ones right.
WARM = (ORANGE, REDDISH_PURPLE, YELLOW, GREY)
COOL = (SKY_BLUE, BLUISH_GREEN, GREY)
NAMED = {
    "accepted": BLUISH_GREEN,
    "edited": SKY_BLUE,
    "rejected": VERMILLION,
    "pending": LIGHT_GREY,
    "entity": BLUE,
    "quote": ORANGE,
    "against": VERMILLION,
    "unclear": ORANGE,
    "neutral": LIGHT_GREY,
    "favor": BLUE,
    "no stance": PALE_GREY,
}


def segment_colours(segments: Sequence[str], left: int = 0) -> dict[str, str]:
    """A colour (``#rrggbb``) for each of a chart's segments: named ones fixed, the others in turn.

    ``left``: the chart diverges and its first ``left`` segments grow leftwards; those take warm
    colours, the rest cool ones. Colours a named segment of the chart has are not handed out again
    while others remain.
    """
    found = {segment: NAMED[segment.lower()] for segment in segments if segment.lower() in NAMED}
    used = set(found.values())
    leftwards = _unused(WARM, used)
    rightwards = _unused(COOL if left else CATEGORICAL, used)
    for index, segment in enumerate(segments):
        if segment not in found:
            found[segment] = next(leftwards if index < left else rightwards)
    return {segment: found[segment] for segment in segments}


def _unused(choices: Sequence[str], used: set[str]) -> Iterator[str]:
    """``choices`` over and over, those in ``used`` left out (unless that leaves none)."""
    return cycle([colour for colour in choices if colour not in used] or choices)


# Agreement cells: ColorBrewer's RdYlBu, warm for low agreement, pale yellow halfway, blue for high.
HEAT_STOPS = ((0.0, "#d73027"), (0.5, "#fee090"), (0.75, "#e0f3f8"), (1.0, "#4575b4"))


def heat(value: float) -> str:
    """The colour (``#rrggbb``) of agreement ``value``, clamped to 0-1 (a negative kappa is as warm as 0)."""
    value = min(1.0, max(0.0, value))
    for (low, start), (high, end) in pairwise(HEAT_STOPS):
        if value <= high:
            share = (value - low) / (high - low)
            mixed = (a + (b - a) * share for a, b in zip(_rgb(start), _rgb(end), strict=True))
            return "#" + "".join(f"{round(part):02x}" for part in mixed)
    return HEAT_STOPS[-1][1]


def ink(fill: str) -> str:
    """Black or white (``#rrggbb``), whichever reads better on ``fill``."""
    red, green, blue = _rgb(fill)
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#ffffff"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
