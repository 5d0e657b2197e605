"""The overview's charts as inline SVG for the HTML report: no script, no font or file fetched.

Bars are horizontal, so that long labels and names stay readable; every count is written as a
number too (inside a segment wide enough, and as the bar's total), so a chart printed in black and
white still says everything. Every project string (label, name, day) goes through :func:`text`:
escaped for XML, with controls and bidi overrides shown as ``\\u202e``, not obeyed.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

from annotator.overview.model import Chart, Matrix
from annotator.overview.palette import HEAT_STOPS, heat, ink, segment_colours
from annotator.problems import printable

WIDTH = 960
ROW = 24  # a bar and the gap below it
BAR = 17
KEYS = 230  # the column of bar names, left of the bars
TOTALS = 70  # room right of the longest bar for its total
FONT = 13
SMALL = 12
TEXT = "#222"


def text(value: object) -> str:
    """A project string as SVG/HTML text: escaped, its controls and bidi overrides made visible."""
    return html.escape(printable(str(value), layout=""), quote=True)


def _char_width(char: str) -> float:
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    if unicodedata.combining(char):
        return 0.0
    return 0.58


def text_width(value: str, size: int = FONT) -> float:
    """About how wide ``value`` is drawn at ``size`` px (wide CJK and emoji counted whole)."""
    return sum(_char_width(char) for char in printable(value, layout="")) * size


def fit(value: str, width: float, size: int = FONT) -> str:
    """``value`` cut with an ellipsis to about ``width`` px."""
    if text_width(value, size) <= width:
        return value
    shown = printable(value, layout="")
    while shown and text_width(shown + "…", size) > width:
        shown = shown[:-1]
    return shown + "…"


def colours(chart: Chart) -> dict[str, str]:
    """A colour for each segment, as the window's charts have it (:mod:`annotator.overview.palette`)."""
    return segment_colours(chart.segments, chart.left if chart.diverging else 0)


def _legend(segments: Sequence[str], fills: dict[str, str], y: float) -> tuple[list[str], float]:
    """Swatches and names in rows across the width; returns the SVG parts and the height used."""
    parts: list[str] = []
    x, row = 0.0, 0
    for segment in segments:
        name = fit(segment, 260, SMALL)
        width = 18 + text_width(name, SMALL) + 18
        if x and x + width > WIDTH:
            x, row = 0.0, row + 1
        top = y + row * 18
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="12" height="12" fill="{fills[segment]}" '
            'stroke="#666" stroke-width="0.5"/>'
            f'<text x="{x + 17:.1f}" y="{top + 10:.1f}" font-size="{SMALL}">{text(name)}</text>'
        )
        x += width
    return parts, (row + 1) * 18 + 6


def _svg(height: float, label: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
        f'height="{height:.0f}" role="img" aria-label="{text(label)}" font-size="{FONT}" fill="{TEXT}">'
        + "".join(parts)
        + "</svg>"
    )


def _segment(x: float, y: float, width: float, fill: str, count: int, tip: str) -> str:
    """One segment's rectangle, its count inside when it fits, and a tooltip."""
    drawn = (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" fill="{fill}" '
        f'stroke="#fff" stroke-width="0.5"><title>{text(tip)}</title></rect>'
    )
    if width >= text_width(str(count), SMALL) + 6:
        drawn += (
            f'<text x="{x + width / 2:.1f}" y="{y + BAR - 4.5:.1f}" font-size="{SMALL}" '
            f'text-anchor="middle" fill="{ink(fill)}">{count}</text>'
        )
    return drawn


def _key(y: float, key: str) -> str:
    """A bar's name, right-aligned in the column left of the bars, whole in its tooltip."""
    return (
        f'<text x="{KEYS - 8}" y="{y + BAR - 4.5:.1f}" text-anchor="end" direction="ltr">'
        f"<title>{text(key)}</title>{text(fit(key, KEYS - 14))}</text>"
    )


def bar_chart(chart: Chart) -> str:
    """A chart of stacked horizontal bars with a legend (diverging about an axis if the chart is)."""
    if chart.diverging:
        return diverging_chart(chart)
    fills = colours(chart)
    parts, top = _legend(chart.segments, fills, 0)
    most = max((bar.total for bar in chart.bars), default=0) or 1
    scale = (WIDTH - KEYS - TOTALS) / most
    for row, bar in enumerate(chart.bars):
        y = top + row * ROW
        parts.append(_key(y, bar.key))
        x = float(KEYS)
        for segment in chart.segments:
            count = bar.counts.get(segment, 0)
            if count:
                width = count * scale
                parts.append(_segment(x, y, width, fills[segment], count, f"{bar.key}, {segment}: {count}"))
                x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 4.5:.1f}" font-weight="bold">{bar.total}</text>')
    height = top + len(chart.bars) * ROW + 4
    parts.append(f'<line x1="{KEYS}" y1="{top - 3}" x2="{KEYS}" y2="{height - 4}" stroke="#888"/>')
    return _svg(height, chart.title, parts)


def diverging_chart(chart: Chart) -> str:
    """Bars split about an axis: the first ``chart.left`` segments grow leftwards, the rest rightwards."""
    fills = colours(chart)
    parts, top = _legend(chart.segments, fills, 0)
    left_segments, right_segments = chart.segments[: chart.left], chart.segments[chart.left :]
    lefts = [sum(bar.counts.get(s, 0) for s in left_segments) for bar in chart.bars]
    rights = [sum(bar.counts.get(s, 0) for s in right_segments) for bar in chart.bars]
    most_left, most_right = max(lefts, default=0), max(rights, default=0)
    plot = WIDTH - KEYS - 2 * 44  # room for a count at either end
    scale = plot / ((most_left + most_right) or 1)
    axis = KEYS + 44 + most_left * scale
    for row, bar in enumerate(chart.bars):
        y = top + row * ROW
        parts.append(_key(y, bar.key))
        x = axis
        for segment in reversed(left_segments):  # the one nearest the axis first
            count = bar.counts.get(segment, 0)
            if count:
                x -= count * scale
                parts.append(
                    _segment(x, y, count * scale, fills[segment], count, f"{bar.key}, {segment}: {count}")
                )
        if lefts[row]:
            parts.append(
                f'<text x="{x - 5:.1f}" y="{y + BAR - 4.5:.1f}" text-anchor="end">{lefts[row]}</text>'
            )
        x = axis
        for segment in right_segments:
            count = bar.counts.get(segment, 0)
            if count:
                parts.append(
                    _segment(x, y, count * scale, fills[segment], count, f"{bar.key}, {segment}: {count}")
                )
                x += count * scale
        if rights[row]:
            parts.append(f'<text x="{x + 5:.1f}" y="{y + BAR - 4.5:.1f}">{rights[row]}</text>')
    height = top + len(chart.bars) * ROW + 4
    parts.append(f'<line x1="{axis:.1f}" y1="{top - 3}" x2="{axis:.1f}" y2="{height - 4}" stroke="#333"/>')
    return _svg(height, chart.title, parts)


def heatmap(matrix: Matrix) -> str:
    """One cell per pair of annotators, coloured by its value and showing it; the diagonal left grey."""
    names = matrix.annotators
    cell = max(40.0, min(72.0, (WIDTH - KEYS - 20) / max(1, len(names))))
    head = min(160.0, max(40.0, max((text_width(fit(n, 150)) for n in names), default=0) * 0.72 + 20))
    parts: list[str] = []
    for column, name in enumerate(names):
        x = KEYS + column * cell + cell / 2
        parts.append(
            f'<text transform="translate({x:.1f},{head - 6:.1f}) rotate(-45)" direction="ltr">'
            f"<title>{text(name)}</title>{text(fit(name, 150))}</text>"
        )
    for row, a in enumerate(names):
        y = head + row * cell
        parts.append(
            f'<text x="{KEYS - 8}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" direction="ltr">'
            f"<title>{text(a)}</title>{text(fit(a, KEYS - 14))}</text>"
        )
        for column, b in enumerate(names):
            x = KEYS + column * cell
            value = matrix.values.get((a, b))
            fill, shown = (
                ("#e0e0e0", "")
                if a == b
                else ("#ffffff", "n/a")
                if value is None
                else (heat(value), f"{value:.2f}")
            )
            tip = text(f"{a} / {b}: {shown or '-'}")
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" fill="{fill}" '
                f'stroke="#999" stroke-width="0.5"><title>{tip}</title></rect>'
                f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" '
                f'fill="{ink(fill)}">{shown}</text>'
            )
    bottom = head + len(names) * cell + 16
    parts.append(
        '<defs><linearGradient id="agreement-scale">'
        + "".join(f'<stop offset="{at}" stop-color="{colour}"/>' for at, colour in HEAT_STOPS)
        + "</linearGradient></defs>"
        f'<rect x="{KEYS}" y="{bottom:.1f}" width="200" height="12" fill="url(#agreement-scale)" '
        'stroke="#999"/>'
        f'<text x="{KEYS}" y="{bottom + 26:.1f}" font-size="{SMALL}">0</text>'
        f'<text x="{KEYS + 200}" y="{bottom + 26:.1f}" font-size="{SMALL}" text-anchor="end">1</text>'
        f'<text x="{KEYS + 210}" y="{bottom + 11:.1f}" font-size="{SMALL}">'
        "F1; n/a: no document both marked done</text>"
    )
    return _svg(bottom + 34, matrix.title, parts)
