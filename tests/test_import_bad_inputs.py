"""Bad input is reported by file and line, never stored wrong, and never stops the rest of the import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.importing import import_paths
from annotator.problems import Problem
from annotator.store import Project

FIXTURES = Path(__file__).parent / "fixtures" / "import"
GOOD = {"text": "A good line.", "meta": {"n": 1}}


def write_lines(path: Path, lines: list[Any]) -> Path:
    """JSON-encode dicts and lists, write strings as they are: one line each."""
    encoded = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines]
    path.write_text("\n".join(encoded) + "\n", "utf-8")
    return path


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.csv"])
def test_an_empty_file_is_a_failed_file(project: Project, tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")

    report = import_paths(project, [tmp_path / name])

    assert (report.imported, report.failed) == (0, 1)
    assert only_problem(report.problems).message == "the file is empty"


@pytest.mark.parametrize("name", ["photo.txt", "photo.jsonl", "photo.csv"])
def test_a_binary_file_is_a_failed_file_with_a_clear_reason(
    project: Project, tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")

    report = import_paths(project, [tmp_path / name])

    assert (report.imported, report.failed) == (0, 1)
    assert "not text: it holds NUL bytes" in only_problem(report.problems).message
    assert project.count_documents() == 0


def test_missing_and_unsupported_paths_are_failed(project: Project, tmp_path: Path) -> None:
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")

    report = import_paths(project, [tmp_path / "gone.txt", tmp_path / "slides.pdf"])

    assert report.failed == 2
    assert [p.message for p in report.problems] == [
        "no such file or folder",
        "unsupported file type '.pdf': use .txt, .jsonl or .csv",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        ('["text"]', "expected a JSON object, got a list"),
        ('"text"', "expected a JSON object, got a string"),
        ('{"title": "No text"}', 'no "text" field'),
        ('{"text": 42}', '"text" must be a string, not a number'),
        ('{"text": null}', '"text" must be a string, not null'),
        ('{"text": " \\r\\n\\t "}', "the text is empty or only whitespace"),
        (
            '{"text": "a\\u0000b"}',
            "the text holds a NUL character (\\u0000) at offset 1: this is not article text",
        ),
        ('{"text": "half \\ud83d emoji"}', '"text" holds an unpaired surrogate'),
        ('{"text": "ok", "meta": {"by": "\\udc00"}}', '"meta.by" holds an unpaired surrogate'),
        ("[" * 50_000 + "]" * 50_000, "invalid JSON: nested too deeply"),
    ],
    ids=[
        "invalid-json",
        "list",
        "string",
        "no-text",
        "number-text",
        "null-text",
        "whitespace",
        "nul",
        "surrogate",
        "surrogate-in-meta",
        "deep-nesting",
    ],
)
def test_a_malformed_line_fails_alone_with_file_and_line(
    project: Project, tmp_path: Path, line: str, message: str
) -> None:
    path = write_lines(tmp_path / "mixed.jsonl", [GOOD, line, {"text": "Another good line."}])

    report = import_paths(project, [path])

    assert (report.imported, report.failed) == (2, 1)
    problem = only_problem(report.problems)
    assert (problem.where, problem.line, problem.severity) == (str(path), 2, "error")
    assert problem.message.startswith(message)
    assert [d.text for d in project.documents()] == ["A good line.", "Another good line."]


def test_an_invalid_utf8_line_fails_alone(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')

    report = import_paths(project, [path])

    assert (report.imported, report.failed) == (1, 1)
    problem = only_problem(report.problems)
    assert problem.line == 2 and "not valid UTF-8 (byte 0xE9 at column 14)" in problem.message


TEXT = "Rana Okafor met Ilse Vandermeer in Hollin."


@pytest.mark.parametrize(
    ("span", "reason"),
    [
        ({"start": 35, "end": 99, "label": "GPE"}, "35-99 lies outside the text (length 42)"),
        ({"start": 11, "end": 0, "label": "PERSON"}, "reversed offsets 11-0"),
        ({"start": -1, "end": 4, "label": "PERSON"}, "negative offset -1-4"),
        ({"start": 0, "end": 0, "label": "PERSON"}, "empty span 0-0"),
        ({"start": "0", "end": 11, "label": "PERSON"}, "offsets must be whole numbers, got start '0'"),
        ({"start": 0.0, "end": 11, "label": "PERSON"}, "offsets must be whole numbers, got start 0.0"),
        ({"start": True, "end": 11, "label": "PERSON"}, "offsets must be whole numbers"),
        ({"start": 0, "end": 11}, "0-11 has no label"),
        ({"start": 0, "end": 11, "label": " "}, "0-11 has no label"),
        (
            {"start": 0, "end": 11, "label": "PERSON", "text": "Rana Okafo"},
            "0-11 PERSON: its text 'Rana Okafo'",
        ),
        ({"start": 0, "end": 11, "label": "PERSON", "kind": "person"}, "0-11 PERSON: unknown kind 'person'"),
        (
            {"start": 0, "end": 11, "label": "PERSON", "status": "maybe"},
            "0-11 PERSON: unknown status 'maybe'",
        ),
        (
            {"start": 0, "end": 11, "label": "PERSON", "attributes": []},
            "0-11 PERSON: attributes must be an object",
        ),
        ("Rana", "expected an object, got a string"),
    ],
)
def test_a_bad_span_is_reported_and_skipped_while_the_rest_of_the_line_is_kept(
    project: Project, tmp_path: Path, span: Any, reason: str
) -> None:
    good = {"start": 16, "end": 31, "label": "PERSON", "text": "Ilse Vandermeer"}
    path = write_lines(tmp_path / "spans.jsonl", [{"text": TEXT, "spans": [good, span]}])

    report = import_paths(project, [path])

    assert (report.imported, report.failed, report.spans) == (1, 0, 1)
    problem = only_problem(report.problems)
    assert (problem.line, problem.severity) == (1, "error")
    assert problem.message.startswith(f"span 2: {reason}")
    assert [(s.start, s.end) for s in project.spans(report.document_ids[0])] == [(16, 31)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": TEXT, "meta": ["a"]}, '"meta" must be an object, not a list; ignored'),
        ({"text": TEXT, "spans": {"start": 0}}, '"spans" must be a list, not an object; none imported'),
        ({"text": TEXT, "answer": "maybe"}, "unknown answer 'maybe'"),
        ({"text": TEXT, "_status": "finished"}, "unknown _status 'finished'; the document stays new"),
        ({"text": TEXT, "label": [[0, 11]]}, "span 1: expected [start, end, label], got [0, 11]"),
    ],
)
def test_wrong_types_around_a_good_text_are_reported_and_the_text_imported(
    project: Project, tmp_path: Path, line: dict[str, Any], message: str
) -> None:
    report = import_paths(project, [write_lines(tmp_path / "types.jsonl", [line])])

    assert (report.imported, report.failed) == (1, 0)
    assert only_problem(report.problems).message.startswith(message)
    document = project.document(report.document_ids[0])
    assert (document.text, document.status, project.spans(document.id)) == (TEXT, "new", [])


def test_overlapping_and_nested_spans_are_all_stored(project: Project, tmp_path: Path) -> None:
    spans = [
        {"start": 0, "end": 11, "label": "PERSON"},
        {"start": 5, "end": 20, "label": "ORG"},
        {"start": 0, "end": 4, "label": "PERSON"},
        {"start": 0, "end": 11, "label": "PERSON"},
    ]
    path = write_lines(tmp_path / "overlap.jsonl", [{"text": TEXT, "spans": spans}])

    report = import_paths(project, [path])

    assert report.problems == [] and report.spans == 3
    stored = [(s.start, s.end, s.label) for s in project.spans(report.document_ids[0])]
    assert stored == [(0, 11, "PERSON"), (0, 4, "PERSON"), (5, 20, "ORG")]


def test_a_relation_to_an_unknown_span_or_label_is_reported(project: Project, tmp_path: Path) -> None:
    text = '"Soon," said Rana.'
    quote = {"start": 0, "end": 7, "label": "QUOTE"}
    person = {"start": 13, "end": 17, "label": "PERSON"}
    line = {
        "text": text,
        "spans": [quote, person],
        "relations": [
            {"head_span": quote, "child_span": {"start": 8, "end": 12, "label": "CUE"}, "label": "CUE"},
            {"head_span": quote, "child_span": person, "label": "MENTIONS"},
            {"head_span": quote, "child_span": person, "label": "speaker"},
        ],
    }

    report = import_paths(project, [write_lines(tmp_path / "rel.jsonl", [line])])

    messages = sorted(p.message for p in report.problems)
    assert messages == [
        "CUE relation: its child is not among the imported spans; skipped",
        "relation 2: label 'MENTIONS' is neither SPEAKER nor CUE; skipped",
    ]
    [relation] = project.relations(report.document_ids[0])
    assert relation.label == "SPEAKER"


def test_a_latin1_text_file_is_imported_with_a_warning(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "latin1.txt"])

    assert (report.imported, report.failed) == (1, 0)
    document = project.document(report.document_ids[0])
    assert document.title == "Café Müller reopens"
    assert "Jürgen Weiß" in document.text and "– for now" in document.text
    problem = only_problem(report.problems)
    assert problem.severity == "warning"
    assert "not valid UTF-8 (byte 0xE9 at byte 3): read as Windows-1252 (Latin-1)" in problem.message


def test_a_cp1252_csv_is_imported_with_a_warning(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("text,author\n“Smart quotes” café,Zoë\n".encode("cp1252"))

    report = import_paths(project, [path])

    document = project.document(report.document_ids[0])
    assert (document.text, document.meta) == ("“Smart quotes” café", {"author": "Zoë"})
    assert only_problem(report.problems).severity == "warning"


def test_text_with_undefined_cp1252_bytes_and_controls_is_not_guessed(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 32)) * 10 + b"\xff\xfe\x81")

    report = import_paths(project, [path])

    assert (report.imported, report.failed) == (0, 1)
    assert "not valid UTF-8" in only_problem(report.problems).message


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_is_read_and_dropped(
    project: Project, tmp_path: Path, suffix: str, codec: str
) -> None:
    text = "Zoë said «bonjour» 😀\r\nLine two"
    content = {
        ".txt": text,
        ".jsonl": json.dumps({"text": text}, ensure_ascii=False) + "\r\n",
        ".csv": 'text\r\n"' + text + '"\r\n',
    }[suffix]
    path = tmp_path / f"marked{suffix}"
    # "utf-16-be" writes no mark of its own; Python's "utf-16" and "utf-32" write little-endian ones.
    path.write_bytes(("\ufeff" + content).encode(codec) if codec == "utf-16-be" else content.encode(codec))

    report = import_paths(project, [path])

    assert report.problems == []
    assert project.document(report.document_ids[0]).text == text


def test_a_csv_field_longer_than_the_csv_default_limit_is_read(project: Project, tmp_path: Path) -> None:
    text = "x" * 200_000
    path = tmp_path / "long.csv"
    path.write_text(f"text\n{text}\n", "utf-8")

    report = import_paths(project, [path])

    assert project.document(report.document_ids[0]).text == text


def test_metadata_nested_too_deeply_is_dropped_with_a_warning(project: Project, tmp_path: Path) -> None:
    deep: Any = "bottom"
    for _ in range(40):
        deep = [deep]
    path = write_lines(tmp_path / "deep.jsonl", [{"text": TEXT, "meta": {"url": "u", "x": deep}}])

    report = import_paths(project, [path])

    problem = only_problem(report.problems)
    assert (problem.severity, problem.message) == (
        "warning",
        "the metadata nests more than 32 levels deep; ignored",
    )
    assert project.document(report.document_ids[0]).meta == {}


@pytest.mark.parametrize("depth", [500, 950, 990, 999, 5000])
def test_nesting_near_the_parsers_limit_never_crashes_the_import(
    project: Project, tmp_path: Path, depth: int
) -> None:
    nested = "[" * depth + '"\\ud83d\\ude00"' + "]" * depth
    span = f'{{"start": 0, "end": 4, "label": "X", "attributes": {{"a": {nested}}}}}'
    lines = [f'{{"text": "Deep {depth}", "meta": {{"x": {nested}}}, "spans": [{span}]}}']
    path = write_lines(tmp_path / "deep.jsonl", [*lines, GOOD])

    report = import_paths(project, [path])

    assert report.imported + report.failed == 2
    assert all(document.meta in ({}, {"n": 1}) for document in project.documents())


@pytest.mark.parametrize("codec", ["gbk", "shift_jis", "koi8_r"])
def test_text_in_a_non_western_legacy_encoding_is_refused_not_garbled(
    project: Project, tmp_path: Path, codec: str
) -> None:
    words = {
        "gbk": "北京今天天气很好，市民出门散步。",
        "shift_jis": "東京は今日も晴れです。",
        "koi8_r": "Москва сегодня",
    }
    path = tmp_path / "legacy.txt"
    path.write_bytes((words[codec] * 20).encode(codec))

    report = import_paths(project, [path])

    assert (report.imported, report.failed) == (0, 1)
    assert "save the file as UTF-8" in only_problem(report.problems).message


@pytest.mark.parametrize("indent", [None, 2], ids=["array-on-one-line", "pretty-printed"])
def test_a_json_array_instead_of_json_lines_is_one_clear_failure(
    project: Project, tmp_path: Path, indent: int | None
) -> None:
    path = tmp_path / "array.jsonl"
    path.write_text(json.dumps([{"text": "One."}, {"text": "Two."}], indent=indent), "utf-8")

    report = import_paths(project, [path])

    assert report.imported == 0
    if indent:
        assert report.failed == 1
        assert "not JSON Lines: write one object per line" in only_problem(report.problems).message
    else:
        assert only_problem(report.problems).message == "expected a JSON object, got a list"
