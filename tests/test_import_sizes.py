"""One largest document, enforced on every import path (issue 13, item 1).

A document of MAX_DOCUMENT_CHARS characters comes in with its span; one character more
is refused by file and line, and the rest of the file is imported.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.importing import import_paths
from annotator.importing.records import MAX_DOCUMENT_CHARS, MAX_TEXT_FILE_BYTES, TOO_LONG
from annotator.problems import Problem
from annotator.store import Project

SENTENCE = "Rana Okafor closed the harbour. "
GOOD = "A short article after the long one."


def text_of(length: int) -> str:
    """``length`` characters of prose, ending in a name a span can mark."""
    body = SENTENCE * (length // len(SENTENCE) + 1)
    return body[: length - len("Ilse Vandermeer")] + "Ilse Vandermeer"


def too_long(length: int) -> str:
    return f"the text is {length:,} characters long: {TOO_LONG}"


def span_for(text: str) -> tuple[int, int]:
    return len(text) - len("Ilse Vandermeer"), len(text)


def prodigy(text: str) -> dict[str, Any]:
    start, end = span_for(text)
    return {"text": text, "spans": [{"start": start, "end": end, "label": "PERSON"}]}


def doccano_label(text: str) -> dict[str, Any]:
    return {"text": text, "label": [[*span_for(text), "PERSON"]]}


def doccano_entities(text: str) -> dict[str, Any]:
    start, end = span_for(text)
    return {
        "text": text,
        "entities": [{"id": 1, "start_offset": start, "end_offset": end, "label": "PERSON"}],
    }


@pytest.mark.parametrize("form", [prodigy, doccano_label, doccano_entities], ids=lambda form: form.__name__)
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_a_jsonl_document_at_the_limit_comes_in_and_one_character_more_is_refused(
    project: Project, tmp_path: Path, form: Any, codec: str
) -> None:
    lines = [form(text_of(MAX_DOCUMENT_CHARS)), form(text_of(MAX_DOCUMENT_CHARS + 1)), {"text": GOOD}]
    path = tmp_path / "long.jsonl"
    path.write_bytes("".join(json.dumps(line) + "\n" for line in lines).encode(codec))

    report = import_paths(project, [path])

    assert report.problems == [Problem(str(path), too_long(MAX_DOCUMENT_CHARS + 1), 2)]
    assert (report.imported, report.failed, report.spans) == (2, 1, 1)
    longest = project.document(report.document_ids[0])
    assert len(longest.text) == MAX_DOCUMENT_CHARS
    [span] = project.spans(longest.id)
    assert longest.text[span.start : span.end] == "Ilse Vandermeer"
    assert project.document(report.document_ids[1]).text == GOOD


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-32"])
def test_a_csv_text_at_the_limit_comes_in_and_one_character_more_is_refused(
    project: Project, tmp_path: Path, codec: str
) -> None:
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["title", "text"])
    # Multi-line texts: a refused row must not leave its later lines behind as rows of their own.
    for title, length in (("at the limit", MAX_DOCUMENT_CHARS), ("one more", MAX_DOCUMENT_CHARS + 1)):
        writer.writerow([title, text_of(length - 1).replace(SENTENCE, SENTENCE.strip() + "\n", 3) + "."])
    writer.writerow(["short", GOOD])
    path = tmp_path / "long.csv"
    path.write_bytes(rows.getvalue().encode(codec))

    report = import_paths(project, [path])

    # The first row's text holds three line breaks: the second row starts on line 6.
    assert report.problems == [Problem(str(path), too_long(MAX_DOCUMENT_CHARS + 1), 6)]
    assert [document.title for document in project.documents()] == ["at the limit", "short"]
    assert len(project.document(report.document_ids[0]).text) == MAX_DOCUMENT_CHARS


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_a_text_file_at_the_limit_comes_in_and_one_character_more_is_refused(
    project: Project, tmp_path: Path, codec: str
) -> None:
    (tmp_path / "a.txt").write_bytes(text_of(MAX_DOCUMENT_CHARS).encode(codec))
    (tmp_path / "b.txt").write_bytes(text_of(MAX_DOCUMENT_CHARS + 1).encode(codec))
    (tmp_path / "c.txt").write_bytes(GOOD.encode(codec))

    report = import_paths(project, [tmp_path])

    [refused] = [problem for problem in report.problems if problem.severity == "error"]
    assert refused.where == str(tmp_path / "b.txt")
    # In UTF-32 the file is too big to hold the largest document, and is refused unread.
    expected = "the file is 4.0 MB: " + TOO_LONG if codec == "utf-32" else too_long(MAX_DOCUMENT_CHARS + 1)
    assert refused.message == expected
    assert sorted(len(document.text) for document in project.documents()) == [len(GOOD), MAX_DOCUMENT_CHARS]


def test_a_text_file_too_big_to_hold_a_document_is_refused_unread(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_TEXT_FILE_BYTES + 1)

    report = import_paths(project, [path])

    assert report.failed == 1
    assert report.problems[0].message == f"the file is {(MAX_TEXT_FILE_BYTES + 1) / 1e6:.1f} MB: {TOO_LONG}"


def test_a_document_of_the_largest_size_in_four_byte_characters_is_not_refused_unread(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "emoji.txt"
    path.write_bytes(codecs.BOM_UTF8 + ("😀" * MAX_DOCUMENT_CHARS).encode())
    assert path.stat().st_size == MAX_TEXT_FILE_BYTES - 1

    report = import_paths(project, [path])

    assert (report.imported, report.problems) == (1, [])


def test_an_overlong_utf16_line_is_skipped_without_being_held_and_the_next_line_read(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.importing.jsonl_records.MAX_LINE_BYTES", 1000)
    path = tmp_path / "wide.jsonl"
    lines = [{"text": "x" * 600}, {"text": GOOD}]
    path.write_bytes("".join(json.dumps(line) + "\n" for line in lines).encode("utf-16"))

    report = import_paths(project, [path])

    [problem] = report.problems
    assert problem.line == 1 and "too long to read" in problem.message
    assert [document.text for document in project.documents()] == [GOOD]
