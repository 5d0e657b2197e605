"""The ``annotator`` command line: exit codes, messages, and import -> stats -> export end to end."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator import __version__, exporting, importing
from annotator.cli import main
from annotator.store import Project

ARTICLE = (
    "Harbour board delays vote\n\n"
    "The Lowmere harbour board postponed its vote on Tuesday. “We need more time,” said Ida Brandt, "
    "the board's chair. She said that a decision would come in March.\n"
)
SECOND = "Ferry fares rise\r\n\r\nAccording to the operator, fares will rise by 4 per cent in May.\r\n"
PRODIGY_TEXT = "Mara Quint visited Eastholm on Monday."


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with two .txt articles, a Prodigy JSONL line with spans, and a CSV."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "ferry.txt").write_bytes(SECOND.encode("utf-8"))
    prodigy = {
        "text": PRODIGY_TEXT,
        "meta": {"source": "test"},
        "spans": [
            {"start": 0, "end": 10, "label": "PERSON"},
            {"start": 19, "end": 27, "label": "GPE"},
        ],
        "answer": "accept",
    }
    (folder / "tasks.jsonl").write_text(json.dumps(prodigy) + "\n", encoding="utf-8")
    (folder / "notes.csv").write_text(
        "title,text\nShort note,A short note about the tide.\n", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("arguments", "status", "expected"),
    [
        (["--version"], 0, __version__),
        (["stats", "missing.annotator"], 1, "there is no project at"),
        (["export", "--format", "xml", "p.annotator", "out.xml"], 2, "Invalid value for '--format'"),
    ],
)
def test_python_dash_m_exits_0_1_or_2(
    tmp_path: Path, arguments: list[str], status: int, expected: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == status
    assert expected in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["", "import", "suggest", "export", "stats", "config", "demo", "open"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_unknown_option_is_a_usage_error_with_exit_2(tmp_path: Path) -> None:
    result = invoke("stats", tmp_path / "p.annotator", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_import_stats_export_end_to_end(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"

    imported = invoke("import", project, inputs, "--no-suggest")
    assert imported.exit_code == 0, imported.output
    assert "imported 4" in imported.output

    counts = json.loads(invoke("stats", project, "--json").stdout)
    assert counts["documents"]["total"] == 4
    assert counts["spans"]["entity"]["accepted"] == 2

    readable = invoke("stats", project)
    assert readable.exit_code == 0
    assert "Documents  4" in readable.output
    assert "PERSON 1" in readable.output

    out = tmp_path / "out" / "news.jsonl"
    exported = invoke("export", project, out)
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["text"] for line in lines) == sorted(
        [ARTICLE, SECOND, PRODIGY_TEXT, "A short note about the tide."]
    )
    tagged = next(line for line in lines if line["text"] == PRODIGY_TEXT)
    assert [(s["start"], s["end"], s["label"]) for s in tagged["spans"]] == [
        (0, 10, "PERSON"),
        (19, 27, "GPE"),
    ]

    docbin = tmp_path / "news.spacy"
    assert invoke("export", project, docbin).exit_code == 0
    docs = read_docbin(docbin)
    assert len(docs) == 4
    assert {(ent.text, ent.label_) for doc in docs for ent in doc.ents} == {
        ("Mara Quint", "PERSON"),
        ("Eastholm", "GPE"),
    }


def read_docbin(path: Path) -> list:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_as_suggestions_keeps_imported_spans_for_review(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    result = invoke("import", project, inputs / "tasks.jsonl", "--no-suggest", "--as-suggestions")
    assert result.exit_code == 0, result.output
    with Project.open(project) as opened:
        assert opened.stats()["spans"]["entity"] == {"suggested": 2, "accepted": 0, "rejected": 0}


def test_importing_the_same_files_twice_counts_duplicates(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")
    again = invoke("import", project, inputs, "--no-suggest")
    assert again.exit_code == 0
    assert "imported 0 · duplicate 4" in again.output


def test_a_malformed_line_exits_1_naming_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.jsonl"
    source.write_text(
        '{"text": "First fine line."}\n{"text": "oops"\n{"text": "Third line."}\n', encoding="utf-8"
    )
    project = tmp_path / "p.annotator"
    result = invoke("import", project, source, "--no-suggest")
    assert result.exit_code == 1
    assert f"{source}:2: error: invalid JSON" in result.output
    assert "Traceback" not in result.output
    with Project.open(project) as opened:
        assert opened.count_documents() == 2


def test_stats_of_a_missing_project_exits_1_and_creates_no_file(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.annotator"
    result = invoke("stats", missing)
    assert result.exit_code == 1
    assert "there is no project at" in result.output
    assert not missing.exists()


def test_export_of_a_missing_project_exits_1(tmp_path: Path) -> None:
    result = invoke("export", tmp_path / "nothing.annotator", tmp_path / "out.jsonl")
    assert result.exit_code == 1
    assert not (tmp_path / "nothing.annotator").exists()


def test_export_to_an_unknown_suffix_asks_for_a_format(tmp_path: Path, project: Project) -> None:
    result = invoke("export", project.path, tmp_path / "out.txt")
    assert result.exit_code == 2
    assert "--format" in result.output


def test_export_of_every_document_says_how_many_are_not_done(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")
    with Project.open(project) as opened:
        opened.set_document_status(1, "done")

    everything = invoke("export", project, tmp_path / "all.jsonl", "--no-tokens")
    done = invoke("export", project, tmp_path / "done.jsonl", "--no-tokens", "--done-only")

    assert everything.exit_code == 0 and done.exit_code == 0, everything.output + done.output
    assert "Exported 4 documents" in everything.output
    assert "1 of them marked done, 3 not" in everything.output and "--done-only" in everything.output
    assert "Exported 1 document " in done.output and "marked done" not in done.output
    assert len((tmp_path / "all.jsonl").read_text("utf-8").splitlines()) == 4


def test_export_without_tokens_and_to_a_folder_of_shards(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")

    plain = invoke("export", project, tmp_path / "plain.jsonl", "--no-tokens")
    folder = invoke("export", project, tmp_path / "corpus", "--format", "spacy", "--split", "0.5")

    assert plain.exit_code == 0 and folder.exit_code == 0, plain.output + folder.output
    lines = [json.loads(line) for line in (tmp_path / "plain.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == 4 and not any("tokens" in line for line in lines)
    assert sorted(path.name for path in (tmp_path / "corpus").iterdir()) == ["dev", "train"]
    assert "train/" in folder.output


def test_export_refuses_options_that_do_not_fit_the_format(tmp_path: Path, project: Project) -> None:
    no_tokens_docbin = invoke("export", project.path, tmp_path / "out.spacy", "--no-tokens")
    (tmp_path / "folder").mkdir()
    jsonl_folder = invoke("export", project.path, tmp_path / "folder", "--format", "jsonl")

    assert no_tokens_docbin.exit_code == 2 and "--no-tokens is for JSONL" in no_tokens_docbin.output
    assert jsonl_folder.exit_code == 2 and "is a folder" in jsonl_folder.output


def test_a_project_from_a_newer_version_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "future.annotator"
    Project.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    result = invoke("stats", path)
    assert result.exit_code == 1
    assert "written by a newer annotator" in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_project_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.annotator"
    path.write_text("just some notes, not a database\n" * 100, encoding="utf-8")
    result = invoke("stats", path)
    assert result.exit_code == 1
    assert "not an annotator project" in result.output


def test_a_locked_project_is_reported_not_traced(
    tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.annotator"
    Project.open(path).close()
    monkeypatch.setattr("annotator.store.connection.BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = invoke("import", path, inputs, "--no-suggest")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "is locked by another program" in result.output
    assert "Traceback" not in result.output


def test_ctrl_c_during_import_stops_after_a_batch_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "many.jsonl"
    lines = (json.dumps({"text": f"Item number {n} of a long file."}) for n in range(1000))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real_import = importing.import_paths

    def import_then_ctrl_c(*args: object, progress: object, **kwargs: object) -> importing.ImportReport:
        def report_progress(done: int, total: int) -> None:
            progress(done, total)  # type: ignore[operator]
            os.kill(os.getpid(), signal.SIGINT)

        return real_import(*args, progress=report_progress, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "import_paths", import_then_ctrl_c)
    project = tmp_path / "p.annotator"
    result = invoke("import", project, source, "--no-suggest")
    assert result.exit_code == 1
    assert "Stopped by Ctrl+C" in result.output
    with Project.open(project) as opened:
        assert 0 < opened.count_documents() < 1000


def test_ctrl_c_during_export_leaves_no_file(
    tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")
    real_export = exporting.export_jsonl

    def export_then_ctrl_c(*args: object, progress: object, **kwargs: object) -> exporting.ExportReport:
        def report_progress(done: int, total: int) -> None:
            progress(done, total)  # type: ignore[operator]
            if done == 1:
                os.kill(os.getpid(), signal.SIGINT)

        return real_export(*args, progress=report_progress, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exporting, "export_jsonl", export_then_ctrl_c)
    out = tmp_path / "news.jsonl"
    result = invoke("export", project, out)
    assert result.exit_code == 1
    assert "Stopped by Ctrl+C: no file was written or changed." in result.output
    assert not out.exists()


def test_bare_command_opens_the_window_on_the_last_project(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    fake = types.ModuleType("annotator.gui.app")
    fake.run = lambda path: opened.append(path) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "annotator.gui.app", fake)
    assert invoke().exit_code == 0
    assert invoke("open", "some.annotator").exit_code == 0
    assert opened == [None, Path("some.annotator")]


def test_import_suggests_entities_and_quotes_in_new_documents(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    result = invoke("import", project, inputs / "harbour.txt")
    assert result.exit_code == 0, result.output
    assert "Suggested" in result.output
    with Project.open(project) as opened:
        counts = opened.stats()["spans"]
    assert counts["quote"]["suggested"] >= 1
    assert counts["entity"]["suggested"] >= 1


@pytest.mark.slow
def test_import_with_two_processes_suggests_the_same_as_with_one(tmp_path: Path, inputs: Path) -> None:
    found = []
    for processes in ("1", "2"):
        project = tmp_path / f"news-{processes}.annotator"
        result = invoke("import", project, inputs, "--processes", processes)
        assert result.exit_code == 0, result.output
        with Project.open(project) as opened:
            found.append(
                sorted(
                    (s.document_id, s.start, s.end, s.label)
                    for d in opened.document_ids()
                    for s in opened.spans(d)
                )
            )
    assert found[0] == found[1] and found[0]


def test_suggest_for_an_unknown_document_exits_1(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")
    result = invoke("suggest", project, "--document", "99")
    assert result.exit_code == 1
    assert "has no document 99" in result.output


def test_an_unwritable_export_path_is_a_message_not_a_traceback(tmp_path: Path, project: Project) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = invoke("export", project.path, blocker / "out.jsonl")
    assert result.exit_code == 1
    assert "a-file" in result.output
    assert "Traceback" not in result.output


def test_the_format_guide_examples_import_as_described(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    examples = re.findall(r"```json\n(.*?)```", readme, re.S)
    csv_example = re.search(r"```csv\n(.*?)```", readme, re.S)
    assert len(examples) == 4 and csv_example
    for number, example in enumerate(examples):
        line = json.dumps(json.loads(example), ensure_ascii=False)
        (tmp_path / f"example{number}.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "example.csv").write_text(csv_example.group(1), encoding="utf-8")
    project = tmp_path / "readme.annotator"

    result = invoke("import", project, *sorted(tmp_path.glob("example*")), "--no-suggest")

    assert result.exit_code == 0, result.output
    assert "imported 4 · duplicate 1" in result.output
    with Project.open(project) as opened:
        counts = opened.stats()
    assert counts["spans"]["entity"]["accepted"] == 4
    assert counts["spans"]["quote"]["accepted"] == 2
    assert counts["spans"]["cue"]["accepted"] == 1
    assert counts["relations"] == 3


def test_config_prints_and_sets_the_topic_and_labels_and_every_line_exports_the_topic(
    tmp_path: Path, inputs: Path
) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")
    shown = invoke("config", project)
    assert shown.exit_code == 0, shown.output
    assert "Topic           (none: set it with --topic)" in shown.output
    assert "Stance labels   favor, against, neutral, unclear" in shown.output

    changed = invoke(
        "config", project, "--topic", " the harbour vote ", "--entity-labels", "person, ship,GPE,Ship",
        "--stance-labels", "favor,against", "--json",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    settings = json.loads(changed.stdout)
    assert settings["topic"] == "the harbour vote"
    assert settings["entity_labels"] == [
        {"name": "PERSON", "colour": "#aa9cfc"},  # spaCy's label keeps its colour
        {"name": "SHIP", "colour": "#dddddd"},
        {"name": "GPE", "colour": "#feca74"},
    ]
    assert settings["stance_labels"] == ["favor", "against"]
    with Project.open(project) as opened:
        assert opened.settings() == settings
        assert opened.setting("topic") == "the harbour vote"

    out = tmp_path / "news-export.jsonl"
    assert invoke("export", project, out).exit_code == 0
    assert {json.loads(line)["topic"] for line in out.read_text(encoding="utf-8").splitlines()} == {
        "the harbour vote"
    }
    assert "Topic           the harbour vote" in invoke("config", project).output


def test_config_refuses_an_empty_label_list_and_a_missing_project(tmp_path: Path, project: Project) -> None:
    empty = invoke("config", project.path, "--stance-labels", " , ")
    assert empty.exit_code == 2 and "--stance-labels needs at least one label" in empty.output
    assert project.setting("stance_labels") == ["favor", "against", "neutral", "unclear"]
    missing = invoke("config", tmp_path / "nothing.annotator", "--topic", "x")
    assert missing.exit_code == 1 and "there is no project" in missing.output
    assert not (tmp_path / "nothing.annotator").exists()


def test_export_replaces_an_existing_out_and_says_so(tmp_path: Path, inputs: Path) -> None:
    project = tmp_path / "news.annotator"
    invoke("import", project, inputs, "--no-suggest")
    out = tmp_path / "news.jsonl"
    out.write_text("an earlier export\n", encoding="utf-8")

    result = invoke("export", project, out)
    assert result.exit_code == 0, result.output
    assert f"Replaced what was there: {out}." in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert "Replaced" not in invoke("export", project, tmp_path / "new.jsonl").output
