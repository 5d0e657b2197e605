"""CSV files with a ``text`` column; a ``title`` column titles, the other columns become meta."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from annotator.importing.decoding import NotText, detect_encoding
from annotator.importing.records import MAX_LINE_BYTES, Record, markup_warning, text_problem
from annotator.problems import Problem

# Articles are long: csv's default cap of 128 KiB per field would refuse them. A longer text is refused
# by its length once read; a field longer than a JSON line may be is a quote that never closed.
_FIELD_LIMIT = MAX_LINE_BYTES


def _delimiter(header: str) -> str:
    """Comma, unless the header line only uses semicolons or tabs (spreadsheet exports)."""
    if "," in header:
        return ","
    for candidate in ("\t", ";"):
        if candidate in header:
            return candidate
    return ","


class _Lines:
    """The physical lines of a text stream, numbered, with lines that can be put back and read again.

    A row whose quote never closes swallows the lines after it; putting them back lets
    the reader start over on the line after the row's first.
    """

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream = stream
        self.number = 0  # of the last line handed out
        self.taken: list[str] = []  # since the current row began
        self._back: list[str] = []  # lines put back, the next one last

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._back.pop() if self._back else self.stream.readline()
        if not line:
            raise StopIteration
        self.number += 1
        self.taken.append(line)
        return line

    def start_row(self) -> int:
        """Forget the lines taken so far; the number of the line the next row starts on."""
        self.taken = []
        return self.number + 1

    def put_back(self, lines: list[str]) -> None:
        """Read ``lines`` (taken last) again, before the rest of the stream."""
        self._back.extend(reversed(lines))
        self.number -= len(lines)


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
        lines = _Lines(stream)
        try:
            yield from _rows(lines, raw, where)
        except UnicodeDecodeError as error:
            # detect_encoding checked the file: it changed while being read.
            problem = f"not valid {codec.upper()} ({error.reason}): the rest of the file is not read"
            yield raw.tell(), Problem(where, problem, lines.number + 1)


def _rows(lines: _Lines, raw: io.BufferedReader, where: str) -> Iterator[tuple[int, Record | Problem]]:
    first = next(lines, "")
    lines.put_back([first])
    # strict: a quote that does not close where it should is an error, not text that runs on.
    reader = csv.reader(lines, delimiter=_delimiter(first), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        yield raw.tell(), Problem(where, f"unreadable header row: {error}", 1)
        return
    lowered = [name.lower() for name in header]
    if "text" not in lowered:
        columns = ", ".join(header) or "none"
        yield raw.tell(), Problem(where, f'no "text" column (columns: {columns})', 1)
        return
    text_at = lowered.index("text")
    title_at = lowered.index("title") if "title" in lowered else None
    while True:
        line = lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield raw.tell(), Problem(where, _unreadable(error, line, lines), line)
            # Start again on the line after the row's first: an unclosed quote swallowed the rest.
            lines.put_back(lines.taken[1:])
            continue
        if not any(value.strip() for value in row):
            continue
        bom = row[0].startswith("\ufeff")
        if bom:
            row[0] = row[0][1:]
        if [value.strip().lower() for value in row] == lowered:
            warning = "this line repeats the header row (files joined together?): skipped"
            yield raw.tell(), Problem(where, warning, line, "warning")
            continue
        record = _record(row, header, text_at, title_at, where, line)
        if bom and isinstance(record, Record):
            record.problem(
                "the line starts with a byte-order mark (files joined together?): dropped", "warning"
            )
        yield raw.tell(), record


def _unreadable(error: csv.Error, line: int, lines: _Lines) -> str:
    """Why the row starting on ``line`` is skipped."""
    last = lines.number
    if "field larger than field limit" in str(error):
        return (
            f"a field longer than {_FIELD_LIMIT:,} characters, before line {last} ends: "
            f"the row is skipped, and reading goes on at line {line + 1}; a quote not closed?"
        )
    if "end of data" in str(error):
        return (
            f"a quote opened in this row never closes (the file ends on line {last}): the row is skipped, "
            f"and reading goes on at line {line + 1}; check its quotes"
        )
    if last > line:
        return (
            f"a quote opened in this row is still open on line {last}, where {error}: the row is skipped, "
            f"and reading goes on at line {line + 1}; check its quotes"
        )
    return f"unreadable CSV row ({error}): a stray quote? The row is skipped"


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
