"""Export to JSONL: one Prodigy-compatible record a line (see :func:`records.record`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from annotator.exporting.aligned import AlignedDocument, split_for, was_split
from annotator.exporting.options import ExportOptions, chosen
from annotator.exporting.records import record_line
from annotator.exporting.report import ExportReport
from annotator.exporting.running import run_export
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project

SPLIT = "the tokens are split there, so its token_start and token_end match its offsets"


class JsonlWriter:
    """Writes each document as soon as it is ready."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None:
        for item in aligned.spans:
            if was_split(item):
                report.note(split_for(aligned.document, item, SPLIT))
        self.handle.write((record_line(aligned, note=report.note) + "\n").encode("utf-8"))

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
    on success. Every line is strict JSON: a NaN or infinity in the project's
    metadata or span attributes is written as null, with a warning naming the
    document (see :func:`records.record_line`).
    """
    options = chosen(options, "jsonl", choices)
    return run_export(project, out, JsonlWriter, options, progress=progress, should_stop=should_stop)
