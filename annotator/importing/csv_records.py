"""CSV files with a ``text`` column; a ``title`` column titles, the other columns become meta."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from annotator.importing.decoding import NotText, detect_encoding
from annotator.importing.records import Record, markup_warning, text_problem
from annotator.problems import Problem

# Articles are long: csv's default cap of 128 KiB per field would refuse them.
_FIELD_LIMIT = 2**31 - 1


def _delimiter(header: str) -> str:
    """Comma, unless the header line only uses semicolons or tabs (spreadsheet exports)."""
    if "," in header:
        return ","
    for candidate in ("\t", ";"):
        if candidate in header:
            return candidate
    return ","


def read_csv(path: Path) -> Iterator[tuple[int, Record | Problem]]:
    """Yield (bytes read, record or problem) per row, streaming the file."""
    where = str(path)
    try:
        codec, warning = detect_encoding(path)
    except NotText as error:
        yield 0, Problem(where, str(error))
        return
    if warning:
        yield 0, Problem(where, warning, severity="warning")
    csv.field_size_limit(_FIELD_LIMIT)
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=codec, newline="") as stream:
        first = stream.readline()
        reader = csv.reader(chain([first], stream), delimiter=_delimiter(first))
        header = [name.strip() for name in next(reader, [])]
        lowered = [name.lower() for name in header]
        if "text" not in lowered:
            columns = ", ".join(header) or "none"
            yield raw.tell(), Problem(where, f'no "text" column (columns: {columns})', 1)
            return
        text_at = lowered.index("text")
        title_at = lowered.index("title") if "title" in lowered else None
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield raw.tell(), Problem(where, f"unreadable CSV row: {error}", line)
                line = reader.line_num + 1
                continue
            if any(value.strip() for value in row):
                yield raw.tell(), _record(row, header, text_at, title_at, where, line)
            line = reader.line_num + 1


def _record(
    row: list[str], header: list[str], text_at: int, title_at: int | None, where: str, line: int
) -> Record | Problem:
    if text_at >= len(row):
        return Problem(where, f"the row has {len(row)} fields and no text", line)
    reason = text_problem(row[text_at])
    if reason:
        return Problem(where, reason, line)
    record = Record(text=row[text_at], where=where, line=line)
    html = markup_warning(record.text)
    if html:
        record.problem(html, "warning")
    if title_at is not None and title_at < len(row):
        record.title = row[title_at].strip()
    record.meta = {
        name: value
        for at, (name, value) in enumerate(zip(header, row, strict=False))
        if at not in (text_at, title_at) and name and value != ""
    }
    if len(row) > len(header):
        record.problem(
            f"the row has {len(row)} fields, the header {len(header)}: the extra ones are dropped", "warning"
        )
    return record
