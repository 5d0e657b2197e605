"""``annotator report``: the project at a glance as one HTML file to share (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from annotator.cli_support import PROJECT_ARGUMENT, Refused, inline, open_project, output_failure, say


@click.command()
@PROJECT_ARGUMENT
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--no-agreement",
    is_flag=True,
    help="Leave out the agreement between merged annotators (the slow part on a large team project).",
)
def report(project: Path, out: Path, no_agreement: bool) -> None:
    """Write an HTML report of PROJECT to OUT: its counts and the overview's charts.

    One self-contained file (charts as inline SVG, no script, nothing fetched) that any
    browser shows offline and prints: the counts of `annotator stats`, documents done per
    day and annotator, accepted labels and quote types, what became of the model's
    suggestions, quotes per speaker by stance, and entity agreement between merged
    annotators. OUT is replaced only once the report is complete.

    \b
    Example:
        annotator report news.annotator report.html
    """
    from annotator.exporting.atomic import ExportRefused, atomic_files, refuse_project_files
    from annotator.overview.figures import project_overview
    from annotator.overview.report import render_report

    try:
        refuse_project_files([out], project)
    except ExportRefused as error:
        raise Refused(str(error)) from error
    with open_project(project, must_exist=True, read_only=True) as opened:
        overview = project_overview(opened, agreement=not no_agreement)
        made_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        page = render_report(overview, opened.stats(), name=project.stem, made_at=made_at)
    try:
        with atomic_files([out]) as (handle,):
            handle.write(page.encode("utf-8"))
    except ExportRefused as error:
        raise Refused(str(error)) from error
    except OSError as error:
        raise click.ClickException(output_failure(error, out)) from error
    say(f"Wrote {inline(out)}: {overview.documents} documents, {overview.done} done.")


COMMANDS = [report]
