"""Control characters in names, labels, titles and settings never reach the terminal raw (issue 13, item 19).

Every command-line message (ours, click's, a problem's) shows ESC, CR, BEL, C1 controls and bidi
overrides as escapes such as ``\\x1b`` and ``\\u202e``; its own line breaks and tabs are kept, and
accents, CJK and emoji print as they are.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.problems import Problem, printable, printable_json

# Clear the screen, set the window title, ring the bell, return to the line start, a C1 CSI, reversed text.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\r\x9b31m\u202e"
ESCAPED = "\\x1b[2J\\x1b]0;owned\\x07\\r\\x9b31m\\u202e"
ORDINARY = "Zoë 北京 👩‍👩‍👧 café"
PROJECT_TEXT = "Mara Quint visited Eastholm on Monday."


def raw_controls(text: str) -> list[str]:
    """The characters of ``text`` that act on a terminal or reorder it, other than line breaks and tabs."""
    return [char for char in text if char not in "\n\t" and printable(char) != char]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def assert_printable(result: Result) -> str:
    """Both streams free of raw controls; returns them joined, for what must be in them."""
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.exception
    )
    both = result.stdout + result.stderr
    assert raw_controls(both) == [], both
    return both


@pytest.fixture
def hostile_jsonl(tmp_path: Path) -> Path:
    """A JSONL file named with an escape sequence: a record with hostile label, title and meta, a bad line."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    path = folder / f"news{HOSTILE}.jsonl"
    record = {
        "text": PROJECT_TEXT,
        "title": f"Title{HOSTILE}",
        "meta": {"source": HOSTILE},
        "spans": [{"start": 0, "end": 10, "label": f"P{HOSTILE}"}],
        "answer": "accept",
    }
    bad_title = {"text": "Another article.", "title": [HOSTILE]}
    path.write_text(
        json.dumps(record) + "\n{broken\x1b[2J\n" + json.dumps(bad_title) + "\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def imported(tmp_path: Path, hostile_jsonl: Path) -> tuple[Path, Result]:
    project = tmp_path / "news.annotator"
    return project, invoke("import", project, hostile_jsonl, "--no-suggest")


def test_printable_escapes_controls_and_keeps_ordinary_text() -> None:
    assert printable(f"a{HOSTILE}b") == f"a{ESCAPED}b"
    assert printable(ORDINARY) == ORDINARY
    assert printable("line\n\tindented") == "line\n\tindented"
    assert printable("line\n\tindented", layout="") == "line\\n\\tindented"
    assert printable("\x00\x7f\x85\x9f\u2028\u2066\ufeff\udcff") == (
        "\\x00\\x7f\\x85\\x9f\\u2028\\u2066\\ufeff\\udcff"
    )
    assert printable(printable(HOSTILE)) == printable(HOSTILE)
    assert printable("C:\\x1b") == "C:\\x1b"  # a backslash is left as it is


def test_printable_json_is_the_same_json() -> None:
    data = {f"k{HOSTILE}": [HOSTILE, ORDINARY, "\U0001d173\x7f"]}
    text = printable_json(json.dumps(data, indent=2, ensure_ascii=False))
    assert raw_controls(text) == []
    assert json.loads(text) == data
    assert ORDINARY in text


def test_a_problem_is_one_printable_line() -> None:
    problem = Problem(f"in{HOSTILE}\nfake.jsonl", f"bad{HOSTILE}\nsecond line", 3, "warning")
    shown = str(problem)
    assert raw_controls(shown) == [] and "\n" not in shown
    assert shown == f"in{ESCAPED}\\nfake.jsonl:3: warning: bad{ESCAPED}\\nsecond line"


def test_import_names_the_hostile_file_escaped(imported: tuple[Path, Result]) -> None:
    _, result = imported
    assert result.exit_code == 1
    both = assert_printable(result)
    assert f"news{ESCAPED}.jsonl:2: error: invalid JSON" in both
    assert f"news{ESCAPED}.jsonl:3: warning: " in both
    assert "imported 2" in result.stdout


def test_a_path_that_does_not_exist_is_escaped_in_clicks_message(tmp_path: Path) -> None:
    result = invoke("import", tmp_path / "p.annotator", tmp_path / f"missing{HOSTILE}.txt")
    assert result.exit_code == 2
    assert f"missing{ESCAPED}.txt" in assert_printable(result)


@pytest.mark.parametrize(
    "arguments",
    [["stats", "--bogus" + HOSTILE], ["bogus" + HOSTILE], ["export", "p.annotator", "out" + HOSTILE + ".x"]],
    ids=["unknown option", "unknown command", "unknown format"],
)
def test_usage_errors_escape_what_was_typed(tmp_path: Path, arguments: list[str]) -> None:
    result = invoke(*arguments)
    assert result.exit_code == 2
    assert ESCAPED in assert_printable(result)


def test_a_missing_project_is_named_escaped(tmp_path: Path) -> None:
    result = invoke("stats", tmp_path / f"none{HOSTILE}.annotator")
    assert result.exit_code == 1
    assert f"none{ESCAPED}.annotator" in assert_printable(result)


def test_stats_escapes_labels_in_text_and_json(imported: tuple[Path, Result]) -> None:
    project, _ = imported
    text = invoke("stats", project)
    assert text.exit_code == 0
    assert f"P{ESCAPED} 1" in assert_printable(text)
    as_json = invoke("stats", project, "--json")
    assert as_json.exit_code == 0
    assert_printable(as_json)
    assert json.loads(as_json.stdout)["accepted_entity_labels"] == {f"P{HOSTILE}": 1}


def test_config_escapes_settings_in_text_and_json(imported: tuple[Path, Result]) -> None:
    project, _ = imported
    changed = invoke(
        "config", project, "--topic", f"wind{HOSTILE}\nfarm", "--stance-labels", f"pro{HOSTILE},con"
    )
    assert changed.exit_code == 0
    both = assert_printable(changed)
    assert f"wind{ESCAPED}\\nfarm" in both  # a line break in a setting cannot fake a line of output
    assert f"pro{ESCAPED}, con" in both
    as_json = invoke("config", project, "--json")
    assert_printable(as_json)
    assert json.loads(as_json.stdout)["stance_labels"] == [f"pro{HOSTILE}", "con"]


def test_damaged_settings_warnings_are_escaped(imported: tuple[Path, Result]) -> None:
    import sqlite3

    project, _ = imported
    with sqlite3.connect(project) as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, '[')", (f"key{HOSTILE}",))
    conn.close()
    result = invoke("config", project)
    assert result.exit_code == 0
    assert f"settings row 'key{ESCAPED}', column value, is not valid JSON" in assert_printable(result)


def test_export_summary_and_replaced_files_are_escaped(imported: tuple[Path, Result], tmp_path: Path) -> None:
    project, _ = imported
    out = tmp_path / f"out{HOSTILE}.jsonl"
    first = invoke("export", project, out, "--no-tokens")
    assert first.exit_code == 0
    assert f"to out{ESCAPED}.jsonl." in assert_printable(first)
    again = invoke("export", project, out, "--no-tokens")
    assert f"Replaced what was there: {tmp_path}/out{ESCAPED}.jsonl." in assert_printable(again)
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {line["meta"]["title"] for line in exported} >= {f"Title{HOSTILE}"}  # the data itself is kept


def test_ordinary_non_ascii_prints_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / f"Zoë {ORDINARY}"
    folder.mkdir()
    (folder / "article.txt").write_text(PROJECT_TEXT, encoding="utf-8")
    project = tmp_path / f"{ORDINARY}.annotator"
    assert invoke("import", project, folder, "--no-suggest").exit_code == 0
    result = invoke("config", project, "--topic", ORDINARY)
    assert f"Topic           {ORDINARY}" in result.stdout
    assert f"Project         {project}" in result.stdout


def test_a_real_terminal_run_prints_escapes(tmp_path: Path, hostile_jsonl: Path) -> None:
    """Through ``python -m annotator``, as a shell runs it: bytes on stdout and stderr."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "import",
            tmp_path / "p.annotator",
            hostile_jsonl,
            "--no-suggest",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    both = (done.stdout + done.stderr).decode("utf-8")
    assert raw_controls(both) == []
    assert f"news{ESCAPED}.jsonl:2: error" in both
    assert "Traceback" not in both
