"""Malformed lines and rows are file:line problems; the rest of the file is imported (issue 13).

Item 2 (JSON Python cannot read, and its siblings), item 8 (doccano lines with several span
lists), item 9 (a CSV quote that never closes) and item 11 (a title that is not text).
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.importing import import_paths
from annotator.problems import Problem
from annotator.store import Project

FIRST = {"text": "The first good line.", "meta": {"n": 1}}
LAST = {"text": "The last good line."}
TEXT = "Rana Okafor met Ilse Vandermeer in Hollin."


def jsonl(path: Path, *lines: Any) -> Path:
    """Dicts as JSON, strings as they are: one line each."""
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def texts(project: Project) -> list[str]:
    return [document.text for document in project.documents()]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "invalid JSON: a number of 5000 digits, too long to read"),
        ('{"text": "x", "n": -' + "1" * 4301 + "}", "invalid JSON: a number of 4301 digits"),
        (
            '{"text": "xyz", "spans": [{"start": 0, "end": ' + "9" * 4400 + ', "label": "X"}]}',
            "invalid JSON: a number of 4400 digits",
        ),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ('{"text": "x", "meta": ' + '{"a": ' * 5000 + "1" + "}" * 5001, "invalid JSON: nested too deeply"),
        ('{"text": "x" "y"}', "invalid JSON: Expecting ',' delimiter (column 14)"),
        ('{"text": "half \\udc00"}', '"text" holds an unpaired surrogate'),
        ('{"text": "x", "\\ud800": 1}', '"\\ud800 (key)" holds an unpaired surrogate'),
        ('{"text": NaN}', '"text" must be a string, not null'),
    ],
    ids=[
        "big-int",
        "big-negative-int",
        "big-offset",
        "deep-list",
        "deep-meta",
        "junk",
        "surrogate",
        "key",
        "nan",
    ],
)
def test_a_line_python_cannot_read_is_a_file_line_problem_and_the_batch_goes_in(
    project: Project, tmp_path: Path, line: str, message: str
) -> None:
    path = jsonl(tmp_path / "batch.jsonl", FIRST, line, LAST)

    report = import_paths(project, [path])

    errors = [problem for problem in report.problems if problem.severity == "error"]
    assert len(errors) == 1 and errors[0].line == 2, report.problems
    assert errors[0].message.startswith(message), errors[0].message
    assert texts(project) == [FIRST["text"], LAST["text"]]


@pytest.mark.parametrize(
    ("value", "spelled"),
    [
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        ("1e999", "1e999"),
        ("-2E400", "-2E400"),
    ],
)
def test_a_number_json_does_not_allow_in_meta_is_stored_as_null_with_a_warning(
    project: Project, tmp_path: Path, value: str, spelled: str
) -> None:
    path = jsonl(tmp_path / "nan.jsonl", f'{{"text": "{TEXT}", "meta": {{"score": {value}, "ok": 1.5}}}}')

    report = import_paths(project, [path])

    assert report.problems == [
        Problem(
            str(path), f'"meta.score" is {spelled}, which is not a JSON number: stored as null', 1, "warning"
        )
    ]
    assert project.document(report.document_ids[0]).meta == {"score": None, "ok": 1.5}


def test_a_number_json_does_not_allow_in_span_attributes_is_stored_as_null(
    project: Project, tmp_path: Path
) -> None:
    line = '{"text": "%s", "spans": [{"start": 0, "end": 11, "label": "PERSON", "attributes": {"p": NaN}}]}'
    path = jsonl(tmp_path / "nan.jsonl", line % TEXT)

    report = import_paths(project, [path])

    assert [problem.message for problem in report.problems] == [
        '"spans.0.attributes.p" is NaN, which is not a JSON number: stored as null'
    ]
    [span] = project.spans(report.document_ids[0])
    assert span.attributes == {"p": None}


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_a_byte_order_mark_mid_file_is_dropped_with_a_warning(
    project: Project, tmp_path: Path, codec: str
) -> None:
    # Two files joined with cat, each starting with its own mark.
    path = tmp_path / "joined.jsonl"
    path.write_bytes(
        (json.dumps(FIRST) + "\n").encode(codec if codec == "utf-16" else "utf-8-sig")
        + (json.dumps(LAST) + "\n").encode(codec if codec == "utf-16" else "utf-8-sig")
    )
    if codec == "utf-16":
        # The second mark decodes to U+FEFF at the start of line 2.
        assert path.read_bytes().count(codecs.BOM_UTF16_LE) == 2

    report = import_paths(project, [path])

    assert texts(project) == [FIRST["text"], LAST["text"]]
    assert report.problems == [
        Problem(
            str(path),
            "the line starts with a byte-order mark (files joined together?): ignored",
            2,
            "warning",
        )
    ]


def test_a_value_echoed_in_a_message_is_cut_short(project: Project, tmp_path: Path) -> None:
    huge = "A" * 1_000_000
    line = {"text": TEXT, "answer": huge, "spans": [{"start": [[[[[[[1]]]]]]], "end": 4, "label": "X"}]}
    path = jsonl(tmp_path / "echo.jsonl", line)

    report = import_paths(project, [path])

    assert len(report.problems) == 2
    assert all(len(problem.message) < 200 for problem in report.problems), report.problems


# ---------------------------------------------------------------- item 8: doccano with several span lists


def test_a_doccano_line_with_label_and_entities_keeps_the_spans_of_both(
    project: Project, tmp_path: Path
) -> None:
    line = {
        "text": TEXT,
        "label": [[0, 11, "PERSON"]],
        "entities": [
            {"id": 1, "start_offset": 16, "end_offset": 31, "label": "PERSON"},
            {"id": 2, "start_offset": 35, "end_offset": 41, "label": "GPE"},
        ],
        "relations": [],
    }

    report = import_paths(project, [jsonl(tmp_path / "both.jsonl", line)])

    assert (report.spans, report.problems) == (3, [])
    stored = [(span.start, span.end, span.label) for span in project.spans(report.document_ids[0])]
    assert stored == [(0, 11, "PERSON"), (16, 31, "PERSON"), (35, 41, "GPE")]


def test_every_span_list_of_a_line_is_read_with_its_relations(project: Project, tmp_path: Path) -> None:
    text = '"Soon," said Rana Okafor in Hollin.'
    quote = {"start": 0, "end": 7, "label": "QUOTE"}
    line = {
        "text": text,
        "spans": [quote],
        "label": [[28, 34, "GPE"], [99, 100, "GPE"]],
        "entities": [
            {"id": 7, "start_offset": 0, "end_offset": 7, "label": "QUOTE"},
            {"id": 8, "start_offset": 13, "end_offset": 24, "label": "PERSON"},
        ],
        "relations": [
            {"from_id": 7, "to_id": 8, "type": "SPEAKER"},
            {"head_span": quote, "child_span": {"start": 8, "end": 12, "label": "CUE"}, "label": "CUE"},
        ],
    }

    report = import_paths(project, [jsonl(tmp_path / "all.jsonl", line)])

    document_id = report.document_ids[0]
    stored = sorted((span.start, span.end, span.label) for span in project.spans(document_id))
    assert stored == [(0, 7, "QUOTE"), (13, 24, "PERSON"), (28, 34, "GPE")]
    [relation] = project.relations(document_id)
    assert relation.label == "SPEAKER"
    # With several lists, a problem names the list it is about.
    assert sorted(problem.message for problem in report.problems) == [
        '"label" span 2: 99-100 lies outside the text (length 35); skipped',
        "CUE relation: its child is not among the imported spans; skipped",
    ]


# ---------------------------------------------------------------- item 9: CSV quotes


def csv_file(path: Path, body: str) -> Path:
    path.write_text(body, "utf-8", newline="")
    return path


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            'title,text\nA,fine\nB,"never closed\nC,third\nD,fourth\n',
            "a quote opened in this row never closes (the file ends on line 5): the row is skipped, and "
            "reading goes on at line 4; check its quotes",
        ),
        (
            'title,text\nA,fine\nB,"never closed\nC,"third"\nD,fourth\n',
            "a quote opened in this row is still open on line 4, where ',' expected after '\"': the row is "
            "skipped, and reading goes on at line 4; check its quotes",
        ),
    ],
    ids=["to-the-end", "until-the-next-quote"],
)
def test_a_csv_quote_that_never_closes_is_reported_and_the_rows_after_it_imported(
    project: Project, tmp_path: Path, body: str, reason: str
) -> None:
    path = csv_file(tmp_path / "sheet.csv", body)

    report = import_paths(project, [path])

    assert report.problems == [Problem(str(path), reason, 3)]
    assert [(document.title, document.text) for document in project.documents()] == [
        ("A", "fine"),
        ("C", "third"),
        ("D", "fourth"),
    ]


def test_a_csv_quote_closed_then_followed_by_text_is_a_stray_quote(project: Project, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "sheet.csv", 'title,text\nA,"quoted" then more\nB,fine\n')

    report = import_paths(project, [path])

    [problem] = report.problems
    assert (problem.line, problem.message) == (
        2,
        "unreadable CSV row (',' expected after '\"'): a stray quote? The row is skipped",
    )
    assert texts(project) == ["fine"]


def test_a_csv_with_proper_multi_line_quoted_texts_is_read_as_before(
    project: Project, tmp_path: Path
) -> None:
    body = 'title,text\nA,"Para one.\n\nPara ""two"", quoted."\nB,He said "hi" there\n'
    path = csv_file(tmp_path / "sheet.csv", body)

    report = import_paths(project, [path])

    assert report.problems == []
    assert texts(project) == ['Para one.\n\nPara "two", quoted.', 'He said "hi" there']


def test_csv_files_joined_together_skip_the_repeated_header(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "joined.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"title,text\nA,first\n" + codecs.BOM_UTF8 + b"title,text\nB,second\n")

    report = import_paths(project, [path])

    assert texts(project) == ["first", "second"]
    assert report.problems == [
        Problem(str(path), "this line repeats the header row (files joined together?): skipped", 3, "warning")
    ]


def test_a_csv_in_utf16_with_a_broken_character_is_refused_whole_with_a_reason(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes("text\nfine\n".encode("utf-16") + b"\x00\xd8" + "x\n".encode("utf-16-le"))

    report = import_paths(project, [path])

    [problem] = report.problems
    assert problem.message.startswith(
        "not valid UTF-16 despite its byte-order mark (illegal UTF-16 surrogate"
    )
    assert texts(project) == []


# ---------------------------------------------------------------- item 11: titles


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        (42, "42"),
        (1.5, "1.5"),
        (True, "true"),
        (["Harbour", "vote"], '["Harbour", "vote"]'),
        ({"en": "Vote"}, '{"en": "Vote"}'),
    ],
)
def test_a_title_that_is_not_text_is_kept_as_text_with_a_warning(
    project: Project, tmp_path: Path, title: Any, kept: str
) -> None:
    path = jsonl(tmp_path / "titles.jsonl", {"text": TEXT, "title": title})

    report = import_paths(project, [path])

    assert project.document(report.document_ids[0]).title == kept
    [problem] = report.problems
    assert (problem.line, problem.severity) == (1, "warning")
    assert (
        problem.message.startswith('"title" is ')
        and f"not text: kept as the text {kept!r}" in problem.message
    )


def test_a_null_title_is_no_title_and_a_title_in_meta_still_counts(project: Project, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "titles.jsonl", {"text": TEXT, "title": None, "meta": {"title": "From meta"}})

    report = import_paths(project, [path])

    assert (report.problems, project.document(report.document_ids[0]).title) == ([], "From meta")


def test_jsonl_lines_ended_by_bare_carriage_returns_are_lines(project: Project, tmp_path: Path) -> None:
    # Classic Mac line ends, as a UTF-16 file has them read already.
    path = tmp_path / "mac.jsonl"
    path.write_bytes(b'{"text": "one"}\r{"text": "two"}\rjunk\r{"text": "four"}\r\n{"text": "five"}\nbad\n')

    report = import_paths(project, [path])

    assert texts(project) == ["one", "two", "four", "five"]
    assert [(problem.line, problem.message) for problem in report.problems] == [
        (3, "invalid JSON: Expecting value (column 1)"),
        (6, "invalid JSON: Expecting value (column 1)"),
    ]
