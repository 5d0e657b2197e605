"""Replace output files only when they are complete: temp file, fsync, ``os.replace``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

NEW_FILE_MODE = 0o644


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
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
