"""The JSONL export is strict JSON (issue 13, item 11, export side), and titles survive import and export.

NaN and infinities cannot come in through an import (they are stored as null there), but another
program writing the project file, or a script through the store, can put them in a document's
metadata or a span's attributes. The export writes them as null and says which document and field,
instead of a bare ``NaN`` that strict JSON parsers (JavaScript's, jq, Go's, Rust's serde) reject.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.exporting import export_jsonl
from annotator.importing import import_paths
from annotator.store import Project

TEXT = "Mayor Ana Ruiz said the bridge would open."


def strict(line: str) -> Any:
    """``line`` parsed as strict JSON: NaN, Infinity and -Infinity are errors, as outside Python."""

    def refuse(spelled: str) -> None:
        raise ValueError(f"not strict JSON: {spelled}")

    return json.loads(line, parse_constant=refuse)


def exported(project: Project, out: Path, **choices: Any) -> tuple[list[Any], list[str]]:
    """Every exported line parsed strictly, and the problems as text."""
    report = export_jsonl(project, out, **choices)
    lines = out.read_text(encoding="utf-8").splitlines()
    return [strict(line) for line in lines], [str(problem) for problem in report.problems]


def plant(project: Project, sql: str, *params: object) -> None:
    """Change the file as another program might, past every check the store makes."""
    project.conn.execute(sql, params)


@pytest.fixture
def document(project: Project) -> int:
    document_id, _ = project.add_document(TEXT, title="Bridge", meta={"source": "wire"})
    project.add_span(document_id, 6, 14, "PERSON")
    return document_id


@pytest.mark.parametrize("tokens", [True, False], ids=["tokens", "no tokens"])
def test_nan_and_infinities_in_meta_are_exported_as_null_with_a_warning(
    project: Project, document: int, tmp_path: Path, tokens: bool
) -> None:
    meta = '{"score": NaN, "high": Infinity, "low": -Infinity, "huge": 1e308, "nested": {"list": [1, NaN]}}'
    plant(project, "UPDATE documents SET meta = ? WHERE id = ?", meta, document)

    [line], problems = exported(project, tmp_path / "out.jsonl", tokens=tokens)

    assert line["meta"] == {
        "score": None,
        "high": None,
        "low": None,
        "huge": 1e308,
        "nested": {"list": [1, None]},
        "title": "Bridge",
    }
    [problem] = problems
    assert problem.startswith(f"document {document}: warning: ")
    for field in ("meta.score (NaN)", "meta.high (Infinity)", "meta.low (-Infinity)", "meta.nested.list[1]"):
        assert field in problem
    assert "exported as null" in problem
    assert "huge" not in problem


def test_nan_in_span_attributes_is_exported_as_null_naming_the_field(
    project: Project, document: int, tmp_path: Path
) -> None:
    plant(project, "UPDATE spans SET attributes = ? WHERE document_id = ?", '{"confidence": NaN}', document)

    [line], problems = exported(project, tmp_path / "out.jsonl")

    assert line["spans"][0]["attributes"] == {"confidence": None}
    [problem] = problems
    assert "spans[0].attributes.confidence (NaN)" in problem


def test_a_quote_confidence_of_infinity_is_null_in_the_span_and_the_quote(
    project: Project, tmp_path: Path
) -> None:
    document_id, _ = project.add_document('"We will," said Ana.', title="Q")
    quote = project.add_span(document_id, 0, 10, "QUOTE", kind="quote")
    plant(project, "UPDATE spans SET attributes = ? WHERE id = ?", '{"confidence": Infinity}', quote.id)

    [line], problems = exported(project, tmp_path / "out.jsonl")

    assert line["quotes"][0]["confidence"] is None
    assert line["spans"][0]["attributes"]["confidence"] is None
    [problem] = problems
    assert "spans[0].attributes.confidence (Infinity)" in problem
    assert "quotes[0].confidence (Infinity)" in problem


def test_nan_put_in_through_the_store_is_exported_as_null_too(project: Project, tmp_path: Path) -> None:
    project.add_document(TEXT, meta={"score": float("nan")})

    [line], problems = exported(project, tmp_path / "out.jsonl")

    assert line["meta"]["score"] is None
    assert len(problems) == 1


def test_many_fields_are_counted_beyond_the_first_five(project: Project, tmp_path: Path) -> None:
    project.add_document(TEXT, meta={f"k{n}": float("inf") for n in range(8)})

    [_], [problem] = exported(project, tmp_path / "out.jsonl")

    assert "meta.k4 (Infinity) and 3 more" in problem


def test_a_finite_export_has_no_problem_and_the_same_lines(
    project: Project, document: int, tmp_path: Path
) -> None:
    lines, problems = exported(project, tmp_path / "out.jsonl")
    assert problems == []
    assert lines[0]["meta"] == {"source": "wire", "title": "Bridge"}


def test_several_processes_report_it_too(project: Project, tmp_path: Path) -> None:
    for n in range(6):
        project.add_document(f"{TEXT} Number {n}.", meta={"score": float("nan") if n % 2 else n})

    lines, problems = exported(project, tmp_path / "out.jsonl", processes=2, tokens=False)

    assert [line["meta"]["score"] for line in lines] == [0, None, 2, None, 4, None]
    assert len(problems) == 3


# ---------------------------------------------------------------- titles that are not text, on import


def jsonl(path: Path, *records: Any) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("meta_title", "kept"),
    [(7, "7"), (["a", "b"], '["a", "b"]'), ({"en": "Vote"}, '{"en": "Vote"}'), (False, "false")],
)
def test_a_meta_title_that_is_not_text_is_kept_as_text_with_a_warning(
    project: Project, tmp_path: Path, meta_title: Any, kept: str
) -> None:
    """Before, it stayed in the metadata, where the export overwrote it with the (empty) title."""
    path = jsonl(tmp_path / "in.jsonl", {"text": TEXT, "meta": {"title": meta_title, "n": 1}})

    report = import_paths(project, [path])

    document = project.document(report.document_ids[0])
    assert (document.title, document.meta) == (kept, {"n": 1})
    [problem] = report.problems
    assert (problem.where, problem.line, problem.severity) == (str(path), 1, "warning")
    assert problem.message.startswith('"meta.title" is ') and f"kept as the text {kept!r}" in problem.message
    [line], _ = exported(project, tmp_path / "out.jsonl", tokens=False)
    assert line["meta"]["title"] == kept


def test_a_meta_title_that_differs_from_the_title_is_reported(project: Project, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", {"text": TEXT, "title": "Top", "meta": {"title": "Inner"}})

    report = import_paths(project, [path])

    assert project.document(report.document_ids[0]).title == "Top"
    [problem] = report.problems
    assert (problem.line, problem.severity) == (1, "warning")
    assert "\"meta.title\" 'Inner' differs from \"title\" 'Top'" in problem.message


def test_a_meta_title_equal_to_the_title_is_no_problem(project: Project, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", {"text": TEXT, "title": "Same", "meta": {"title": "Same", "n": 2}})

    report = import_paths(project, [path])

    document = project.document(report.document_ids[0])
    assert (report.problems, document.title, document.meta) == ([], "Same", {"n": 2})


@pytest.mark.parametrize("title", [None, 3, [1, 2], {"a": None}, "Plain"])
def test_every_title_survives_import_then_export(project: Project, tmp_path: Path, title: Any) -> None:
    """Null is no title; anything else comes out of the export as the text it was kept as."""
    path = jsonl(tmp_path / "in.jsonl", {"text": TEXT, "title": title})
    report = import_paths(project, [path])
    [line], _ = exported(project, tmp_path / "out.jsonl", tokens=False)
    expected = "" if title is None else title if isinstance(title, str) else json.dumps(title)
    assert line["meta"]["title"] == project.document(report.document_ids[0]).title == expected
