"""Every hostile file gives a clear problem naming file, line and reason; everything else is imported."""

from __future__ import annotations

import json
import re
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.importing import import_paths
from annotator.importing.records import MAX_DOCUMENT_CHARS, TOO_LONG
from annotator.store import Project
from tests.robustness.hostile import CASES, GOOD_LINE, Hostile


def test_the_corpus_has_at_least_forty_hostile_files() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_hostile_file_is_reported_by_file_line_and_reason(
    project: Project, tmp_path: Path, case: Hostile
) -> None:
    (tmp_path / "inbox").mkdir()
    path = case.write(tmp_path / "inbox")

    report = import_paths(project, [path.parent if case.in_folder else path])

    assert report.imported == case.imported
    assert project.count_documents() == case.imported
    if not case.reason:
        assert not report.problems, report.problems
        return
    matching = [problem for problem in report.problems if case.reason in problem.message]
    assert matching, [str(problem) for problem in report.problems]
    problem = matching[0]
    assert (problem.where, problem.line, problem.severity) == (str(path), case.line, case.severity)
    assert str(path) in str(problem)
    assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_whole_corpus_in_one_folder_imports_everything_good(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for case in CASES:
        case.write(folder)

    report = import_paths(project, [folder])

    # Several cases hold the same good line: it is one document.
    texts = {document.text for document in project.documents()}
    assert GOOD_LINE["text"] in texts
    assert report.imported == len(texts) == project.count_documents()
    said = {(Path(problem.where).name, problem.line, problem.message) for problem in report.problems}
    for case in CASES:
        if case.reason and not case.name.endswith(".pdf"):
            assert any(
                (name, line) == (case.name, case.line) and case.reason in message
                for name, line, message in said
            ), case.name


def test_spans_refused_on_a_line_leave_the_lines_other_spans_in(project: Project, tmp_path: Path) -> None:
    text = "Ana Ruiz met Li Wei in Paris."
    spans = [
        {"start": 0, "end": 8, "label": "PERSON"},
        {"start": -1, "end": 3, "label": "PERSON"},
        {"start": 13, "end": 19, "label": "PERSON"},
        {"start": 4, "end": 15, "label": "ORG"},  # overlaps both names: allowed, spans may overlap
        {"start": 23, "end": 999, "label": "GPE"},
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"text": text, "spans": spans}) + "\n", "utf-8")

    report = import_paths(project, [path])

    stored = sorted((span.start, span.end, span.label) for span in project.spans(1))
    assert stored == [(0, 8, "PERSON"), (4, 15, "ORG"), (13, 19, "PERSON")]
    assert sorted(problem.message for problem in report.problems) == [
        "span 2: negative offset -1-3; skipped",
        "span 5: 23-999 lies outside the text (length 29); skipped",
    ]
    assert all(problem.line == 1 for problem in report.problems)


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.slow
def test_an_enormous_span_list_is_imported_in_bounded_time(project: Project, tmp_path: Path) -> None:
    text = "word " * 20_000
    spans = [{"start": at * 5, "end": at * 5 + 4, "label": "ORG"} for at in range(20_000)]
    spans += [{"start": at, "end": at - 1, "label": "ORG"} for at in range(1, 30_001)]
    path = tmp_path / "many-spans.jsonl"
    path.write_text(json.dumps({"text": text, "spans": spans}) + "\n", "utf-8")

    report = import_paths(project, [path])

    assert report.spans == 20_000
    assert len(report.problems) + report.unlisted_problems == 30_000
    assert len(report.problems) == 1000
    assert report.problems[0].message == "span 20001: reversed offsets 1-0 (start after end); skipped"


@pytest.mark.slow
def test_a_million_short_bad_lines_keep_memory_bounded(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "million.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps(GOOD_LINE) + "\n")
        for number in range(1_000_000):
            stream.write(f"{number}\n")
    before = peak_rss_mb()

    report = import_paths(project, [path])

    assert report.imported == 1
    assert report.failed == 1_000_000
    assert len(report.problems) == 1000 and report.unlisted_problems == 999_000
    assert report.problems[0].line == 2
    assert report.problems[0].message == "expected a JSON object, got a number"
    assert peak_rss_mb() - before < 100


@pytest.mark.slow
def test_short_lines_of_text_up_to_the_largest_document_are_one_document(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"A line.\n" * (MAX_DOCUMENT_CHARS // 8))
    (tmp_path / "one-more.txt").write_bytes(b"A line.\n" * (MAX_DOCUMENT_CHARS // 8) + b"!")

    report = import_paths(project, [path, tmp_path / "one-more.txt"])

    assert report.imported == 1
    assert len(project.document(1).text) == MAX_DOCUMENT_CHARS
    assert [problem.message for problem in report.problems] == [
        f"the text is {MAX_DOCUMENT_CHARS + 1:,} characters long: {TOO_LONG}"
    ]


# Runs the command, then reports the child's own peak memory (VmHWM: unlike ru_maxrss it is not
# inherited from the parent process that forked the child).
MEASURED = """
import re, sys
from annotator.cli import main
try:
    main(sys.argv[1:])
finally:
    peak = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)
    print(f"peak-kib={peak}", file=sys.stderr)
"""


def run_import(project_path: Path, *paths: Path) -> tuple[int, float, str]:
    """``annotator import --no-suggest`` in a child process: (exit status, its peak RSS in MiB, stderr)."""
    command = ["import", str(project_path), *map(str, paths), "--no-suggest"]
    done = subprocess.run([sys.executable, "-c", MEASURED, *command], capture_output=True, text=True)
    peak = re.search(r"peak-kib=(\d+)", done.stderr)
    assert peak, done.stderr
    return done.returncode, int(peak.group(1)) / 1024, done.stderr


@pytest.mark.slow
def test_a_50_mb_text_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 2**20)
        stream.seek(0)
        stream.write(b"Not an article. ")

    status, peak, errors = run_import(tmp_path / "p.annotator", path)

    assert status == 1
    assert f"{path}: error: the file is 52.4 MB: more than the 1,000,000 characters a document" in errors
    assert peak < 200


@pytest.mark.slow
def test_a_50_mb_line_is_refused_and_the_next_line_imported(tmp_path: Path) -> None:
    path = tmp_path / "huge-line.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        stream.write('{"text": "' + "x" * (50 * 2**20) + '"}\n')
        stream.write(json.dumps(GOOD_LINE) + "\n")

    status, peak, errors = run_import(tmp_path / "p.annotator", path)

    assert status == 1
    assert f"{path}:1: error: the line is 52.4 MB, too long to read (at most 16 MB;" in errors
    assert peak < 200
    with Project.open(tmp_path / "p.annotator") as project:
        assert [document.text for document in project.documents()] == [GOOD_LINE["text"]]


@pytest.mark.slow
def test_a_50_mb_file_of_articles_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    article = "The council met on Monday and agreed on the harbour plan. " * 60
    count = 50 * 2**20 // len(article)
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps({"text": f"{number}. {article}"}) + "\n")

    status, peak, errors = run_import(tmp_path / "p.annotator", path)

    assert status == 0, errors
    assert peak < 250
    with sqlite3.connect(tmp_path / "p.annotator") as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == count
