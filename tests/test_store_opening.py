"""Opening a project file: read-only opening never upgrades or writes; an upgrade's backup never replaces
anything (issue 13, item 7)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from annotator.store import SCHEMA_VERSION, FileError, Project, SchemaError, StoreError

FIXTURES = Path(__file__).parent / "fixtures" / "projects"


def old_project(folder: Path, version: int = 1) -> Path:
    """A copy of the schema-``version`` fixture project in ``folder``."""
    path = folder / "news.annotator"
    path.write_bytes((FIXTURES / f"schema-v{version}.annotator").read_bytes())
    return path


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_read_only_opening_refuses_an_older_schema_and_changes_nothing(tmp_path: Path) -> None:
    path = old_project(tmp_path)
    before = files_in(tmp_path)
    with pytest.raises(SchemaError, match=r"earlier annotator \(schema 1.*read-only command does not do"):
        Project.open(path, read_only=True)
    assert files_in(tmp_path) == before  # no upgrade, no backup, no WAL


def test_read_only_opening_reads_a_current_project_and_refuses_every_write(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path) as project:
        doc_id, _ = project.add_document("Mayor Ana Ruiz opened the bridge.")
    before = path.read_bytes()
    with Project.open(path, read_only=True) as reading:
        assert reading.read_only and reading.backup is None
        assert reading.stats()["documents"]["total"] == 1
        assert reading.document(doc_id).text == "Mayor Ana Ruiz opened the bridge."
        with pytest.raises(StoreError, match=r"news\.annotator was opened read-only: nothing in it can be"):
            reading.add_document("Li Wei said nothing.")
        with pytest.raises(StoreError, match="opened read-only"):
            reading.set_setting("topic", "bridges")
        with pytest.raises(FileError, match="readonly"):  # past the store's methods, SQLite refuses
            reading.conn.execute("DELETE FROM spans")
    assert path.read_bytes() == before


def test_read_only_opening_creates_no_file_and_no_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "news.annotator"
    with pytest.raises(StoreError, match="there is no project at"):
        Project.open(missing, read_only=True)
    assert not missing.parent.exists()
    empty = tmp_path / "empty.annotator"
    empty.touch()
    with pytest.raises(SchemaError, match="holds no project yet"):
        Project.open(empty, read_only=True)
    assert empty.read_bytes() == b""


def test_an_upgrade_keeps_an_earlier_backup_and_backs_up_under_the_next_free_name(tmp_path: Path) -> None:
    path = old_project(tmp_path)
    earlier = tmp_path / "news.annotator.v1.bak"
    earlier.write_bytes(b"an earlier backup, kept as it is")
    (tmp_path / "news.annotator.v1-2.bak").mkdir()  # taken by a folder: skipped too
    with Project.open(path) as project:
        assert project.backup == tmp_path / "news.annotator.v1-3.bak"
        assert project.stats()["documents"]["total"] == 2
    assert earlier.read_bytes() == b"an earlier backup, kept as it is"
    kept = sqlite3.connect(tmp_path / "news.annotator.v1-3.bak")
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    assert kept.execute("SELECT count(*) FROM spans").fetchone()[0] == 4
    kept.close()
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".annotator-copy-")]


def test_a_backup_is_as_private_as_the_project(tmp_path: Path) -> None:
    path = old_project(tmp_path)
    path.chmod(0o600)
    with Project.open(path) as project:
        assert project.backup is not None
        assert project.backup.stat().st_mode & 0o777 == 0o600


def test_a_project_opened_again_after_its_upgrade_makes_no_second_backup(tmp_path: Path) -> None:
    path = old_project(tmp_path, version=2)
    with Project.open(path) as project:
        assert project.backup == tmp_path / "news.annotator.v2.bak"
    with Project.open(path) as again:
        assert again.backup is None
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sorted(name for name in os.listdir(tmp_path) if ".bak" in name) == ["news.annotator.v2.bak"]
