"""Replace output files and folders only when complete: write to a temp one, fsync, ``os.replace``."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

NEW_FILE_MODE = 0o644
# Temp files and folders are named with this short prefix and a random part, beside their target: a
# name made from the target's own (``.NAME.xxxx.tmp``) is longer than a target named near the file
# system's limit (255 bytes) and could not be created.
TEMP_PREFIX = ".annotator-"
TEMP_SUFFIX = ".tmp"


class ExportRefused(ValueError):
    """An export target the export will not write (the project itself, a folder of other files): why."""


@contextlib.contextmanager
def atomic_files(targets: list[Path]) -> Iterator[list[BinaryIO]]:
    """Binary handles whose contents replace ``targets`` when the block ends without error.

    Each handle writes to a temp file in its target's folder. On success every
    temp file is synced to disk and renamed over its target; on any exception
    (cancelling included) the temp files are removed and the targets stay as
    they were. Targets are replaced one after the other, each atomically.
    """
    opened: list[tuple[BinaryIO, Path, Path]] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
            opened.append((os.fdopen(fd, "wb"), Path(name), target))
        yield [handle for handle, _, _ in opened]
        for handle, temp, target in opened:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.chmod(temp, _mode_for(target))
        for _, temp, target in opened:
            os.replace(temp, target)
        for folder in {target.parent for target in targets}:
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
    """:class:`ExportRefused` if a folder export would replace anything but a folder of ``.spacy`` files."""
    for target in targets:
        if target.exists() and not (target.is_dir() and _only_exported(target)):
            kind = "folder holds files other than .spacy files" if target.is_dir() else "is a file"
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
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.append(
                (Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)), target)
            )
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
