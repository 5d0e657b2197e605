"""The commands for several annotators: ``assign``, ``merge``, ``agreement`` and ``review`` (ADR 18)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from annotator.cli_support import (
    PROJECT_ARGUMENT,
    ProgressBar,
    StopOnCtrlC,
    inline,
    open_project,
    print_problems,
    say,
    say_json,
    store_errors,
)
from annotator.problems import Problem
from annotator.store import StoreError


def _names(value: str | None) -> list[str] | None:
    return None if value is None else [name.strip() for name in value.split(",") if name.strip()]


@click.command()
@PROJECT_ARGUMENT
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--annotators", required=True, help="Their names, separated by commas: ana,ben,cho.")
@click.option(
    "--overlap",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="The share of documents given to two annotators each, to measure agreement on.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Random seed for who gets which document."
)
def assign(project: Path, outdir: Path, annotators: str, overlap: float, seed: int) -> None:
    """Write one project file per annotator into OUTDIR, each with their share of PROJECT's documents.

    Each file (OUTDIR/NAME.annotator) holds the project's settings, its share of the
    documents and the pipeline's suggestions, but no one's decisions. Hand each annotator
    their file; bring the work back with `annotator merge`.

    \b
    Example:
        annotator assign news.annotator team/ --annotators ana,ben,cho --overlap 0.2 --seed 1
    """
    from annotator.team.assign import assign as assign_documents

    with (
        open_project(project, must_exist=True, read_only=True) as source,
        store_errors(outdir),
        ProgressBar("Assigning") as bar,
    ):
        made = assign_documents(
            source, outdir, _names(annotators) or [], overlap=overlap, seed=seed, progress=bar
        )
    for assigned in made:
        shared = f", {assigned.shared} shared with another annotator" if overlap else ""
        say(f"{inline(assigned.path)}: {assigned.documents} documents for {inline(assigned.name)}{shared}.")


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--as", "name", help="The annotator's name for the work of a single SOURCE (default: its owner)."
)
def merge(target: Path, sources: tuple[Path, ...], name: str | None) -> None:
    """Bring each SOURCE's annotations into TARGET as its annotator's version, side by side.

    TARGET is created if missing. Documents are matched by their text. Merging the same
    file again, or a newer copy of it, brings only what changed since. Nothing one
    annotator did replaces another's: review the versions with `annotator review` or
    in the window.

    \b
    Example:
        annotator merge news.annotator team/ana.annotator team/ben.annotator team/cho.annotator
    """
    from annotator.team.merge import merge_file

    if name is not None and len(sources) > 1:
        raise click.UsageError("--as names the annotator of a single SOURCE")
    problems: list[Problem] = []
    with open_project(target, must_exist=False) as project, StopOnCtrlC() as stop:
        for source in sources:
            try:
                with store_errors(source), ProgressBar(f"Merging {source.name}") as bar:
                    report = merge_file(project, source, name=name, progress=bar, should_stop=stop)
            except click.ClickException as error:
                problems.append(Problem(str(source), error.format_message()))
                continue
            say(report.summary())
            problems.extend(Problem(str(source), text) for text in report.problems)
            if report.stopped:
                break
    print_problems(problems)
    if (problems and any(p.severity == "error" for p in problems)) or stop.requested:
        raise SystemExit(1)


@click.command()
@PROJECT_ARGUMENT
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@click.option("--annotators", help="Only these annotators, separated by commas (default: all merged).")
def agreement(project: Path, as_json: bool, annotators: str | None) -> None:
    """How far the annotators merged into PROJECT agree, over the documents each pair both marked done.

    For each pair: precision, recall and F1 of entities (by label) and quotes (by type),
    matched exactly and by overlap; speaker and cue agreement; Cohen's kappa of stance
    and quote type. Over all: Krippendorff's alpha of stance; the documents that
    disagree most.

    \b
    Example:
        annotator agreement news.annotator --annotators ana,ben --json
    """
    from annotator.agreement.report import agreement_report
    from annotator.team.marks import layer_marks

    with open_project(project, must_exist=True, read_only=True) as opened, store_errors(project):
        layers = layer_marks(opened, _names(annotators))
        if len(layers) < 2:
            raise StoreError(
                f"{project} holds {len(layers)} annotator(s): agreement needs two (merge their files first)"
            )
        titles = opened.titles({doc_id for layer in layers.values() for doc_id in layer})
        report = agreement_report(layers, titles, list(layers), processes=os.cpu_count() or 1)
    if as_json:
        say_json(report)
        return
    from annotator.team.agreement_text import format_agreement

    say(format_agreement(report))


@click.command()
@PROJECT_ARGUMENT
@click.option("--auto", is_flag=True, required=True, help="Take what enough annotators marked alike.")
@click.option(
    "--min-annotators",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="How many annotators must have marked a span alike (kind, label, offsets; a quote's speaker too).",
)
@click.option("--annotators", help="Only these annotators, separated by commas (default: all merged).")
def review(project: Path, auto: bool, min_annotators: int, annotators: str | None) -> None:
    """Put what the annotators agree on into PROJECT's reviewed version; the rest waits for a person.

    Only documents at least K annotators marked done are reviewed. Each review is in the
    event log. Review the disagreements left in the window (Review menu).

    \b
    Example:
        annotator review news.annotator --auto --min-annotators 2
    """
    from annotator.team.review import auto_review

    with (
        open_project(project, must_exist=True) as opened,
        store_errors(project),
        StopOnCtrlC() as stop,
        ProgressBar("Reviewing") as bar,
    ):
        report = auto_review(opened, min_annotators, _names(annotators), progress=bar, should_stop=stop)
    say(report.summary())
    if stop.requested:
        raise SystemExit(1)


COMMANDS = (assign, merge, agreement, review)
