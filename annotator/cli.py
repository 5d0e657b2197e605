"""The ``annotator`` command: import, suggest, export, stats, config, demo, and the GUI.

Heavy modules (spaCy, Qt, import and export) are imported inside the commands
that need them, so ``annotator stats`` or ``--help`` start quickly.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.cli_learning import COMMANDS as LEARNING_COMMANDS
from annotator.cli_report import COMMANDS as REPORT_COMMANDS
from annotator.cli_support import (
    PROJECT_ARGUMENT,
    ProgressBar,
    Refused,
    StopOnCtrlC,
    finish,
    inline,
    open_project,
    output_failure,
    print_problems,
    print_settings_problems,
    say,
    say_json,
    store_errors,
)
from annotator.cli_team import COMMANDS as TEAM_COMMANDS
from annotator.problems import Problem, printable
from annotator.store import Project, StoreError

SUGGEST_STOPPED = "the suggestions made before it are saved; run `annotator suggest` to finish."
FORMATS_BY_SUFFIX = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".spacy": "spacy",
    ".csv": "quotes-csv",
}


# ------------------------------------------------------------------ helpers


@contextmanager
def printable_errors() -> Iterator[None]:
    """Make click's own messages (a path that does not exist, an unknown option) printable too."""
    try:
        yield
    except click.ClickException as error:
        message = error.format_message
        error.format_message = lambda: printable(message())  # type: ignore[method-assign]
        raise


class AnnotatorGroup(click.Group):
    """The ``annotator`` group, whose every error message, click's or ours, is printed escaped."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        with printable_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with printable_errors():
            return super().invoke(ctx)


def run_gui(project_path: Path | None) -> int:
    """Start the annotation window; Qt is imported only here."""
    try:
        from annotator.gui.app import run
    except ImportError as error:
        raise click.ClickException(
            f"the annotation window cannot start: {error}. "
            "See 'Troubleshooting' in the README (Qt needs libEGL and libxkbcommon on Linux)."
        ) from error
    return run(project_path)


def suggest_with_progress(
    project: Project, document_ids: list[int] | None, processes: int
) -> tuple[list[Problem], bool]:
    """Run the pipeline over documents with a progress bar; returns (problems, cancelled)."""
    from annotator.suggest import suggest_documents

    with StopOnCtrlC() as stop, ProgressBar("Suggesting") as bar:
        report = suggest_documents(project, document_ids, progress=bar, should_stop=stop, n_process=processes)
    removed = f"; {report.spans_removed} outdated suggestions removed" if report.spans_removed else ""
    if report.stances_suggested:
        removed += f"; a stance guessed for {report.stances_suggested} quotes by the project's model"
    documents = f"{report.documents} document{'s' * (report.documents != 1)}"
    say(f"Suggested {report.spans_added} new spans in {documents} with {report.pipeline}{removed}.")
    print_problems(report.problems)
    return list(report.problems), report.cancelled


def self_test(ctx: click.Context) -> None:
    """``annotator --self-test``: print the one-line summary and exit 0, or the failed step and exit 1."""
    from annotator.selftest import SelfTestError, run_self_test

    try:
        summary = run_self_test()
    except SelfTestError as error:
        say(f"self-test FAILED: {error}", err=True)
        ctx.exit(1)
    except Exception as error:  # a broken installation fails anywhere: show where, then one line
        traceback.print_exc()
        say(f"self-test FAILED: {type(error).__name__}: {error}", err=True)
        ctx.exit(1)
    say(summary)
    ctx.exit(0)


# ----------------------------------------------------------------- commands


@click.group(
    cls=AnnotatorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", "-V", prog_name="annotator")
@click.option(
    "--self-test",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _param, wanted: self_test(ctx) if wanted else None,
    help="Check the installation without a screen (pipeline, import, suggest, export, window) and exit.",
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Annotate news articles: named entities, quotes with speaker and cue, and stance.

    Without a command, the annotation window opens on the last project (or a
    welcome screen). Every command has --help.

    \b
    Example:
        annotator import news.annotator articles/
        annotator export news.annotator train.spacy
    """
    if ctx.invoked_subcommand is None:
        ctx.exit(run_gui(None))


PROCESSES_OPTION = click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for spaCy (each loads its own copy of the pipeline).",
)


@main.command("import")
@PROJECT_ARGUMENT
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--no-suggest", is_flag=True, help="Do not run the spaCy pipeline over new documents.")
@click.option(
    "--as-suggestions",
    is_flag=True,
    help="Store spans that come with the data as suggestions to review, not as accepted.",
)
@PROCESSES_OPTION
def import_command(
    project: Path, paths: tuple[Path, ...], no_suggest: bool, as_suggestions: bool, processes: int
) -> None:
    """Add documents from files or folders.

    Reads .txt (one document each), .jsonl and .csv files, and folders of them
    (recursively), into PROJECT, which is created if it does not exist.
    JSONL may come from Prodigy, doccano or annotator's own export; spans that
    come with it are kept as accepted annotations. The same text twice is one
    document. New documents then get suggestions from the spaCy pipeline.
    Exits with 1 if any line or file could not be imported (the rest is).

    \b
    Example:
        annotator import news.annotator articles/ prodigy.jsonl --no-suggest
    """
    from annotator.importing import import_paths

    with open_project(project, must_exist=False) as opened:
        with StopOnCtrlC() as stop, ProgressBar("Importing") as bar:
            report = import_paths(
                opened, list(paths), as_suggestions=as_suggestions, progress=bar, should_stop=stop
            )
        say(report.summary())
        print_problems(report.problems, report.unlisted_problems)
        if report.cancelled:
            finish(
                report.problems, cancelled="the documents imported before it are saved (without suggestions)."
            )
        problems = list(report.problems)
        if not no_suggest and report.document_ids:
            suggest_problems, cancelled = suggest_with_progress(opened, list(report.document_ids), processes)
            problems += suggest_problems
            if cancelled:
                finish(problems, cancelled=SUGGEST_STOPPED)
    finish(problems)


@main.command()
@PROJECT_ARGUMENT
@click.option(
    "--document",
    "documents",
    type=int,
    multiple=True,
    metavar="ID",
    help="Only this document (repeat for several). Default: every document.",
)
@PROCESSES_OPTION
def suggest(project: Path, documents: tuple[int, ...], processes: int) -> None:
    """Suggest entities and quotes with spaCy.

    Runs the spaCy pipeline over PROJECT's documents and stores what it finds
    as suggestions to review. Spans a person accepted, rejected, added or
    edited are never changed.

    \b
    Example:
        annotator suggest news.annotator --document 3 --document 7
    """
    with open_project(project, must_exist=True) as opened:
        missing = sorted(set(documents) - set(opened.document_ids()))
        if missing:
            raise click.ClickException(f"{project} has no document {', '.join(map(str, missing))}")
        problems, cancelled = suggest_with_progress(opened, list(documents) or None, processes)
    finish(problems, cancelled=SUGGEST_STOPPED if cancelled else None)


@main.command()
@PROJECT_ARGUMENT
@click.argument("out", type=click.Path(writable=True, path_type=Path))
@click.option(
    "--format",
    "format_",
    type=click.Choice(["jsonl", "spacy", "quotes-csv"]),
    help="Output format. Default: from OUT's suffix (.jsonl, .spacy, or .csv for quotes-csv); "
    "an existing folder means spacy.",
)
@click.option(
    "--all", "include_all", is_flag=True, help="Every span with its status, not only accepted ones."
)
@click.option("--done-only", is_flag=True, help="Only documents marked done.")
@click.option(
    "--split",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    help="Share of documents for a dev set: writes a train and a dev file.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed for --split.")
@click.option(
    "--tokens/--no-tokens",
    default=True,
    show_default=True,
    help="JSONL only: write Prodigy's token list and token indexes (about ten times the size, and slower).",
)
@click.option(
    "--processes",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes; 0 (the default) chooses by the number of documents and CPUs.",
)
@click.option("--annotator", help="Export this merged annotator's version, not the reviewed one.")
@click.option(
    "--all-annotators",
    is_flag=True,
    help="JSONL: every merged annotator's version, a line per annotator and document (_annotator_id).",
)
def export(
    project: Path,
    out: Path,
    format_: str | None,
    include_all: bool,
    done_only: bool,
    split: float | None,
    seed: int,
    tokens: bool,
    processes: int,
    annotator: str | None,
    all_annotators: bool,
) -> None:
    """Write annotations as JSONL, a spaCy DocBin or a table of quotes.

    Writes PROJECT's annotations to OUT as Prodigy-style JSONL or a spaCy
    DocBin (.spacy) for `spacy train`. By default only the accepted spans of
    all documents are written, marked done or not (the output says how many
    are not done; for training data use --done-only). With --split, OUT names two files: news.jsonl
    becomes news.train.jsonl and news.dev.jsonl. For spaCy, an OUT that is a
    folder (or not named .spacy, with --format spacy) gets numbered .spacy
    files of 500 documents each, which `spacy train` reads as one corpus and
    which need little memory to write; with --split it gets train/ and dev/
    folders. An existing OUT (or train/dev part) is replaced, atomically
    and only once the export has succeeded; it is never the project file.
    Where a span starts or ends inside one of spaCy's tokens, the tokens are
    split there (and the span reported), so token indexes always match the
    offsets. A project other annotators' files were merged into exports its
    reviewed version; --annotator NAME exports one annotator's version and
    --all-annotators every one's. --format quotes-csv (or OUT named .csv)
    writes a table of the accepted quotes (--all: every quote, with its
    status), one row each with its document, speaker, cue and stance, as
    UTF-8 CSV with a byte-order mark for Excel, pandas and R. Exits with 1 if
    anything could not be exported.

    \b
    Examples:
        annotator export news.annotator annotations.jsonl --all
        annotator export merged.annotator ana.jsonl --annotator ana
        annotator export news.annotator texts.jsonl --no-tokens
        annotator export news.annotator corpus.spacy --done-only --split 0.2 --seed 1
        annotator export news.annotator corpus/ --format spacy --split 0.2
        annotator export news.annotator quotes.csv --format quotes-csv --done-only
    """
    if format_ is None and out.is_dir():
        format_ = "spacy"
    if format_ is None:
        format_ = FORMATS_BY_SUFFIX.get(out.suffix.lower())
        if format_ is None:
            raise click.UsageError(
                f"cannot tell the format from {out.name!r}; name it .jsonl, .spacy or .csv, or pass --format"
            )
    if format_ == "jsonl" and out.is_dir():
        raise click.UsageError(f"{out} is a folder: JSONL goes to a file such as {out / 'export.jsonl'}")
    if format_ == "quotes-csv" and out.is_dir():
        raise click.UsageError(
            f"{out} is a folder: the quotes table goes to a file such as {out / 'quotes.csv'}"
        )
    if format_ == "quotes-csv" and (split is not None or all_annotators):
        raise click.UsageError(
            "a quotes table is one file of one version: --split and --all-annotators are for JSONL"
        )
    if format_ == "spacy" and not tokens:
        raise click.UsageError("--no-tokens is for JSONL: a spaCy DocBin is made of tokens")
    if annotator is not None and all_annotators:
        raise click.UsageError("choose --annotator NAME or --all-annotators, not both")
    if format_ == "spacy" and all_annotators:
        raise click.UsageError("--all-annotators writes JSONL: a DocBin holds one version (--annotator NAME)")
    from annotator import exporting

    options = exporting.ExportOptions(
        format=format_,  # click.Choice allows only the FORMATS
        include_all=include_all,
        done_only=done_only,
        split=split,
        seed=seed,
        tokens=tokens,
        processes=processes or None,
        annotator=annotator,
        all_annotators=all_annotators,
    )
    replaced = exporting.replaced_by(out, options)
    with (
        open_project(project, must_exist=True, read_only=True) as opened,
        StopOnCtrlC() as stop,
        ProgressBar("Exporting") as bar,
    ):
        merged = opened.layer_names()
        try:
            report = exporting.export(opened, out, options, progress=bar, should_stop=stop)
        except StoreError as error:  # no annotator of that name
            raise click.ClickException(str(error)) from error
        except exporting.ExportRefused as error:
            raise Refused(str(error)) from error
        except OSError as error:
            raise click.ClickException(output_failure(error, out)) from error
    say(report.summary())
    if report.not_done and not report.cancelled:
        say(
            f"{report.documents - report.not_done} of them marked done, {report.not_done} not: a document "
            "not done holds only the spans decided so far, and a model trained on it learns that the rest "
            "of its text has no entities (--done-only writes only the documents marked done)."
        )
    if merged and annotator is None and not all_annotators:
        say(
            f"This is the reviewed version; {len(merged)} annotators' versions are merged in "
            f"({', '.join(inline(name) for name in merged)}): --annotator NAME or --all-annotators "
            "exports theirs."
        )
    if replaced and not report.cancelled:
        say(f"Replaced what was there: {', '.join(inline(path) for path in replaced)}.")
    print_problems(report.problems, report.unlisted_problems)
    finish(report.problems, cancelled="no file was written or changed." if report.cancelled else None)


@main.command()
@PROJECT_ARGUMENT
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(project: Path, as_json: bool) -> None:
    """Count documents, spans, labels and stances.

    Documents by status, spans by kind and status, accepted entity labels and
    stances in PROJECT.

    \b
    Example:
        annotator stats news.annotator --json
    """
    with open_project(project, must_exist=True, read_only=True) as opened:
        counts = opened.stats()
    if as_json:
        say_json(counts)
    else:
        say(format_stats(counts))


def format_stats(counts: dict[str, Any]) -> str:
    """The ``stats`` summary as aligned, readable lines."""
    documents = counts["documents"]
    by_status = ", ".join(
        f"{inline(status).replace('_', ' ')} {n}" for status, n in documents.items() if status != "total"
    )
    lines = [f"Project    {inline(counts['project'])}", f"Documents  {documents['total']} ({by_status})"]
    lines += ["", "Spans"]
    statuses = list(next(iter(counts["spans"].values())))
    lines.append(f"  {'':<10}" + "".join(f"{status:>11}" for status in statuses))
    for kind, by_kind in counts["spans"].items():
        lines.append(f"  {kind:<10}" + "".join(f"{by_kind[status]:>11}" for status in statuses))
    lines += ["", f"Relations  {counts['relations']}"]
    labels = counts["accepted_entity_labels"]
    listed = ", ".join(f"{inline(k)} {v}" for k, v in labels.items())
    lines.append("Accepted entity labels  " + (listed or "none"))
    stances = counts["stances"]
    lines.append("Stances    " + (", ".join(f"{inline(k)} {v}" for k, v in stances.items()) or "none"))
    return "\n".join(lines)


def label_list(value: str | None, option: str, example: str) -> list[str] | None:
    """A comma-separated option as a list of labels, each once; None if the option was not given."""
    if value is None:
        return None
    labels = list(dict.fromkeys(label.strip() for label in value.split(",") if label.strip()))
    if not labels:
        raise click.UsageError(f"{option} needs at least one label, such as {option} {example}")
    return labels


def entity_labels_named(names: list[str], current: list[dict[str, str]]) -> list[dict[str, str]]:
    """The entity labels ``names`` in that order, in capitals, keeping the colours of labels already there."""
    from annotator.store.settings import DEFAULT_ENTITY_LABELS

    colours = {item["name"]: item["colour"] for item in DEFAULT_ENTITY_LABELS}
    colours |= {item["name"]: item.get("colour", NEW_LABEL_COLOUR) for item in current}
    upper = list(dict.fromkeys(name.upper() for name in names))
    return [{"name": name, "colour": colours.get(name, NEW_LABEL_COLOUR)} for name in upper]


NEW_LABEL_COLOUR = "#dddddd"  # as Project settings… gives a new label


def format_settings(path: Path, settings: dict[str, Any]) -> str:
    """A project's settings as aligned lines: lists comma-separated, entity labels by name."""

    def shown(key: str, value: Any) -> str:
        if key == "entity_labels":
            return ", ".join(inline(item["name"]) for item in value)
        if key == "topic" and not value:
            return "(none: set it with --topic)"
        if key == "retrain_every" and isinstance(value, int):
            return f"{value} new stance decisions (in the window)" if value else "never"
        if isinstance(value, list):
            return ", ".join(map(inline, value))
        if value is None:
            return "(default)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return inline(value)

    ordered = {"topic": settings.get("topic"), **settings}  # what stances are toward, first
    rows = [("project", inline(path)), *((inline(key), shown(key, value)) for key, value in ordered.items())]
    width = max(len(key) for key, _ in rows) + 2
    return "\n".join(f"{key.replace('_', ' ').capitalize():<{width}}{value}" for key, value in rows)


@main.command()
@PROJECT_ARGUMENT
@click.option("--topic", help='What stances are toward, such as "deployment of THAAD in South Korea".')
@click.option(
    "--entity-labels",
    metavar="LABELS",
    help="Entity labels in key order, comma-separated (PERSON,ORG,GPE); known labels keep their colours.",
)
@click.option(
    "--stance-labels", metavar="LABELS", help="Stance labels, comma-separated (favor,against,neutral)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config(
    project: Path, topic: str | None, entity_labels: str | None, stance_labels: str | None, as_json: bool
) -> None:
    """Show or change a project's settings.

    Prints PROJECT's settings (topic, entity labels, stance labels, ...); the
    options set those first, as Project settings… in the window does (each
    change is logged). The topic is exported with every document.

    \b
    Examples:
        annotator config news.annotator
        annotator config news.annotator --topic "deployment of THAAD in South Korea"
        annotator config news.annotator --entity-labels PERSON,ORG,GPE --stance-labels favor,against
        annotator config news.annotator --json
    """
    entities = label_list(entity_labels, "--entity-labels", "PERSON,ORG,GPE")
    stances = label_list(stance_labels, "--stance-labels", "favor,against,neutral")
    changes = topic is not None or entities is not None or stances is not None
    with open_project(project, must_exist=True, read_only=not changes) as opened:
        if topic is not None:
            opened.set_setting("topic", topic.strip())
        if entities is not None:
            opened.set_setting(
                "entity_labels", entity_labels_named(entities, opened.setting("entity_labels"))
            )
        if stances is not None:
            opened.set_setting("stance_labels", stances)
        print_settings_problems(opened)  # those left after the changes: shown as their defaults
        settings = opened.settings()
    if as_json:
        say_json(settings)
    else:
        say(format_settings(project, settings))


@main.command()
@click.argument("project", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--no-gui", is_flag=True, help="Only create the project; do not open the window.")
def demo(project: Path | None, no_gui: bool) -> None:
    """Create the demo project and open it.

    The articles (fictional news about an offshore wind farm) are imported with
    suggestions from the spaCy pipeline. Running it again changes nothing.
    PROJECT defaults to demo.annotator in annotator's data folder.

    \b
    Example:
        annotator demo --no-gui
    """
    from annotator.demo import create_demo
    from annotator.paths import demo_project_path

    target = project or demo_project_path()
    with store_errors(target):
        report = create_demo(target)
    say(report.summary())
    print_problems(report.problems)
    if not no_gui:
        sys.exit(run_gui(target))


@main.command("open")
@click.argument("project", required=False, type=click.Path(path_type=Path, dir_okay=False))
def open_command(project: Path | None) -> None:
    """Open the annotation window.

    Opens PROJECT, or without it the last project (or a welcome screen).

    \b
    Example:
        annotator open news.annotator
    """
    sys.exit(run_gui(project))


for _command in (*TEAM_COMMANDS, *LEARNING_COMMANDS, *REPORT_COMMANDS):
    main.add_command(_command)
