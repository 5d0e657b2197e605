"""Export to JSONL: one Prodigy-compatible record a line (see :func:`records.record`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from annotator.exporting.aligned import AlignedDocument, ExportSpan, misaligned, token_alignment
from annotator.exporting.options import ExportOptions, chosen
from annotator.exporting.records import record_line
from annotator.exporting.report import ExportReport
from annotator.exporting.running import run_export
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project


def _jsonl_consequence(item: ExportSpan) -> str:
    alignment = token_alignment(item)
    if alignment.token_start is None:
        return "exported with token_start and token_end null"
    return (
        f"exported with token_start {alignment.token_start} and token_end {alignment.token_end}, "
        "the tokens it touches"
    )


class JsonlWriter:
    """Writes each document as soon as it is ready."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None:
        for item in aligned.spans:
            if item.alignment is not None and not item.alignment.exact:
                report.note(misaligned(aligned.document, item, _jsonl_consequence(item)))
        self.handle.write((record_line(aligned) + "\n").encode("utf-8"))

    def close(self) -> None:
        """Nothing is buffered beyond the file itself."""


def export_jsonl(
    project: Project,
    out: Path,
    options: ExportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    **choices: Any,
) -> ExportReport:
    """Write the project as Prodigy-compatible JSONL, one document a line, as ``options`` say.

    By default every document with its accepted spans; ``include_all`` adds
    suggested and rejected spans (each with its status), ``done_only`` keeps
    only documents marked done, and ``split`` writes ``<stem>.train<suffix>``
    and ``<stem>.dev<suffix>`` with that share of documents, chosen by ``seed``,
    in the dev file. Without ``tokens`` the lines have no ``tokens`` list, spans
    no ``token_start``/``token_end`` and relations no ``head``/``child``: the
    file is about a tenth of the size and written many times faster (Prodigy
    tokenises such records itself). Instead of ``options`` their fields may
    be given as keywords (``choices``). Files are replaced atomically and only
    on success.
    """
    options = chosen(options, "jsonl", choices)
    return run_export(project, out, JsonlWriter, options, progress=progress, should_stop=should_stop)
