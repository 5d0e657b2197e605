"""SQLite connection with nestable transactions that sqlite-utils cannot commit early."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 15.0


class FileGone(sqlite3.OperationalError):
    """The project file was deleted, moved or replaced while open; the message says where its data went."""


class Connection(sqlite3.Connection):
    """A connection whose ``with`` block is a no-op inside :func:`transaction`.

    sqlite-utils wraps its writes in ``with conn:``, which commits on exit. Inside
    one of our transactions that would commit half of a user action, so while a
    transaction is open the context manager leaves commit and rollback to us.
    """

    depth: int = 0
    batch: str | None = None
    # The file this connection opened, as (path, (device, inode)); None for ":memory:".
    opened: tuple[Path, tuple[int, int]] | None = None

    def __enter__(self) -> Connection:
        if self.depth:
            return self
        return super().__enter__()

    def __exit__(self, *exc: object) -> bool:
        if self.depth:
            return False
        return bool(super().__exit__(*exc))


def connect(path: Path | str) -> Connection:
    """Open ``path`` in autocommit mode with WAL, foreign keys and a busy timeout."""
    conn = sqlite3.connect(
        str(path),
        timeout=BUSY_TIMEOUT_S,
        factory=Connection,
        isolation_level=None,
        check_same_thread=False,
    )
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if str(path) != ":memory:":
        found = os.stat(path)
        conn.opened = (Path(path).absolute(), (found.st_dev, found.st_ino))
    return conn


def rescue_path(path: Path) -> Path:
    """A free name next to ``path`` for a copy of a project whose file went away."""
    number = 1
    while True:
        candidate = path.with_name(f"{path.stem}.recovered-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def check_file(conn: Connection) -> None:
    """Raise :class:`FileGone` if the open file is no longer at its path, after saving a copy.

    Writes to a deleted file would vanish when the program closes; writes to a
    moved one would land where the user no longer looks. So before each change
    the path is checked, and if it no longer names the file this connection has
    open, the open database is copied to a free name at the old place.
    """
    if conn.opened is None:
        return
    path, identity = conn.opened
    try:
        found = os.stat(path)
        if (found.st_dev, found.st_ino) == identity:
            return
        how = "replaced by another file"
    except FileNotFoundError:
        how = "deleted or moved"
    except OSError as error:
        how = f"out of reach ({error.strerror}: a removed drive?)"
    try:
        rescue = rescue_path(path)
        with sqlite3.connect(rescue) as copy:
            conn.backup(copy)
        copy.close()
        saved = f"everything up to now was saved to {rescue}; open that file to go on"
    except (OSError, sqlite3.Error) as error:
        saved = f"a copy could not be saved ({error}); keep this window open and free the path"
    raise FileGone(f"the project file {path} was {how} while open: nothing more is saved there; {saved}")


@contextmanager
def transaction(conn: Connection) -> Iterator[str]:
    """One atomic unit of work; nested calls become savepoints of the outer one.

    Yields the batch id shared by every event written in the outermost transaction,
    so that one user action can be undone as a whole.
    """
    if conn.depth:
        name = f"sp{conn.depth}"
        conn.execute(f"SAVEPOINT {name}")
        conn.depth += 1
        try:
            yield conn.batch or ""
        except BaseException:
            # SQLite may have rolled back the whole transaction already (disk full, I/O error).
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        else:
            conn.execute(f"RELEASE {name}")
        finally:
            conn.depth -= 1
        return
    check_file(conn)
    conn.execute("BEGIN IMMEDIATE")
    conn.depth = 1
    conn.batch = uuid.uuid4().hex
    try:
        yield conn.batch
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.depth = 0
        conn.batch = None


def explain(error: BaseException, path: Path) -> str | None:
    """What a failure of the project file at ``path`` means for the user, or None if it is not one."""
    if isinstance(error, FileGone):
        return str(error)
    if isinstance(error, sqlite3.OperationalError):
        reason = str(error).lower()
        if "locked" in reason or "busy" in reason:
            return (
                f"{path} is locked by another program (another annotator window or command?) and stayed so "
                f"for {BUSY_TIMEOUT_S:.0f} s; the change was not saved: try again when it has finished"
            )
        if "readonly" in reason or "read-only" in reason:
            return (
                f"{path} is read-only (the file, its folder or the drive): nothing was changed. "
                "Copy the project somewhere you can write to, or change its permissions"
            )
        if "full" in reason:
            return (
                f"the disk holding {path} is full: the last change was not saved (all before it is). "
                "Free some space and do it again"
            )
        if "disk i/o" in reason:
            return (
                f"{path} could not be read or written (disk I/O error: a removed or failing drive?); "
                "the last change was not saved"
            )
        if "unable to open" in reason:
            return (
                f"{path} cannot be opened: its folder is missing, not readable or read-only "
                "(annotator writes a journal file next to the project)"
            )
        return f"{path}: {error}"
    if isinstance(error, sqlite3.DatabaseError):
        return f"{path} is not an annotator project, or it is damaged ({error})"
    if isinstance(error, OSError):
        return f"{error.filename or path}: {error.strerror or error}"
    return None
