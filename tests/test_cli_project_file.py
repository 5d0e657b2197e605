"""The command line and a project file that is old or damaged, and export targets it refuses or cannot
write (issue 13, items 5, 7, 12, 15 and 17): read-only commands never upgrade, damaged rows and spans that do
not fit are named and left out while the rest is exported, refusals and a full disk are one plain line."""

from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.exporting import ExportOptions, export
from annotator.exporting.atomic import TEMP_PREFIX
from annotator.exporting.jsonl import JsonlWriter
from annotator.store import Project

FIXTURES = Path(__file__).parent / "fixtures" / "projects"
TEXTS = [f"Mayor Ana Ruiz {number} said the bridge would open." for number in range(7)]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A closed project of seven documents, each with one accepted PERSON span (Ana Ruiz)."""
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        for text in TEXTS:
            document_id, _ = project.add_document(text, meta={"source": "wire"})
            project.add_span(document_id, 6, 14, "PERSON", status="accepted")
    return path


def damage(path: Path, sql: str, *params: object) -> None:
    """Change the file as another program might, past every check annotator makes."""
    with sqlite3.connect(path) as conn:
        conn.execute(sql, params)
    conn.close()


def exported_texts(out: Path) -> list[str]:
    return [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]


# ----------------------------------------------------------------- item 7: no upgrade when reading


@pytest.mark.parametrize(
    "command",
    [["stats"], ["stats", "--json"], ["config"], ["config", "--json"], ["export", "OUT"]],
    ids=["stats", "stats --json", "config", "config --json", "export"],
)
def test_reading_commands_refuse_an_older_project_and_change_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "news.annotator"
    path.write_bytes((FIXTURES / "schema-v1.annotator").read_bytes())
    before = files_in(tmp_path)
    arguments = [str(tmp_path / "out.jsonl") if arg == "OUT" else arg for arg in command]

    result = invoke(arguments[0], path, *arguments[1:])

    assert result.exit_code == 1
    assert "earlier annotator (schema 1" in result.output
    assert "read-only command does not do" in result.output
    assert "Traceback" not in result.output
    assert files_in(tmp_path) == before  # no upgrade, no backup, no WAL, no export


def test_a_writing_command_upgrades_and_says_where_the_backup_is(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    path.write_bytes((FIXTURES / "schema-v1.annotator").read_bytes())

    result = invoke("config", path, "--topic", "the bridge")

    assert result.exit_code == 0, result.output
    backup = tmp_path / "news.annotator.v1.bak"
    assert f"the file as it was is kept as {backup}" in result.output
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as kept:
        assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    kept.close()
    again = invoke("config", path)
    assert again.exit_code == 0 and "kept as" not in again.output  # upgraded once, said once
    assert invoke("stats", path).exit_code == 0


def test_stats_and_config_of_a_current_project_write_nothing(news: Path) -> None:
    before = files_in(news.parent)
    assert invoke("stats", news).exit_code == 0
    assert invoke("config", news, "--json").exit_code == 0
    assert files_in(news.parent) == before


def test_config_names_damaged_settings_and_shows_their_defaults(news: Path) -> None:
    damage(news, "INSERT OR REPLACE INTO settings (key, value) VALUES ('topic', '{\"cut')")
    damage(news, "INSERT OR REPLACE INTO settings (key, value) VALUES ('stance_labels', '7')")

    result = invoke("config", news)

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "settings row 'topic', column value, is not valid JSON" in result.output
    assert "settings row 'stance_labels', column value, is not a list of names" in result.output
    assert "warning" in result.output
    assert "Topic" in result.output and "(none: set it with --topic)" in result.output
    # Setting it again mends it.
    assert invoke("config", news, "--topic", "the bridge").exit_code == 0
    assert "'topic'" not in invoke("config", news).output


# ------------------------------------------------ item 5: damaged rows and spans that do not fit


DAMAGES = {
    "document meta": (
        "UPDATE documents SET meta = '{\"source\": ' WHERE id = ?",
        "documents row {id}, column meta",
    ),
    "span attributes": (
        "UPDATE spans SET attributes = '[1, ' WHERE document_id = ?",
        "(document {id}), column attributes",
    ),
}


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("what", sorted(DAMAGES))
def test_export_leaves_out_a_document_with_a_damaged_row_names_it_and_writes_the_rest(
    tmp_path: Path, news: Path, what: str, processes: str
) -> None:
    sql, named = DAMAGES[what]
    damage(news, sql, 3)
    out = tmp_path / "out.jsonl"

    result = invoke("export", news, out, "--no-tokens", "--processes", processes)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "document 3: error: the project file is damaged: " in result.output
    assert named.format(id=3) in result.output
    assert "the document is left out" in result.output
    assert exported_texts(out) == TEXTS[:2] + TEXTS[3:]
    assert "Exported 6 documents with 6 spans" in result.output


def test_export_of_a_page_with_several_damaged_documents_keeps_every_sound_one(
    tmp_path: Path, news: Path
) -> None:
    for document_id in (1, 4, 7):
        damage(news, "UPDATE documents SET meta = 'not json' WHERE id = ?", document_id)
    out = tmp_path / "out.spacy"

    result = invoke("export", news, out)

    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if "is left out" in line] == [
        f"  document {n}: error: the project file is damaged: documents row {n}, column meta, "
        "is not valid JSON (Expecting value: line 1 column 1 (char 0)): the document is left out"
        for n in (1, 4, 7)
    ]
    assert "Exported 4 documents" in result.output


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize("tokens", ["--tokens", "--no-tokens"])
def test_spans_that_do_not_fit_their_text_are_reported_and_left_out(
    tmp_path: Path, news: Path, processes: str, tokens: str
) -> None:
    damage(news, 'UPDATE spans SET "end" = 10000 WHERE document_id = 2')
    damage(news, "UPDATE spans SET start = 1.5 WHERE document_id = 5")
    out = tmp_path / "out.jsonl"

    result = invoke("export", news, out, tokens, "--processes", processes)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "of document 2 runs from 6 to 10000, outside its document's text" in result.output
    assert "of document 5 has offsets that are not whole numbers (1.5, 14)" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [len(line["spans"]) for line in lines] == [1, 0, 1, 1, 0, 1, 1]  # every document, sound spans


def test_export_warns_of_a_damaged_topic_and_exports_the_rest(tmp_path: Path, news: Path) -> None:
    damage(news, "INSERT OR REPLACE INTO settings (key, value) VALUES ('topic', '[\"cut')")
    out = tmp_path / "out.jsonl"

    result = invoke("export", news, out, "--no-tokens")

    assert result.exit_code == 0, result.output
    assert "project settings: warning: the project file is damaged: settings row 'topic'" in result.output
    assert exported_texts(out) == TEXTS


# ------------------------------------------------------------- items 12, 15, 17: export targets


def test_export_over_the_project_itself_is_one_line_and_exit_2(news: Path) -> None:
    before = news.read_bytes()
    result = invoke("export", news, news, "--format", "jsonl")
    assert result.exit_code == 2
    assert (
        result.output.strip() == f"Error: {news} is the project file itself: choose another file to export to"
    )
    assert news.read_bytes() == before


def test_export_into_a_folder_of_other_files_is_one_line_and_exit_2(tmp_path: Path, news: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")

    result = invoke("export", news, folder, "--format", "spacy")

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "holds files other than .spacy files: choose an empty or new folder" in result.output
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("split", [[], ["--split", "0.5"]], ids=["one file", "split"])
def test_a_full_output_disk_is_reported_under_the_output_name(
    tmp_path: Path, news: Path, monkeypatch: pytest.MonkeyPatch, split: list[str]
) -> None:
    written = []

    def fill_up(self: JsonlWriter, *args: object) -> None:
        written.append(args)
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(JsonlWriter, "write", fill_up)
    out = tmp_path / "exports" / "train.jsonl"

    result = invoke("export", news, out, "--processes", "1", *split)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: the disk holding {out} is full: the export stopped and replaced nothing; free some space"
    )
    assert str(news) not in result.output
    assert list(out.parent.iterdir()) == []  # the temp files are gone


def test_the_output_error_names_the_output_for_every_caller(tmp_path: Path, news: Path, monkeypatch) -> None:
    """The window shows ``explain(error, project)``, which names ``error.filename`` when there is one."""

    def fail(self: JsonlWriter, *args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(JsonlWriter, "write", fail)
    out = tmp_path / "out.jsonl"
    with Project.open(news, read_only=True) as project, pytest.raises(OSError) as caught:
        export(project, out, ExportOptions(format="jsonl", processes=1))
    assert caught.value.filename == str(out)
    assert caught.value.errno == errno.EIO


@pytest.mark.parametrize("fmt", ["jsonl", "spacy-folder"])
def test_an_output_name_at_the_file_system_limit_is_written(tmp_path: Path, news: Path, fmt: str) -> None:
    if fmt == "jsonl":
        out = tmp_path / ("n" * (255 - len(".jsonl")) + ".jsonl")
        arguments = [out]
    else:
        out = tmp_path / ("c" * 255)
        arguments = [out, "--format", "spacy"]
    assert len(out.name.encode()) == 255

    first = invoke("export", news, *arguments)
    again = invoke("export", news, *arguments)  # replacing it: a folder is moved aside first

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert out.exists()
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
    if fmt == "jsonl":
        assert exported_texts(out) == TEXTS
    else:
        assert [path.name for path in out.iterdir()] == ["00000.spacy"]
