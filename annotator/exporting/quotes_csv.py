"""Export a table of quotes as CSV: one row per quote, for a spreadsheet, pandas or R.

The rows come from the same records as the JSONL export's ``quotes``
(:func:`records.quote_record`): a quote's speaker and cue are the spans linked
to it, found once by :func:`aligned.prepare`. The file is UTF-8 with a
byte-order mark (so that Excel does not read it as the local code page),
written by the ``csv`` module as RFC 4180 has it: CRLF between rows, and a
field holding a comma, a double quote or a line break is quoted, its quotes
doubled, so the exact text comes back. Text is never changed: a quote that
starts with ``=``, ``+``, ``-`` or ``@`` is written as it is, although a
spreadsheet may take it for a formula (prefixing ``'``, as some exports do,
would change the text that pandas and R read).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import math
from pathlib import Path
from typing import Any, BinaryIO

from annotator.exporting.aligned import AlignedDocument, Quote
from annotator.exporting.options import ExportOptions, chosen
from annotator.exporting.records import quote_record
from annotator.exporting.report import ExportReport
from annotator.exporting.running import run_export
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import Document, Project

COLUMNS = (
    "document_id",
    "title",
    "source",
    "start",
    "end",
    "quote",
    "type",
    "speaker",
    "speaker_name",
    "cue",
    "stance",
    "suggested_stance",
    "suggested_stance_p",
    "annotator",
    "status",
)
LINE_END = "\r\n"  # RFC 4180, and what Excel writes and expects


def cell(value: Any, column: str, odd: list[str]) -> str | int | float:
    """``value`` as a CSV field: text and finite numbers as they are, None as an empty field.

    Anything else (a list, a NaN: only another program writing the project file
    puts such a value where text or a number belongs) is written as its JSON
    text, a NaN or infinity as an empty field, and ``column`` is added to ``odd``.
    """
    if value is None or isinstance(value, str):
        return "" if value is None else value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    odd.append(column)
    if isinstance(value, float):
        return ""
    return json.dumps(value, ensure_ascii=False)


def quote_row(document: Document, quote: Quote, odd: list[str]) -> list[str | int | float]:
    """The row of ``quote`` in ``document``, in the order of :data:`COLUMNS`."""
    record = quote_record(document.text, quote)
    guess = record["suggested_stance"] or {}
    values = {
        "document_id": document.id,
        "title": document.title,
        "source": document.meta.get("source"),
        "start": record["start"],
        "end": record["end"],
        "quote": record["text"],
        "type": record["type"],
        "speaker": record["speaker"]["text"] if record["speaker"] else None,
        "speaker_name": record["speaker_name"],
        "cue": record["cue"]["text"] if record["cue"] else None,
        "stance": record["stance"],
        "suggested_stance": guess.get("label"),
        "suggested_stance_p": guess.get("p"),
        "annotator": quote.span.span.annotator,
        "status": record["status"],
    }
    return [cell(values[column], column, odd) for column in COLUMNS]


def not_text_problem(document: Document, columns: list[str]) -> Problem:
    """The warning for a document whose quotes held values that are neither text nor a number."""
    named = ", ".join(dict.fromkeys(columns))
    return Problem(
        f"document {document.id}",
        f"{named}: neither text nor a number (the project file has it from another program): "
        "written as its JSON text, or empty for a NaN or an infinity",
        severity="warning",
    )


class QuotesCsvWriter:
    """Writes the byte-order mark and the header at once, then each document's quotes as it comes."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.buffer = io.StringIO()
        self.table = csv.writer(self.buffer, dialect="excel", lineterminator=LINE_END)
        self.rows = 0
        handle.write(codecs.BOM_UTF8)
        self.table.writerow(COLUMNS)
        self._flush()

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None:
        odd: list[str] = []
        self.table.writerows(quote_row(aligned.document, quote, odd) for quote in aligned.quotes)
        self.rows += len(aligned.quotes)
        if odd:
            report.note(not_text_problem(aligned.document, odd))
        self._flush()

    def _flush(self) -> None:
        self.handle.write(self.buffer.getvalue().encode("utf-8"))
        self.buffer.seek(0)
        self.buffer.truncate()

    def close(self) -> None:
        """Every row is written as its document comes."""


def export_quotes_csv(
    project: Project,
    out: Path,
    options: ExportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    **choices: Any,
) -> ExportReport:
    """Write a table of the project's quotes to ``out``, one row per quote (see :data:`COLUMNS`).

    By default the accepted quotes, with their accepted speaker and cue;
    ``include_all`` adds suggested and rejected quotes (``status`` says which)
    and links to spans of any status. ``done_only`` and ``annotator`` choose
    documents and versions as for :func:`export_jsonl`. The table needs no
    tokens, and is written by one process: its header comes once. The file is
    replaced atomically and only on success; ``report.quotes`` counts the rows.
    """
    options = dataclasses.replace(chosen(options, "quotes-csv", choices), tokens=False, processes=1)
    writers: list[QuotesCsvWriter] = []

    def make_writer(handle: BinaryIO) -> QuotesCsvWriter:
        writers.append(QuotesCsvWriter(handle))
        return writers[-1]

    report = run_export(project, out, make_writer, options, progress=progress, should_stop=should_stop)
    report.quotes = sum(writer.rows for writer in writers)
    return report
