"""Plain ``.txt`` files: one document each, titled by their first line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.importing.decoding import NotText, decode_bytes
from annotator.importing.records import (
    MAX_TEXT_FILE_BYTES,
    Record,
    markup_warning,
    readable_name,
    text_problem,
    too_long,
)
from annotator.problems import Problem

MAX_TITLE_LENGTH = 120


def title_for(text: str, path: Path) -> str:
    """The first non-empty line if it is short enough to be a headline, else the file's stem."""
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= MAX_TITLE_LENGTH else readable_name(path.stem)
    return readable_name(path.stem)


def read_text_file(path: Path) -> Iterator[tuple[int, Record | Problem]]:
    """Yield (bytes read, record or problem) for one text file; the text is kept exactly."""
    where = str(path)
    size = path.stat().st_size
    if size > MAX_TEXT_FILE_BYTES:
        yield size, Problem(where, too_long(size))
        return
    data = path.read_bytes()
    try:
        text, warning = decode_bytes(data)
    except NotText as error:
        yield len(data), Problem(where, str(error))
        return
    if warning:
        yield 0, Problem(where, warning, severity="warning")
    reason = text_problem(text)
    if reason:
        yield len(data), Problem(where, reason)
        return
    record = Record(
        text=text, where=where, title=title_for(text, path), meta={"source": readable_name(path.name)}
    )
    html = markup_warning(text)
    if html:
        record.problem(html, "warning")
    yield len(data), record
