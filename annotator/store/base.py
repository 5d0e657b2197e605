"""What every part of a project shares: the open connection, reads, transactions and the event log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from annotator.store.connection import Connection, stop_when, transaction
from annotator.store.events import INSERT_EVENT, event_json, now


class StoreError(ValueError):
    """A change the project refuses, with a message meant for the user."""


class DamagedRow(StoreError):
    """A row of the project file that cannot be read as what it should hold: changed outside annotator.

    Names the row (``table``, ``row_id``, ``column``) and, for a document's own rows, ``document_id``,
    so that a caller can say which, leave that document out and go on with the others.
    """

    def __init__(
        self, table: str, row_id: int | str, column: str, reason: str, *, document_id: int | None = None
    ) -> None:
        self.table = table
        self.row_id = row_id
        self.column = column
        self.reason = reason
        self.document_id = document_id
        row = row_id if isinstance(row_id, int) else repr(row_id)
        of = f" (document {document_id})" if document_id is not None and table != "documents" else ""
        super().__init__(f"the project file is damaged: {table} row {row}{of}, column {column}, {reason}")


def load_json(
    raw: Any,
    table: str,
    row_id: int | str,
    column: str,
    *,
    document_id: int | None = None,
    want: type | None = dict,
) -> Any:
    """The JSON in ``table`` row ``row_id``'s ``column``, of the type ``want``; else :class:`DamagedRow`."""
    try:
        value = json.loads(raw)
    except (ValueError, TypeError, RecursionError) as error:
        # ValueError: not JSON, or an integer too long to convert; TypeError: not text at all.
        reason = f"is not valid JSON ({error})" if isinstance(raw, str | bytes) else "holds no text"
        raise DamagedRow(table, row_id, column, reason, document_id=document_id) from error
    if want is not None and not isinstance(value, want):
        reason = (
            f"holds a JSON {type(value).__name__}, not an object" if want is dict else "has the wrong type"
        )
        raise DamagedRow(table, row_id, column, reason, document_id=document_id)
    return value


# What the file itself can raise (not a project file, read-only, disk full, locked): callers
# outside the store catch this name, and ``annotator.store.connection.explain`` words it.
FileError = sqlite3.Error


class ProjectBase:
    """The connection and event log the parts of :class:`~annotator.store.Project` build on.

    Every public method that writes opens one :meth:`transaction` and logs each
    change in it with :meth:`_log`, so one user action is one batch of events.
    """

    path: Path
    conn: Connection
    annotator: str

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows of ``sql`` (with ``params``) as dicts keyed by column name."""
        cursor = self.conn.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(columns, row, strict=True))

    def stop_reads_when(self, should_stop: Callable[[], bool]) -> None:
        """From now on a read fails (:data:`FileError`, "interrupted") soon after ``should_stop()`` is true.

        For a worker's own connection: its long reads end when the work is no longer wanted.
        """
        stop_when(self.conn, should_stop)

    def transaction(self) -> AbstractContextManager[str]:
        """Group writes into one atomic action (nestable); yields the batch id."""
        if self.conn.read_only:
            raise StoreError(f"{self.path} was opened read-only: nothing in it can be changed")
        return transaction(self.conn)

    def _log(
        self,
        action: str,
        target: str,
        target_id: int | None,
        *,
        document_id: int | None,
        before: Any = None,
        after: Any = None,
        annotator: str | None = None,
        at: str | None = None,
    ) -> None:
        """Append one change to the event log, in the open transaction's batch."""
        self.conn.execute(
            INSERT_EVENT,
            (
                self.conn.batch or "",
                at or now(),
                annotator or self.annotator,
                action,
                document_id,
                target,
                target_id,
                event_json(before),
                event_json(after),
            ),
        )

    def events(self, document_id: int | None = None, after_id: int = 0) -> list[dict[str, Any]]:
        """Logged changes in order, optionally of one document, newer than ``after_id``."""
        where, params = "id > ?", [after_id]
        if document_id is not None:
            where += " AND document_id = ?"
            params.append(document_id)
        rows = self.query(f"SELECT * FROM events WHERE {where} ORDER BY id", params)
        return [
            {
                **row,
                **{
                    column: None
                    if row[column] is None
                    else load_json(
                        row[column], "events", row["id"], column, document_id=row["document_id"], want=None
                    )
                    for column in ("before", "after")
                },
            }
            for row in rows
        ]
