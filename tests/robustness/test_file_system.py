"""When the file system says no: read-only, full, non-ASCII, deleted under an open project."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.store import SCHEMA_VERSION, Project, SchemaError
from annotator.store.connection import FileGone, explain
from tests.robustness.soundness import assert_sound

TEXTS = ["Mayor Ana Ruiz opened the bridge.", "Li Wei said nothing.", "The port reopened on Monday."]


def invoke(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    return result.exit_code, result.output


def write_texts(folder: Path, texts: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(texts):
        paths.append(folder / f"{number}.txt")
        paths[-1].write_text(text, "utf-8")
    return paths


@pytest.fixture
def read_only() -> Iterator[callable]:
    """Makes a path read-only even for root (``chattr +i``), and writable again afterwards."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() == 0:
            if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", path]).returncode:
                pytest.skip("running as root without chattr: nothing is read-only")
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", path])
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_project_file_is_reported_and_stays_readable(tmp_path: Path, read_only) -> None:
    first, second, _ = write_texts(tmp_path / "in", TEXTS)
    project = tmp_path / "news.annotator"
    assert invoke("import", project, first, "--no-suggest")[0] == 0
    read_only(project)

    status, output = invoke("import", project, second, "--no-suggest")

    assert status == 1
    assert f"{project} is read-only (the file, its folder or the drive): nothing was changed" in output
    assert "Traceback" not in output
    assert invoke("stats", project)[0] == 0
    with sqlite3.connect(f"file:{project}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_project_in_a_read_only_folder_is_reported(tmp_path: Path, read_only) -> None:
    (text,) = write_texts(tmp_path / "in", TEXTS[:1])
    folder = tmp_path / "locked"
    folder.mkdir()
    read_only(folder)

    status, output = invoke("import", folder / "news.annotator", text, "--no-suggest")

    assert status == 1
    assert "cannot be opened: its folder is missing, not readable or read-only" in output
    assert "Traceback" not in output


def test_a_full_disk_keeps_everything_saved_before_it(tmp_path: Path) -> None:
    path = tmp_path / "full.annotator"
    with Project.open(path) as project:
        project.conn.execute("PRAGMA max_page_count = 40")
        saved = 0
        with pytest.raises(sqlite3.OperationalError) as caught:
            for number in range(10_000):
                project.add_document(f"Report {number}. " + "The harbour reopened. " * 40)
                saved += 1
        assert "full" in str(caught.value)
        assert "is full: the last change was not saved (all before it is)" in explain(caught.value, path)
        assert project.count_documents() == saved > 0
        project.conn.execute("PRAGMA max_page_count = 1000000")
        project.add_document("There is room again.")
    assert assert_sound(path)["documents"] == saved + 1


def test_a_non_ascii_path_works_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "Données" / "東京 проект ü"
    inputs = write_texts(folder / "entrées", TEXTS)
    project = folder / "Réunion été.annotator"

    assert invoke("import", project, *inputs, "--no-suggest")[0] == 0
    assert invoke("export", project, folder / "sortie é.jsonl")[0] == 0

    lines = (folder / "sortie é.jsonl").read_text("utf-8").splitlines()
    assert sorted(json.loads(line)["text"] for line in lines) == sorted(TEXTS)
    assert assert_sound(project)["documents"] == 3


@pytest.mark.parametrize("how", ["deleted", "moved", "replaced"])
def test_a_project_file_gone_while_open_is_rescued_not_lost(tmp_path: Path, how: str) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path) as project:
        project.add_document(TEXTS[0])
        if how == "deleted":
            path.unlink()
        elif how == "moved":
            path.rename(tmp_path / "elsewhere.annotator")
        else:
            path.rename(tmp_path / "old.annotator")
            Project.open(path).close()

        with pytest.raises(FileGone) as caught:
            project.add_document(TEXTS[1])

    rescue = tmp_path / "news.recovered-1.annotator"
    gone = "replaced by another file" if how == "replaced" else "deleted or moved"
    assert str(caught.value) == (
        f"the project file {path} was {gone} while open: nothing more is saved there; "
        f"everything up to now was saved to {rescue}; open that file to go on"
    )
    if how != "replaced":
        # A new project made at the same path shares the old one's journal name: SQLite cannot keep the
        # old one's unsaved journal apart from it, so only deletion and moving promise the data back.
        assert_sound(rescue)
        with Project.open(rescue) as rescued:
            assert [document.text for document in rescued.documents()] == [TEXTS[0]]


def test_a_project_opened_by_a_relative_path_survives_a_change_of_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Project.open(Path("news.annotator")) as project:
        project.add_document(TEXTS[0])
        monkeypatch.chdir(tmp_path.parent)
        project.add_document(TEXTS[1])
        assert project.count_documents() == 2


def refused_file(path: Path, kind: str) -> None:
    """A file annotator must refuse: another program's SQLite file, a newer project, or no database at all."""
    if kind == "not SQLite":
        path.write_bytes(b"just some notes\n" * 100)
        return
    if kind == "newer project":
        Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # as most programs leave their files: header bytes 18-19 = 1
    if kind == "newer project":
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        conn.execute("CREATE TABLE birds (name TEXT)")
        conn.execute("INSERT INTO birds VALUES ('wren')")
        if kind == "another program's, with a version":
            conn.execute("PRAGMA user_version = 7")
    conn.close()


@pytest.mark.parametrize("read_only", [False, True], ids=["open", "read-only"])
@pytest.mark.parametrize(
    "kind", ["another program's", "another program's, with a version", "newer project", "not SQLite"]
)
def test_a_refused_file_is_not_touched(tmp_path: Path, kind: str, read_only: bool) -> None:
    """Issue 13, item 10: refused files were switched to WAL first (bytes 18-19 of the header)."""
    path = tmp_path / "other.db"
    refused_file(path, kind)
    before = {file.name: file.read_bytes() for file in tmp_path.iterdir()}
    with pytest.raises((SchemaError, sqlite3.DatabaseError)) as caught:
        Project.open(path, read_only=read_only)
    assert {file.name: file.read_bytes() for file in tmp_path.iterdir()} == before
    if kind != "not SQLite":
        assert before["other.db"][18:20] == b"\x01\x01"
        reason = "newer annotator" if kind == "newer project" else "not an annotator project"
        assert reason in str(caught.value)


@pytest.mark.parametrize("name", ["file:news.annotator", "file:news?mode=memory", "a%20b#c?d.annotator"])
def test_a_project_path_is_a_path_never_an_sqlite_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Issue 13, item 18: ``file:news.annotator`` was opened as a URI, making ``news.annotator`` instead."""
    monkeypatch.chdir(tmp_path)
    inputs = write_texts(tmp_path / "in", TEXTS[:1])
    assert invoke("import", name, *inputs, "--no-suggest")[0] == 0
    with Project.open(tmp_path / "sub" / name) as project:
        project.add_document(TEXTS[1])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([name, "in", "sub"])
    assert sorted(path.name for path in (tmp_path / "sub").iterdir()) == [name]
    assert assert_sound(tmp_path / name)["documents"] == 1
    with Project.open(Path(name), read_only=True) as project:
        assert [document.text for document in project.documents()] == TEXTS[:1]
