"""Export to JSONL: one Prodigy-compatible record a line (see :func:`records.record`)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from annotator.exporting.aligned import AlignedDocument, ExportSpan, misaligned, token_alignment
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
    *,
    include_all: bool = False,
    done_only: bool = False,
    split: float | None = None,
    seed: int = 0,
    tokens: bool = True,
    processes: int | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ExportReport:
    """Write the project as Prodigy-compatible JSONL, one document a line.

    By default every document with its accepted spans; ``include_all`` adds
    suggested and rejected spans (each with its status), ``done_only`` keeps
    only documents marked done, and ``split`` writes ``<stem>.train<suffix>``
    and ``<stem>.dev<suffix>`` with that share of documents, chosen by ``seed``,
    in the dev file. Without ``tokens`` the lines have no ``tokens`` list, spans
    no ``token_start``/``token_end`` and relations no ``head``/``child``: the
    file is about a tenth of the size and written many times faster (Prodigy
    tokenises such records itself). ``processes`` above 1 writes with that many
    worker processes; None chooses by the number of documents
    (:func:`annotator.exporting.running.auto_processes`).
    Files are replaced atomically and only on success.
    """
    return run_export(
        project,
        out,
        JsonlWriter,
        include_all=include_all,
        done_only=done_only,
        split=split,
        seed=seed,
        progress=progress,
        should_stop=should_stop,
        tokens=tokens,
        processes=processes,
    )
