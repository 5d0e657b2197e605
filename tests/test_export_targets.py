"""What an export may replace (issue 13, items 13, 14, 16): links are written through, devices, FIFOs,
sockets and the project's own files are refused and left as they were, old temp files are cleaned up."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.exporting import ExportRefused, export_docbin, export_jsonl
from annotator.exporting.atomic import STALE_SECONDS, TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temps
from annotator.store import Project

# Devices, FIFOs, sockets, links and locks as POSIX has them.
fcntl = pytest.importorskip("fcntl")
OLD = b"the previous export\n"


@pytest.fixture
def filled(project: Project) -> Project:
    project.add_documents([{"text": "Ana Ruiz met Tom Briggs in Denver."}, {"text": "Tom went home."}])
    return project


def state(path: Path) -> tuple[bool, int, bytes | None]:
    """Whether ``path`` is a link, its file type, and a regular file's bytes: what an export must keep."""
    mode = path.stat().st_mode
    return path.is_symlink(), stat.S_IFMT(mode), path.read_bytes() if stat.S_ISREG(mode) else None


def test_an_export_to_a_link_writes_the_linked_file_and_keeps_the_link(
    filled: Project, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "real.jsonl"
    real.write_bytes(OLD)
    real.chmod(0o600)
    middle = tmp_path / "middle.jsonl"
    middle.symlink_to(Path("data") / "real.jsonl")  # relative, and a link to a link
    link = tmp_path / "link.jsonl"
    link.symlink_to(middle)

    report = export_jsonl(filled, link)

    assert report.files == [link] and report.documents == 2
    assert link.is_symlink() and middle.is_symlink() and os.readlink(link) == str(middle)
    assert real.read_bytes().count(b"\n") == 2 and b"Ana Ruiz" in real.read_bytes()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # the linked file keeps its permissions
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*"))


def test_split_parts_and_a_spacy_file_are_written_through_their_links(
    filled: Project, tmp_path: Path
) -> None:
    for name in ("real.train.jsonl", "real.dev.jsonl", "real.spacy"):
        (tmp_path / name).write_bytes(OLD)
    (tmp_path / "out.train.jsonl").symlink_to("real.train.jsonl")
    (tmp_path / "out.dev.jsonl").symlink_to("real.dev.jsonl")
    (tmp_path / "out.spacy").symlink_to("real.spacy")

    export_jsonl(filled, tmp_path / "out.jsonl", split=0.5)
    export_docbin(filled, tmp_path / "out.spacy")

    for name in ("out.train.jsonl", "out.dev.jsonl", "out.spacy"):
        assert (tmp_path / name).is_symlink()
    for name in ("real.train.jsonl", "real.dev.jsonl", "real.spacy"):
        assert (tmp_path / name).read_bytes() != OLD


def test_split_parts_linked_to_one_file_are_refused(filled: Project, tmp_path: Path) -> None:
    (tmp_path / "real.jsonl").write_bytes(OLD)
    (tmp_path / "out.train.jsonl").symlink_to("real.jsonl")
    (tmp_path / "out.dev.jsonl").symlink_to("real.jsonl")

    with pytest.raises(ExportRefused, match="are one file"):
        export_jsonl(filled, tmp_path / "out.jsonl", split=0.5)
    assert (tmp_path / "real.jsonl").read_bytes() == OLD


@contextlib.contextmanager
def unix_socket(path: Path) -> Iterator[None]:
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        yield


def fifo(path: Path) -> contextlib.AbstractContextManager[None]:
    os.mkfifo(path)
    return contextlib.nullcontext()


def link_to_null(path: Path) -> contextlib.AbstractContextManager[None]:
    path.symlink_to("/dev/null")
    return contextlib.nullcontext()


def nothing(_path: Path) -> contextlib.AbstractContextManager[None]:
    return contextlib.nullcontext()


HOSTILE: dict[str, tuple[Callable[[Path], contextlib.AbstractContextManager[None]], str]] = {
    "fifo": (fifo, r"a FIFO \(named pipe\)"),
    "socket": (unix_socket, "a socket"),
    "link to /dev/null": (link_to_null, "a character device"),
}


@pytest.mark.parametrize("suffix", [".jsonl", ".spacy"])
@pytest.mark.parametrize("kind", list(HOSTILE))
def test_fifos_sockets_and_links_to_devices_are_refused_and_left_as_they_were(
    filled: Project, tmp_path: Path, kind: str, suffix: str
) -> None:
    make, said = HOSTILE[kind]
    out = tmp_path / f"out{suffix}"
    with make(out):
        before = state(out)
        with pytest.raises(ExportRefused, match=f"is {said}, not a regular file"):
            (export_jsonl if suffix == ".jsonl" else export_docbin)(filled, out)
        assert state(out) == before
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


@pytest.mark.parametrize(
    "args", [["--format", "jsonl"], ["--format", "spacy"], ["--format", "jsonl", "--processes", "2"]]
)
def test_the_command_line_refuses_dev_null_with_exit_2_and_leaves_it_a_device(
    filled: Project, args: list[str]
) -> None:
    result = CliRunner().invoke(main, ["export", str(filled.path), "/dev/null", *args])

    assert result.exit_code == 2, result.output
    assert "/dev/null is a character device" in result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_to_nowhere_is_refused_and_kept(filled: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.symlink_to("missing.jsonl")

    with pytest.raises(ExportRefused, match="does not exist"):
        export_jsonl(filled, out)
    assert out.is_symlink() and not (tmp_path / "missing.jsonl").exists()


@pytest.mark.parametrize("points_to", ["a folder of shards", "nowhere"])
def test_a_folder_export_to_a_link_is_refused_and_the_folder_kept(
    filled: Project, tmp_path: Path, points_to: str
) -> None:
    real = tmp_path / "real"
    if points_to == "a folder of shards":
        real.mkdir()
        (real / "00000.spacy").write_bytes(OLD)
    out = tmp_path / "corpus"
    out.symlink_to(real)

    with pytest.raises(ExportRefused, match="is a symbolic link"):
        export_docbin(filled, out)
    assert out.is_symlink()
    assert points_to == "nowhere" or (real / "00000.spacy").read_bytes() == OLD


SIDE_FILES = ["-wal", "-shm", "-journal"]


@pytest.mark.parametrize("side", SIDE_FILES)
@pytest.mark.parametrize("named", ["as it is", "relatively", "through a link", "by a hard link"])
def test_an_export_to_a_file_sqlite_keeps_beside_the_project_is_refused(
    filled: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, side: str, named: str
) -> None:
    own = Path(f"{filled.path}{side}")
    if named == "by a hard link" and not own.exists():
        own.write_bytes(b"")  # -journal exists only mid-transaction outside WAL mode
    before = own.read_bytes() if own.exists() else None
    out = own
    if named == "relatively":
        (tmp_path / "sub").mkdir()
        monkeypatch.chdir(tmp_path / "sub")
        out = Path("..") / own.name
    elif named == "through a link":
        out = tmp_path / "link.jsonl"
        out.symlink_to(own)
    elif named == "by a hard link":
        out = tmp_path / "hard.jsonl"
        os.link(own, out)

    with pytest.raises(ExportRefused, match=f"SQLite {side[1:]} file"):
        export_jsonl(filled, out)
    assert (own.read_bytes() if own.exists() else None) == before


def test_the_command_line_refuses_the_wal_with_exit_2_and_the_project_stays_whole(filled: Project) -> None:
    wal = Path(f"{filled.path}-wal")

    result = CliRunner().invoke(main, ["export", str(filled.path), str(wal), "--format", "jsonl"])

    assert result.exit_code == 2, result.output
    assert "SQLite wal file" in result.output
    with Project.open(filled.path, read_only=True) as again:
        assert again.count_documents() == 2


def make_temp(folder: Path, name: str, *, is_dir: bool = False, age: float = 2 * STALE_SECONDS) -> Path:
    path = folder / name
    if is_dir:
        path.mkdir()
        (path / "00000.spacy").write_bytes(OLD)
        os.utime(path / "00000.spacy", (time.time() - age,) * 2)
    else:
        path.write_bytes(OLD)
    os.utime(path, (time.time() - age,) * 2)
    return path


def test_old_temp_files_of_interrupted_exports_are_removed_and_named(filled: Project, tmp_path: Path) -> None:
    stale_file = make_temp(tmp_path, f"{TEMP_PREFIX}abcd_123{TEMP_SUFFIX}")
    stale_folder = make_temp(tmp_path, f"{TEMP_PREFIX}zzzzzzzz{TEMP_SUFFIX}", is_dir=True)
    kept = [
        make_temp(tmp_path, f"{TEMP_PREFIX}recent00{TEMP_SUFFIX}", age=60),  # maybe an export under way
        make_temp(tmp_path, f"{TEMP_PREFIX}abc{TEMP_SUFFIX}"),  # not a name tempfile makes
        make_temp(tmp_path, f"{TEMP_PREFIX}ABCDEFGH{TEMP_SUFFIX}"),
        make_temp(tmp_path, f"{TEMP_PREFIX}abcdefgh{TEMP_SUFFIX}.keep"),
        make_temp(tmp_path, f"notes{TEMP_PREFIX}abcdefgh{TEMP_SUFFIX}"),
        make_temp(tmp_path, f"{TEMP_PREFIX}abcdefgh.old", is_dir=True),  # a swapped-out folder export
    ]
    target = make_temp(tmp_path, "precious.txt")
    planted = tmp_path / f"{TEMP_PREFIX}linklink{TEMP_SUFFIX}"
    planted.symlink_to(target)
    locked = make_temp(tmp_path, f"{TEMP_PREFIX}locked00{TEMP_SUFFIX}")
    kept += [target, planted, locked]

    with locked.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a running export holds its temp file
        report = export_jsonl(filled, tmp_path / "out.jsonl")

    assert not stale_file.exists() and not stale_folder.exists()
    assert all(path.exists() or path.is_symlink() for path in kept)
    assert target.read_bytes() == OLD
    [note] = [problem for problem in report.problems if "temporary" in problem.message]
    assert note.severity == "warning" and note.where == str(tmp_path)
    assert stale_file.name in note.message and stale_folder.name in note.message
    assert "removed 2 temporary files" in note.message


def test_a_temp_folder_with_a_recent_shard_is_not_stale(tmp_path: Path) -> None:
    folder = make_temp(tmp_path, f"{TEMP_PREFIX}shards00{TEMP_SUFFIX}", is_dir=True)
    (folder / "00001.spacy").write_bytes(OLD)  # a worker wrote this just now

    assert remove_stale_temps(tmp_path) == []
    assert folder.exists()


def test_temp_files_beside_a_linked_file_are_cleaned_where_the_file_is(
    filled: Project, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "real.jsonl").write_bytes(OLD)
    stale = make_temp(tmp_path / "data", f"{TEMP_PREFIX}abcdefgh{TEMP_SUFFIX}")
    (tmp_path / "out.jsonl").symlink_to(tmp_path / "data" / "real.jsonl")

    export_jsonl(filled, tmp_path / "out.jsonl")

    assert not stale.exists()
