"""Writing a project out: Prodigy-compatible JSONL, spaCy DocBin and a quotes table, atomically. No Qt."""

from pathlib import Path

from annotator.exporting.atomic import ExportRefused
from annotator.exporting.docbin import export_docbin
from annotator.exporting.jsonl import export_jsonl
from annotator.exporting.options import ExportOptions
from annotator.exporting.quotes_csv import export_quotes_csv
from annotator.exporting.report import ExportReport
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project

__all__ = [
    "ExportOptions",
    "ExportRefused",
    "ExportReport",
    "export",
    "export_docbin",
    "export_jsonl",
    "export_quotes_csv",
    "export_targets",
    "replaced_by",
]


def export(
    project: Project,
    out: Path,
    options: ExportOptions,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ExportReport:
    """Write ``project`` to ``out`` in the format and with the choices of ``options`` (CLI and dialog)."""
    write = {"jsonl": export_jsonl, "spacy": export_docbin, "quotes-csv": export_quotes_csv}[options.format]
    return write(project, out, options, progress=progress, should_stop=should_stop)


def export_targets(out: Path, options: ExportOptions) -> list[Path]:
    """The files, or folders of shards, an export to ``out`` with ``options`` writes (a split writes two)."""
    from annotator.exporting.docbin import is_folder_target
    from annotator.exporting.running import part_targets

    folder = options.format == "spacy" and is_folder_target(out)
    return part_targets(Path(out), options.split is not None, folder)


def replaced_by(out: Path, options: ExportOptions) -> list[Path]:
    """The files and non-empty folders that an export to ``out`` with ``options`` would replace.

    An export replaces its targets whole (atomically, once it has succeeded):
    the window asks before it does, the command line replaces what OUT names.
    """
    return [
        target
        for target in export_targets(out, options)
        if target.exists() and not (target.is_dir() and not any(target.iterdir()))
    ]
