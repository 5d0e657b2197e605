"""What the overview shows, as plain data: charts of bars, a matrix of annotator pairs, and filters.

Computed by :mod:`annotator.overview.figures` (no Qt); drawn by the window's overview and by the
HTML report. Every bar, segment and cell carries a :class:`DocumentFilter`: the documents it
stands for, which the window shows in its list when it is clicked.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents a bar or cell stands for; None fields do not filter.

    ``kind``/``label``/``span_status``: documents with such a span (``span_status`` one of
    suggested, accepted, rejected); ``outcome``: documents where a suggestion of that kind and label
    ended so (accepted, edited, rejected, pending); ``speaker``/``stance``: documents with an accepted
    quote of that resolved speaker (and stance; "" for none yet); ``day``/``annotator``: documents
    that annotator marked done that day (YYYY-MM-DD, UTC); ``pair``: documents both annotators of a
    merged pair marked done.
    """

    kind: str | None = None
    label: str | None = None
    span_status: str | None = None
    outcome: str | None = None
    speaker: str | None = None
    stance: str | None = None
    day: str | None = None
    annotator: str | None = None
    pair: tuple[str, str] | None = None

    def describe(self) -> str:
        """A short phrase for the list's heading, such as 'quotes of Anna Berg, against'."""
        parts = [f"{name} {value}" for name, value in vars(self).items() if value not in (None, "")]
        return ", ".join(parts) if parts else "all documents"


@dataclass(frozen=True)
class Bar:
    """One bar: its name on the axis and a count per segment (segments as the chart lists them)."""

    key: str
    counts: dict[str, int]
    filter: DocumentFilter
    segment_filters: dict[str, DocumentFilter] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Chart:
    """Bars with stacked segments. ``diverging``: the first ``left`` segments grow leftwards."""

    title: str
    segments: tuple[str, ...]
    bars: tuple[Bar, ...]
    note: str = ""
    diverging: bool = False
    left: int = 0


@dataclass(frozen=True)
class Matrix:
    """A measure for each pair of annotators (None where it is undefined), for a heatmap."""

    title: str
    annotators: tuple[str, ...]
    values: dict[tuple[str, str], float | None]
    filters: dict[tuple[str, str], DocumentFilter]
    note: str = ""


@dataclass(frozen=True)
class Overview:
    """Everything the overview shows, in the order it shows it."""

    documents: int
    done: int
    progress: Chart  # documents marked done per day (bars), per annotator (segments)
    labels: Chart  # accepted entities per label and accepted quotes per type
    outcomes: Chart  # suggestions per kind and label: accepted, edited, rejected, pending
    speakers: Chart  # quotes per resolved speaker (top 20), by stance, diverging: against left, favor right
    agreement: Matrix | None = None  # with two or more merged annotators
