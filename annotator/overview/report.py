"""``annotator report``'s page (issue 16): the counts of ``annotator stats`` and the overview's charts.

One self-contained HTML file, for a paper's appendix or a team meeting: the charts are inline SVG
(:mod:`annotator.overview.report_svg`), the style is in the page, and a Content-Security-Policy
forbids any script or fetch, so the page shows the same offline, in any browser, and on paper.
Every string from the project is escaped (:func:`~annotator.overview.report_svg.text`).
"""

from __future__ import annotations

from typing import Any

from annotator import __version__
from annotator.overview.model import Chart, Overview
from annotator.overview.report_svg import bar_chart, heatmap, text

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
  max-width: 980px; margin: 24px auto; padding: 0 12px; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin: 1.6em 0 0.3em; border-bottom: 1px solid #ccc; }
.meta, .note { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.4em 0 1em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 2px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f3f3; }
.counts { display: flex; flex-wrap: wrap; gap: 0 32px; }
figure { margin: 0 0 1.2em; break-inside: avoid; }
svg { max-width: 100%; height: auto; }
.empty { color: #777; font-style: italic; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { margin: 14mm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""
# No script, no fetch of any kind: only the page's own style and inline SVG.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _table(head: list[str], rows: list[list[object]]) -> str:
    cells = "".join(f"<th>{text(cell)}</th>" for cell in head)
    body = "".join("<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def counts_section(stats: dict[str, Any]) -> str:
    """The counts of ``annotator stats`` (``Project.stats()``) as tables."""
    documents = stats["documents"]
    statuses = [status for status in documents if status != "total"]
    spans = stats["spans"]
    span_statuses = list(next(iter(spans.values()))) if spans else []
    labels = stats["accepted_entity_labels"]
    stances = stats["stances"]
    parts = [
        "<h2>Counts</h2>",
        '<div class="counts"><div>',
        _table(
            ["Documents", "total", *(status.replace("_", " ") for status in statuses)],
            [["documents", documents["total"], *(documents[status] for status in statuses)]],
        ),
        _table(
            ["Spans", *span_statuses],
            [[kind, *(by[status] for status in span_statuses)] for kind, by in spans.items()],
        ),
        _table(
            ["Other", "count"],
            [["quote links (speaker, cue)", stats["relations"]], ["logged changes", stats["events"]]],
        ),
        "</div><div>",
        _table(
            ["Accepted entity label", "count"], [[label, n] for label, n in labels.items()] or [["none", 0]]
        ),
        _table(["Stance", "count"], [[stance, n] for stance, n in stances.items()] or [["none", 0]]),
        "</div></div>",
    ]
    return "".join(parts)


def _figure(chart: Chart, empty: str) -> str:
    drawn = bar_chart(chart) if chart.bars else f'<p class="empty">{text(empty)}</p>'
    note = f'<p class="note">{text(chart.note)}</p>' if chart.note and chart.bars else ""
    return f"<figure><h2>{text(chart.title)}</h2>{note}{drawn}</figure>"


def render_report(overview: Overview, stats: dict[str, Any], *, name: str, made_at: str) -> str:
    """The whole page: ``name`` (the project's) in the title, ``made_at`` when it was made."""
    agreement = (
        f"<figure><h2>{text(overview.agreement.title)}</h2>"
        f'<p class="note">{text(overview.agreement.note)}</p>{heatmap(overview.agreement)}</figure>'
        if overview.agreement is not None
        else '<figure><h2>Agreement between annotators</h2><p class="empty">Fewer than two annotators\' '
        "files are merged into this project (annotator merge), so there is no agreement to show.</p></figure>"
    )
    body = [
        f"<h1>Annotation report: {text(name)}</h1>",
        f'<p class="meta">Project {text(stats["project"])}; made {text(made_at)} '
        f"by annotator {text(__version__)}. "
        f"{overview.done} of {overview.documents} documents done.</p>",
        counts_section(stats),
        _figure(overview.progress, "No document has been marked done yet."),
        _figure(overview.labels, "Nothing accepted yet."),
        _figure(overview.outcomes, "The model has suggested nothing yet."),
        _figure(overview.speakers, "No accepted quote has a speaker yet."),
        agreement,
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Annotation report: {text(name)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
