"""Writing a project out: Prodigy-compatible JSONL and spaCy DocBin, atomically. Imports no Qt."""

from pathlib import Path

from annotator.exporting.docbin import export_docbin
from annotator.exporting.jsonl import export_jsonl
from annotator.exporting.options import ExportOptions
from annotator.exporting.report import ExportReport
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project

__all__ = ["ExportOptions", "ExportReport", "export", "export_docbin", "export_jsonl"]


def export(
    project: Project,
    out: Path,
    options: ExportOptions,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ExportReport:
    """Write ``project`` to ``out`` in the format and with the choices of ``options`` (CLI and dialog)."""
    write = export_jsonl if options.format == "jsonl" else export_docbin
    return write(project, out, options, progress=progress, should_stop=should_stop)
