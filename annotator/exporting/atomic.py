"""Replace output files and folders only when complete: write to a temp one, fsync, ``os.replace``.

A link to a file is written through (the linked file gets the export, the link stays); anything else
that is not a plain file or folder (a device, a FIFO, a socket, a link to a folder or to nothing) and
the project's own files are refused. Temp files an interrupted export left behind are removed by the
next export to the same folder once they are old and nothing holds them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

try:  # POSIX: a temp file or folder in use is locked, so that no other export removes it
    import fcntl
except ImportError:  # Windows: age alone decides
    fcntl = None  # type: ignore[assignment]

NEW_FILE_MODE = 0o644
# Temp files and folders are named with this short prefix and a random part, beside their target: a
# name made from the target's own (``.NAME.xxxx.tmp``) is longer than a target named near the file
# system's limit (255 bytes) and could not be created.
TEMP_PREFIX = ".annotator-"
TEMP_SUFFIX = ".tmp"
# Exactly the names tempfile.mkstemp and mkdtemp give with that prefix and suffix: only these are removed.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + "[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
# A temp file or folder unchanged for this long, and not locked, was left by an export that ended.
STALE_SECONDS = 3600.0
# The files SQLite keeps beside a project while it is open, and deletes or rewrites.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class ExportRefused(ValueError):
    """An export target the export will not write (the project itself, a folder of other files): why."""


def _kind(mode: int) -> str:
    """What a file of ``mode`` is, for a message: "a FIFO", "a folder"..."""
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((name for test, name in kinds if test(mode)), "a file")


def _same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: after links and ``..``, or as hard links of one file."""
    if Path(os.path.realpath(first)) == Path(os.path.realpath(second)):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist
        return False


def refuse_project_files(targets: list[Path], project: Path) -> None:
    """:class:`ExportRefused` if a target is the project file, or a file SQLite keeps beside it."""
    for target in targets:
        if _same_file(target, project):
            raise ExportRefused(f"{target} is the project file itself: choose another file to export to")
        for base in {project, Path(os.path.realpath(project))}:
            for side in SQLITE_SIDE_FILES:
                if _same_file(target, Path(f"{base}{side}")):
                    raise ExportRefused(
                        f"{target} is the project's SQLite {side[1:]} file, which SQLite rewrites and "
                        "deletes: choose another file to export to"
                    )


def file_to_write(target: Path) -> Path:
    """The file an export to ``target`` replaces: ``target``, or the file a link at ``target`` names.

    :class:`ExportRefused` if that is not a regular file (a device, a FIFO, a socket, a folder) or the
    link leads nowhere: replacing those would destroy the device or the link, not write the export.
    An ``OSError`` (a file where a folder should be, a loop of links) is the caller's to report.
    """
    path = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path != target:
            raise ExportRefused(
                f"{target} is a symbolic link to {path}, which does not exist: "
                "export to that file itself, or remove the link"
            ) from None
        return path
    if not stat.S_ISREG(mode):
        raise ExportRefused(f"{target} is {_kind(mode)}, not a regular file: choose a file to export to")
    return path


def files_to_write(targets: list[Path]) -> list[Path]:
    """:func:`file_to_write` of each target; :class:`ExportRefused` if two of them are one file."""
    paths = [file_to_write(target) for target in targets]
    if len({Path(os.path.realpath(path)) for path in paths}) < len(paths):
        names = " and ".join(str(target) for target in targets)
        raise ExportRefused(f"{names} are one file (linked): choose names that are different files")
    return paths


@contextlib.contextmanager
def atomic_files(targets: list[Path]) -> Iterator[list[BinaryIO]]:
    """Binary handles whose contents replace ``targets`` when the block ends without error.

    A target that is a link to a file is written through: the linked file is
    replaced, the link stays (see :func:`file_to_write`, which refuses what is
    not a file). Each handle writes to a temp file in its target's folder. On success every
    temp file is synced to disk and renamed over its target; on any exception
    (cancelling included) the temp files are removed and the targets stay as
    they were. Targets are replaced one after the other, each atomically.
    """
    opened: list[tuple[BinaryIO, Path, Path]] = []
    try:
        for target in files_to_write(targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
            opened.append((os.fdopen(fd, "wb"), Path(name), target))
            _lock(fd)
        yield [handle for handle, _, _ in opened]
        for handle, temp, target in opened:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.chmod(temp, _mode_for(target))
        for _, temp, target in opened:
            os.replace(temp, target)
        for folder in {target.parent for _, _, target in opened}:
            _sync_folder(folder)
    finally:
        for handle, temp, _ in opened:
            handle.close()
            temp.unlink(missing_ok=True)


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual rw-r--r--."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return NEW_FILE_MODE


def _sync_folder(folder: Path) -> None:
    """Make the renames durable; some systems cannot open folders, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# What an export folder may already hold: its own shards and train/dev folders of shards.
_OWN_FILE_SUFFIX = ".spacy"


def _only_exported(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but ``.spacy`` files, directly or in subfolders."""
    return all(path.is_dir() or path.suffix == _OWN_FILE_SUFFIX for path in folder.rglob("*"))


def refuse_foreign_folders(targets: list[Path]) -> None:
    """:class:`ExportRefused` if a folder export would replace anything but a folder of ``.spacy`` files.

    A link is refused too: replacing it would leave the folder it names as it was.
    """
    for target in targets:
        if target.is_symlink():
            raise ExportRefused(
                f"{target} is a symbolic link (to {os.path.realpath(target)}): "
                "export to the folder itself, or to a new folder"
            )
        try:
            mode = target.stat().st_mode
        except FileNotFoundError:
            continue
        if not (stat.S_ISDIR(mode) and _only_exported(target)):
            kind = "folder holds files other than .spacy files" if stat.S_ISDIR(mode) else f"is {_kind(mode)}"
            raise ExportRefused(f"{target} {kind}: choose an empty or new folder to export to")


@contextlib.contextmanager
def atomic_folders(targets: list[Path]) -> Iterator[list[Path]]:
    """Empty temp folders whose contents replace the folders ``targets`` when the block ends without error.

    Each temp folder is made beside its target. On success every file in it is
    synced, and it is renamed over its target (an old target is moved aside
    first and then removed); on any exception the temp folders are removed and
    the targets stay as they were. A target that exists must be a folder of
    ``.spacy`` files, so that an export never deletes anything else.
    """
    refuse_foreign_folders(targets)
    made: list[tuple[Path, Path]] = []
    locks: list[int] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.append(
                (Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)), target)
            )
            locks.append(os.open(made[-1][0], os.O_RDONLY))
            _lock(locks[-1])
        yield [temp for temp, _ in made]
        for temp, _ in made:
            for path in temp.rglob("*"):
                if path.is_file():
                    _sync_file(path)
            os.chmod(temp, 0o755)
        for temp, target in made:
            _swap_folder(temp, target)
        for folder in {target.parent for target in targets}:
            _sync_folder(folder)
    finally:
        for fd in locks:
            os.close(fd)
        for temp, _ in made:
            shutil.rmtree(temp, ignore_errors=True)


def _sync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _swap_folder(temp: Path, target: Path) -> None:
    """Put ``temp`` where ``target`` is; the old ``target`` is gone only once ``temp`` is in place."""
    if not target.exists():
        os.replace(temp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=".old", dir=target.parent))
    os.replace(target, old / target.name)
    os.replace(temp, target)
    shutil.rmtree(old, ignore_errors=True)


def _lock(fd: int) -> None:
    """Mark the temp file or folder open at ``fd`` as in use until it is closed (POSIX)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without locks: age alone protects it
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _in_use(path: Path) -> bool:
    """Whether a live process holds the temp file or folder ``path`` (locked; unknown counts as held)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _last_change(path: Path, info: os.stat_result) -> float:
    """When ``path`` or anything in it (a temp folder's shards) last changed; links are not followed."""
    newest = info.st_mtime
    if stat.S_ISDIR(info.st_mode):
        for inner in path.rglob("*"):
            with contextlib.suppress(OSError):
                newest = max(newest, inner.lstat().st_mtime)
    return newest


def remove_stale_temps(folder: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temp files and folders an interrupted export left in ``folder``; those removed.

    Only names exactly as :func:`atomic_files` and :func:`atomic_folders` make them, files and
    folders (never links) of this user, unchanged for ``older_than`` seconds and not locked by a
    running export. What cannot be removed stays, unsaid.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        path = Path(entry.path)
        try:
            info = path.lstat()
        except OSError:
            continue
        is_dir, is_file = stat.S_ISDIR(info.st_mode), stat.S_ISREG(info.st_mode)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not (is_dir or is_file) or not mine or now - _last_change(path, info) < older_than:
            continue
        if _in_use(path):
            continue
        try:
            if is_dir:
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
