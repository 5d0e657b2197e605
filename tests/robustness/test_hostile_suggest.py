"""`annotator suggest` on hostile projects (issue 13, items 4 and 5): rows damaged outside annotator and
degenerate texts. Each run names what it left out, exits 1 when it left something out (0 otherwise),
prints no traceback, and the other documents get their suggestions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.store import Project

DAMAGED = "“We will open the bridge in May,” said Mayor Ana Ruiz."
OTHERS = [
    "“The tolls are too high,” said Li Wei, a ferry captain.",
    "Council member Bob Smith said that the plan would cost more than promised.",
]


def suggest(path: Path) -> Result:
    return CliRunner().invoke(main, ["suggest", str(path)])


def quotes_of(path: Path, document_ids: list[int]) -> dict[int, int]:
    with Project.open(path, annotator="tester") as project:
        return {i: len(project.spans(i, kind="quote")) for i in document_ids}


def assert_clean(result: Result, exit_code: int) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == exit_code, result.output


# ---------------------------------------------------------------- damaged rows (item 5)

DAMAGE = {
    "meta not JSON": (
        "UPDATE documents SET meta = '{\"source\": ' WHERE id = :doc",
        "column meta",
        "document",
    ),
    "meta a list": ("UPDATE documents SET meta = '[1, 2]' WHERE id = :doc", "column meta", "document"),
    "meta huge number": (
        'UPDATE documents SET meta = \'{"n": ' + "9" * 5000 + "}' WHERE id = :doc",
        "column meta",
        "document",
    ),
    "text not text": (
        "UPDATE documents SET text = CAST(text AS BLOB) WHERE id = :doc",
        "column text, holds no text",
        "document",
    ),
    "text not UTF-8": (
        "UPDATE documents SET text = CAST(X'FFFE41' AS TEXT) WHERE id = :doc",
        "Could not decode to UTF-8",
        "document",
    ),
    "attributes not JSON": (
        "UPDATE spans SET attributes = '{\"speaker\": ' WHERE id = :span",
        "column attributes",
        "document",
    ),
    "attributes a number": (
        "UPDATE spans SET attributes = '5' WHERE id = :span",
        "column attributes",
        "document",
    ),
    "span past the end": ('UPDATE spans SET "end" = 999 WHERE id = :span', "runs from 6 to 999", "span"),
    "offsets not whole": ("UPDATE spans SET start = 1.5 WHERE id = :span", "not whole numbers", "span"),
}


@pytest.fixture
def damaged_project(tmp_path: Path) -> tuple[Path, int, int, list[int]]:
    """A project whose first document (with one accepted span) is to be damaged, and two sound ones."""
    path = tmp_path / "hostile.annotator"
    with Project.open(path, annotator="tester") as project:
        first, _ = project.add_document(DAMAGED)
        span = project.add_span(first, 6, 10, "PERSON", status="accepted")
        others = [project.add_document(text)[0] for text in OTHERS]
    return path, first, span.id, others


@pytest.mark.parametrize("case", DAMAGE)
def test_a_damaged_row_is_named_and_the_other_documents_get_suggestions(
    damaged_project: tuple[Path, int, int, list[int]], case: str
) -> None:
    path, first, span_id, others = damaged_project
    sql, reason, left_out = DAMAGE[case]
    with sqlite3.connect(path) as conn:
        conn.execute(sql, {"doc": first, "span": span_id})
    conn.close()
    result = suggest(path)
    assert_clean(result, 1)
    assert f"document {first}: error: " in result.output
    assert reason in result.output
    assert f"the {left_out} is left" in result.output
    if left_out == "span":  # only the span is left alone: the document itself got its suggestions
        assert f"span {span_id} (PERSON) of document {first}" in result.output
        assert quotes_of(path, [first])[first] == 1
    assert all(count >= 1 for count in quotes_of(path, others).values())
    with sqlite3.connect(path) as conn:  # the damaged rows are left as they were
        assert conn.execute("SELECT count(*) FROM spans WHERE id = ?", (span_id,)).fetchone()[0] == 1
    conn.close()


# ---------------------------------------------------------------- degenerate texts (item 4)

# Each about 20 kB: the raw tokenizer alone took from 10 s to several minutes on such a run of marks.
DEGENERATE = {
    "straight quotes": '"' * 20_000,
    "alternating quotes": "\"'" * 10_000,
    "guillemets": "«»" * 10_000,
    "curly quotes": "“”‘’" * 5_000,
    "dollars": "$" * 20_000,
    "plus signs": "+" * 20_000,
    "possessives": "'s" * 10_000,
    "dashes": "-" * 20_000,
    "full stops": "." * 20_000,
    "he said and a mark": 'he said "' * 2_000,
    "marks around a quote": '"' * 10_000 + " “We will open it,” said Ana Ruiz. " + "«»" * 5_000,
}


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_degenerate_texts_do_not_stop_suggest_for_the_others(tmp_path: Path) -> None:
    path = tmp_path / "degenerate.annotator"
    with Project.open(path, annotator="tester") as project:
        ids = {name: project.add_document(text)[0] for name, text in DEGENERATE.items()}
        others = [project.add_document(text)[0] for text in OTHERS]
    result = suggest(path)
    assert_clean(result, 0)
    assert f"in {len(ids) + len(others)} documents" in result.output
    assert all(count >= 1 for count in quotes_of(path, others).values())
    with Project.open(path, annotator="tester") as project:
        text = DEGENERATE["marks around a quote"]
        found = [text[s.start : s.end] for s in project.spans(ids["marks around a quote"], kind="quote")]
        assert "We will open it" in found  # a quote is stored without its marks
        for name, document_id in ids.items():
            assert all(0 <= s.start < s.end <= len(DEGENERATE[name]) for s in project.spans(document_id))


@pytest.mark.slow
def test_with_worker_processes_a_damaged_document_is_left_out_too(
    damaged_project: tuple[Path, int, int, list[int]],
) -> None:
    path, first, _, others = damaged_project
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE documents SET meta = '{' WHERE id = ?", (first,))
    conn.close()
    result = CliRunner().invoke(main, ["suggest", str(path), "--processes", "2"])
    assert_clean(result, 1)
    assert f"document {first}: error: the project file is damaged: documents row {first}" in result.output
    assert all(count >= 1 for count in quotes_of(path, others).values())


def test_the_window_s_run_reports_the_damaged_document_and_counts_it_done(
    damaged_project: tuple[Path, int, int, list[int]],
) -> None:
    """The window's pipeline service calls suggest_documents: its report and progress say the same."""
    from annotator.suggest import suggest_documents

    path, first, _, others = damaged_project
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE documents SET meta = '[1]' WHERE id = ?", (first,))
    conn.close()
    seen: list[tuple[int, int]] = []
    with Project.open(path, annotator="tester") as project:
        report = suggest_documents(project, progress=lambda done, total: seen.append((done, total)))
    assert [problem.where for problem in report.problems] == [f"document {first}"]
    assert "the document is left out" in report.problems[0].message
    assert report.documents == len(others) and seen[-1] == (3, 3)
