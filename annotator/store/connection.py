"""SQLite connection with nestable transactions that sqlite-utils cannot commit early."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 15.0


class Connection(sqlite3.Connection):
    """A connection whose ``with`` block is a no-op inside :func:`transaction`.

    sqlite-utils wraps its writes in ``with conn:``, which commits on exit. Inside
    one of our transactions that would commit half of a user action, so while a
    transaction is open the context manager leaves commit and rollback to us.
    """

    depth: int = 0
    batch: str | None = None

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
    return conn


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
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        else:
            conn.execute(f"RELEASE {name}")
        finally:
            conn.depth -= 1
        return
    conn.execute("BEGIN IMMEDIATE")
    conn.depth = 1
    conn.batch = uuid.uuid4().hex
    try:
        yield conn.batch
    except BaseException:
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
