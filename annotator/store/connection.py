"""SQLite connection with nestable transactions that sqlite-utils cannot commit early."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 15.0
# SQLite steps between two looks at a connection's stop check: well under a millisecond.
STOP_CHECK_STEPS = 10_000


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
    # Its permission bits when opened: copies of it (a rescue) get the same.
    mode: int = 0o600
    # Opened for reading only (``PRAGMA query_only``): every write fails.
    read_only: bool = False
    # Set by :func:`stop_when`: a statement running when it turns true is abandoned.
    should_stop: Callable[[], bool] | None = None
    # Who writes through it (see :func:`new_session`): the start of each of its batch ids; "" for none.
    session: str = ""

    def __enter__(self) -> Connection:
        if self.depth:
            return self
        return super().__enter__()

    def __exit__(self, *exc: object) -> bool:
        if self.depth:
            return False
        return bool(super().__exit__(*exc))


def database_uri(path: Path | str, mode: str) -> str:
    """An SQLite URI naming exactly the file ``path``, opened ``mode`` (``ro``, ``rw`` or ``rwc``).

    SQLite, as built here, reads any name that starts with ``file:`` as a URI even when not asked to: a
    project called ``file:news?mode=memory`` would be some other file, or none. So every path goes to SQLite
    as a URI made from the absolute path, ``?``, ``#`` and ``%`` escaped: a path is always a path.
    """
    return f"{Path(path).absolute().as_uri()}?mode={mode}"


def connect(path: Path | str, *, read_only: bool = False) -> Connection:
    """Open ``path`` in autocommit mode with foreign keys and a busy timeout, changing nothing in the file.

    A file that is not there is created (an empty one), unless ``read_only``; a read-only connection
    refuses every write (``PRAGMA query_only``). WAL, which is written into the file's header, is switched
    on by :func:`use_wal` once the file is known to be a project.
    """
    memory = str(path) == ":memory:"
    conn = sqlite3.connect(
        ":memory:" if memory else database_uri(path, "rw" if read_only else "rwc"),
        timeout=BUSY_TIMEOUT_S,
        factory=Connection,
        isolation_level=None,
        check_same_thread=False,
        uri=not memory,
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
            conn.read_only = True
        if not memory:
            found = os.stat(path)
            conn.opened = (Path(path).absolute(), (found.st_dev, found.st_ino))
            conn.mode = found.st_mode & 0o7777
    except BaseException:
        conn.close()
        raise
    return conn


def stop_when(conn: Connection, should_stop: Callable[[], bool]) -> None:
    """Abandon ``conn``'s running statement soon after ``should_stop()`` is true.

    The statement then fails with ``sqlite3.OperationalError`` ("interrupted"): a long read in
    a worker ends within a millisecond of being asked to stop (the window is closing, or its
    result is no longer wanted) instead of running to its end.
    """
    conn.should_stop = should_stop
    conn.set_progress_handler(lambda: bool(should_stop()), STOP_CHECK_STEPS)


def use_wal(conn: Connection) -> None:
    """Switch the file to WAL (a change to its header): only once it is known to be a project."""
    if conn.opened is not None:
        conn.execute("PRAGMA journal_mode = WAL")


def save_copy(source: sqlite3.Connection, names: Iterable[Path], *, mode: int) -> Path:
    """Copy the database ``source`` has open to the first of ``names`` that is free; returns that name.

    SQLite's backup writes the copy (a consistent state, even while others use the file) in a private
    folder made for it; it then gets its name by a hard link, which fails rather than replace anything. A
    name that is taken, by a file or by a symbolic link (even one pointing nowhere), is skipped, never
    written through: a link planted at the name cannot catch the project's data. Without hard links (FAT
    drives) the copy is written to a file created exclusively (``O_EXCL``), which gives the same promise.
    ``mode``: the copy's permission bits (those of the project, so a private project stays private).
    """
    candidates = iter(names)
    first = next(candidates)
    private = Path(tempfile.mkdtemp(prefix=".annotator-copy-", dir=first.parent))
    try:
        staged = private / "copy"
        with closing(sqlite3.connect(database_uri(staged, "rwc"), uri=True)) as copy:
            source.backup(copy)
        os.chmod(staged, mode)
        for name in itertools.chain([first], candidates):
            if _place(staged, name, mode):
                return name
        raise AssertionError("names ran out")  # pragma: no cover - callers give endless names
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _place(staged: Path, name: Path, mode: int) -> bool:
    """Give the file ``staged`` the name ``name`` unless something has it already; whether it did."""
    try:
        os.link(staged, name)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass  # no hard links on this file system: copy into a file only this call can have created
    try:
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    except FileExistsError:
        return False
    try:
        with open(descriptor, "wb") as out, open(staged, "rb") as copied:
            shutil.copyfileobj(copied, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        name.unlink(missing_ok=True)
        raise
    return True


def rescue_names(path: Path) -> Iterator[Path]:
    """Names next to ``path`` for a copy of a project whose file went away: ``NAME.recovered-N.SUFFIX``."""
    for number in itertools.count(1):
        yield path.with_name(f"{path.stem}.recovered-{number}{path.suffix}")


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
        rescue = save_copy(conn, rescue_names(path), mode=conn.mode)
        saved = f"everything up to now was saved to {rescue}; open that file to go on"
    except (OSError, sqlite3.Error) as error:
        saved = f"a copy could not be saved ({error}); keep this window open and free the path"
    raise FileGone(f"the project file {path} was {how} while open: nothing more is saved there; {saved}")


def new_session() -> str:
    """A name for one program's writes, shared by the connections and processes that write for it.

    A window opens its project, its workers' connections and its pipeline process's under one
    session, so that its own changes can be told from another program's in the event log.
    """
    return uuid.uuid4().hex[:12]


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
    # Under a session the batch id is SESSION.HEX; a plain hex uuid (no dot) is no session's.
    conn.batch = f"{conn.session}.{uuid.uuid4().hex}" if conn.session else uuid.uuid4().hex
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
