"""Hostile output (issue 13, items 19 and 11): what the command line prints and what the export writes.

Every kind of string the command line prints (a file name, a label, a title, a setting, a project or
output path, what was typed) is tried with each control character a terminal acts on (C0, DEL, C1),
each invisible format character (bidi overrides and isolates, BOM, separators) and real escape
sequences (clear screen, window title, hyperlink, cursor report, DCS): none reaches stdout or stderr
raw, and no command ends in a traceback. NaN, infinities and numbers at a double's limits in a
project's metadata, span attributes and settings give strict JSON on export, with a warning for what
was changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.problems import Problem, printable

# Every character a terminal acts on, or that hides or reorders text, except the layout's \n and \t.
CONTROLS = [chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(code) not in "\n\t"]
FORMAT = [
    *"\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    *"\u00ad\u2028\u2029\u2060\ufeff\ufff9",
]
SEQUENCES = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;owned\x07",  # set the window title
    "\x1b]8;;https://example.invalid\x1b\\click\x1b]8;;\x1b\\",  # a hyperlink
    "\x1b[6n",  # ask the terminal to type its cursor position
    "\x1bP+q544e\x1b\\",  # DCS: ask the terminal for a setting
    "\x9b31mred\x9b0m",  # C1 CSI
    "real\r\x1b[Kfake",  # overwrite the line
    "report\u202etxt.exe",  # reversed text
]
# Each hostile string, for the kinds where one run takes many: one per character, then the sequences.
HOSTILE = [*CONTROLS, *FORMAT, *SEQUENCES]
ORDINARY = "Zoë · 北京 · 👩‍👩‍👧 · 🏴󠁧󠁢󠁳󠁣󠁴󠁿"
TEXT = "Mara Quint visited Eastholm on Monday."


def raw_controls(text: str) -> list[str]:
    return sorted({char for char in text if char not in "\n\t" and printable(char) != char})


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def clean(result: Result) -> str:
    """Both streams, checked: no raw control character and no traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("traceback") from result.exception
    both = result.stdout + result.stderr
    assert "Traceback" not in both
    assert raw_controls(both) == [], both
    return both


def name_safe(hostile: str) -> bool:
    """Whether a file name may hold ``hostile`` (not NUL, nor a slash)."""
    return "\x00" not in hostile and "/" not in hostile


def test_the_corpus_covers_every_class() -> None:
    assert len(CONTROLS) == 30 + 1 + 32
    assert all(printable(char) != char for char in CONTROLS + FORMAT)
    assert printable(ORDINARY) == ORDINARY
    assert len(HOSTILE) >= 90


def test_problems_are_one_printable_line_for_every_hostile_string() -> None:
    for hostile in HOSTILE:
        shown = str(Problem(f"in{hostile}.jsonl", f"label {hostile}", 2))
        assert raw_controls(shown) == [] and "\n" not in shown, repr(hostile)


def test_hostile_file_names_are_escaped_in_import_problems(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    names = {f"f{index:03}{hostile}.jsonl" for index, hostile in enumerate(HOSTILE) if name_safe(hostile)}
    for name in names:
        (folder / name).write_text('{"text": "ok"}\n{broken\n', encoding="utf-8")

    result = invoke("import", tmp_path / "p.annotator", folder, "--no-suggest")

    assert result.exit_code == 1
    both = clean(result)
    shown = [name for name in names if f"{printable(name, layout='')}:2: error: invalid JSON" in both]
    assert len(shown) == min(len(names), 100)  # the CLI lists a hundred problems


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project imported from records whose labels, titles and meta titles are each hostile string."""
    folder = tmp_path_factory.mktemp("hostile")
    lines = []
    for index, hostile in enumerate(HOSTILE):
        text = f"{TEXT} Record {index}."
        span = {"start": 0, "end": 10, "label": f"P{hostile}"}
        lines.append({"text": text, "title": [hostile], "meta": {"title": hostile}, "spans": [span]})
    (folder / "in.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    project = folder / "p.annotator"
    result = invoke("import", project, folder / "in.jsonl", "--no-suggest")
    both = clean(result)
    assert result.exit_code == 0 and f"imported {len(HOSTILE)}" in both
    # Two warnings a line (the title is a list; meta.title differs from it), of which a hundred are listed.
    listed = both.count('warning: "title" is a list, not text') + both.count('warning: "meta.title" ')
    assert (listed, f"... and {2 * len(HOSTILE) - 100} more problems" in both) == (100, True)
    return project


def test_hostile_labels_are_escaped_in_stats(hostile_project: Path) -> None:
    text = clean(invoke("stats", hostile_project))
    as_json = invoke("stats", hostile_project, "--json")
    clean(as_json)
    labels = json.loads(as_json.stdout)["accepted_entity_labels"]
    assert set(labels) == {f"P{hostile}" for hostile in HOSTILE}  # the JSON is the same data
    for hostile in HOSTILE:
        assert f"P{printable(hostile, layout='')} 1" in text


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.encode("unicode_escape").decode())
def test_a_hostile_setting_is_escaped_in_config(tmp_path: Path, hostile: str) -> None:
    project = tmp_path / "p.annotator"
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert invoke("import", project, tmp_path / "a.txt", "--no-suggest").exit_code == 0
    topic = f"topic{hostile}{ORDINARY}"
    changed = invoke(
        "config",
        project,
        "--topic",
        topic,
        "--stance-labels",
        f"pro{hostile},con",
        "--entity-labels",
        f"x{hostile}",
    )
    assert changed.exit_code == 0
    both = clean(changed)
    assert printable(topic.strip(), layout="") in both
    assert ORDINARY in both
    as_json = invoke("config", project, "--json")
    clean(as_json)
    assert json.loads(as_json.stdout)["topic"] == topic.strip()


@pytest.mark.parametrize(
    "hostile", [hostile for hostile in HOSTILE if name_safe(hostile)][::5] + SEQUENCES[1:2]
)
def test_hostile_paths_are_escaped_in_every_error_and_summary(tmp_path: Path, hostile: str) -> None:
    escaped = printable(hostile, layout="")
    missing = clean(invoke("stats", tmp_path / f"none{hostile}.annotator"))
    assert f"none{escaped}.annotator" in missing
    no_path = clean(invoke("import", tmp_path / "p.annotator", tmp_path / f"gone{hostile}.txt"))
    assert f"gone{escaped}.txt" in no_path
    assert escaped in clean(invoke("stats", tmp_path / "p.annotator", f"--x{hostile}"))
    assert escaped in clean(invoke(f"x{hostile}"))
    assert escaped in clean(invoke("export", tmp_path / "p.annotator", tmp_path / f"o{hostile}.xml"))
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    project = tmp_path / f"p{hostile}.annotator"
    assert invoke("import", project, tmp_path / "a.txt", "--no-suggest").exit_code == 0
    out = tmp_path / f"out{hostile}.jsonl"
    for _ in range(2):  # the second export also lists what it replaced
        exported = invoke("export", project, out, "--no-tokens")
        assert exported.exit_code == 0
        both = clean(exported)
        assert f"to out{escaped}.jsonl." in both
    assert f"Replaced what was there: {tmp_path}/out{escaped}.jsonl." in both


@pytest.mark.skipif(sys.platform == "win32", reason="file names of arbitrary bytes are a POSIX thing")
def test_a_file_name_of_undecodable_bytes_and_escapes_in_a_real_run(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = b"bad\xff\x1b[2J\xc2\x9b\x9b.jsonl"  # undecodable bytes, ESC, a C1 CSI in UTF-8 and raw
    with open(folder + b"/" + name, "wb") as handle:
        handle.write(b"{broken\n")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "import", tmp_path / "p.annotator", folder + b"/" + name],
        capture_output=True,
        check=False,
    )
    both = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 1
    assert "Traceback" not in both and raw_controls(both) == []
    assert "bad\\udcff\\x1b[2J\\x9b\\udc9b.jsonl:1: error: invalid JSON" in both


# ---------------------------------------------------------------- numbers JSON cannot hold, on export

NOT_FINITE = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]
AT_THE_LIMITS = {
    "max": 1.7976931348623157e308,
    "min": -1.7976931348623157e308,
    "tiny": 5e-324,
    "big int": 10**400,
    "negative zero": -0.0,
}


def strict(line: str) -> Any:
    def refuse(spelled: str) -> None:
        raise ValueError(f"not strict JSON: {spelled}")

    return json.loads(line, parse_constant=refuse)


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A project whose one document's meta and span attributes hold each number JSON cannot hold."""
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"text": TEXT, "spans": [{"start": 0, "end": 10, "label": "PERSON"}]}) + "\n",
        encoding="utf-8",
    )
    project = tmp_path / "p.annotator"
    assert invoke("import", project, tmp_path / "in.jsonl", "--no-suggest").exit_code == 0
    bad = ", ".join(f'"{index}": {spelled}' for index, spelled in enumerate(NOT_FINITE))
    limits = json.dumps(AT_THE_LIMITS)[1:-1]
    meta = f'{{{bad}, "list": [NaN], {limits}}}'
    attributes = f'{{"confidence": NaN, "deep": {{"x": [Infinity]}}, {limits}}}'
    with sqlite3.connect(project) as conn:
        conn.execute("UPDATE documents SET meta = ?", (meta,))
        conn.execute("UPDATE spans SET attributes = ?", (attributes,))
    conn.close()
    return project


@pytest.mark.parametrize("tokens", ["--tokens", "--no-tokens"])
def test_not_finite_numbers_export_as_null_with_a_warning_and_limits_as_they_are(
    planted: Path, tmp_path: Path, tokens: str
) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke("export", planted, out, tokens)
    assert result.exit_code == 0
    both = clean(result)
    [line] = [strict(text) for text in out.read_text(encoding="utf-8").splitlines()]
    meta, attributes = line["meta"], line["spans"][0]["attributes"]
    assert [meta[str(index)] for index in range(len(NOT_FINITE))] == [None] * len(NOT_FINITE)
    assert meta["list"] == [None]
    assert (attributes["confidence"], attributes["deep"]) == (None, {"x": [None]})
    for values in (meta, attributes):
        assert {key: values[key] for key in AT_THE_LIMITS} == AT_THE_LIMITS
    assert "document 1: warning: meta.0 (NaN), meta.1 (Infinity), meta.2 (-Infinity)" in both
    assert "and 3 more: not a number strict JSON can hold" in both  # meta.4, meta.list[0], two attributes
    assert "NaN" not in out.read_text(encoding="utf-8")


def test_a_not_finite_topic_setting_exports_empty_and_says_so(planted: Path, tmp_path: Path) -> None:
    with sqlite3.connect(planted) as conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('topic', 'NaN')")
    conn.close()
    out = tmp_path / "out.jsonl"
    both = clean(invoke("export", planted, out, "--no-tokens"))
    [line] = [strict(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert line["topic"] == ""
    assert "settings row 'topic'" in both
