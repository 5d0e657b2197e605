"""What the annotation window asks of the project, each a named read, so no layer above the store runs SQL.

The document list's rows a page at a time and how sure the stance model is of each
document (for the order "least certain first"), the next unfinished document, whether
another connection has committed, which documents it touched and whether another program wrote it, and
where the annotator's undoable history starts in the event log. Each stays fast at 100,000
documents and a million events (benchmarks/bench_big.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from annotator.store.base import ProjectBase

# Longest start of the text shown for a document without a title.
UNTITLED_CHARS = 80


# The p of a quote's stance guess, if it has one. The CASE checks run in order: a cheap LIKE passes
# over quotes without a guess, and damaged (non-JSON) attributes are skipped rather than failing the read.
_GUESS_P = """
    CASE
        WHEN s.attributes NOT LIKE '%"suggested_stance"%' THEN NULL
        WHEN NOT json_valid(s.attributes) THEN NULL
        ELSE json_extract(s.attributes, '$.suggested_stance.p')
    END"""


def least_certain_first(ids: Sequence[int], certainties: Mapping[int, float]) -> list[int]:
    """``ids`` with the documents in ``certainties`` first, lowest first, then the others as given.

    Ties and the documents without a pending guess keep the order of ``ids`` (the sort is stable).
    """
    guessed = sorted((doc_id for doc_id in ids if doc_id in certainties), key=certainties.__getitem__)
    return guessed + [doc_id for doc_id in ids if doc_id not in certainties]


class DocumentRow(NamedTuple):
    """A document as its line in the document list shows it."""

    title: str  # its title, or the start of its text when it has none
    status: str
    pending: int  # suggestions waiting for a decision


class WindowReadsPart(ProjectBase):
    """Reads for the window and its Qt-free actions, named after what they answer."""

    def document_rows(self, ids: Sequence[int]) -> dict[int, DocumentRow]:
        """Title, status and pending count of the documents ``ids`` that exist (one query: pass a page)."""
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT d.id, CASE WHEN d.title != '' THEN d.title ELSE substr(d.text, 1, ?) END, d.status,"
            " (SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.status = 'suggested')"
            f" FROM documents d WHERE d.id IN ({marks})",
            (UNTITLED_CHARS, *ids),
        )
        return {doc_id: DocumentRow(title, status, pending) for doc_id, title, status, pending in rows}

    def least_certainties(self, ids: Sequence[int] | None = None) -> dict[int, float]:
        """Each document's least certainty: the lowest p of the stance guesses still waiting on its quotes.

        A pending guess is one on a quote without a stance that is not rejected, with a p from 0 to 1.
        Only documents with one are in the result (of all documents, or of ``ids``). The stance guess
        is the only probability the project stores: entity and quote suggestions carry none (a quote's
        rule-made ``confidence`` is a fixed score per rule, not comparable to p), so they count as
        certain. One query over the quotes' attributes: at 100,000 documents with 500,000 quotes it
        takes about a second (reading the quote rows is most of it), so the window reads it in a worker,
        once, and keeps it (``annotator.gui.certainties``).
        """
        where, params = "", ()
        if ids is not None:
            where, params = f" AND s.document_id IN ({','.join('?' * len(ids))})", tuple(ids)
        rows = self.conn.execute(
            f"SELECT document_id, min(p) FROM (SELECT s.document_id, {_GUESS_P} AS p FROM spans s"
            f" WHERE s.kind = 'quote' AND s.stance IS NULL AND s.status != 'rejected'{where})"
            " WHERE typeof(p) IN ('integer', 'real') AND p BETWEEN 0 AND 1 GROUP BY document_id",
            params,
        )
        return {doc_id: float(p) for doc_id, p in rows}

    def next_unfinished_document(self, after: int | None) -> int | None:
        """The first new or in-progress document after ``after`` (None: from the start), wrapping round.

        None when no document but ``after`` itself is unfinished.
        """
        row = self.conn.execute(
            "SELECT id FROM documents WHERE status IN ('new', 'in_progress')"
            " ORDER BY id > ? DESC, id LIMIT 1",
            (after if after is not None else -1,),
        ).fetchone()
        return None if row is None or row[0] == after else int(row[0])

    def last_worked_document(self) -> int | None:
        """The document of the latest annotation (span, link or status change) still in the project."""
        row = self.conn.execute(
            "SELECT document_id FROM events WHERE document_id IN (SELECT id FROM documents)"
            " AND (action LIKE 'span.%' OR action LIKE 'relation.%' OR action = 'document.status')"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else int(row[0])

    def data_version(self) -> int:
        """A number that changes when another connection commits to the file, and only then.

        SQLite keeps it in memory, so polling it costs no file access.
        """
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def in_transaction(self) -> bool:
        """True while this connection has a transaction open (reads would see its uncommitted changes)."""
        return bool(self.conn.depth)

    def last_event_id(self) -> int:
        """The id of the newest logged change (0 for an empty log)."""
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])

    def others_logged_since(self, event_id: int) -> bool:
        """Whether a change logged after ``event_id`` was written outside this connection's session.

        That is another program's change: the window's own connection, its workers and its pipeline
        process write under the window's session (``Project.open(..., session=...)``). Without a
        session every change is another's.
        """
        if not self.conn.session:
            return self.last_event_id() > event_id
        mine = f"{self.conn.session}."  # how the session's batch ids start
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM events NOT INDEXED WHERE id > ? AND substr(batch, 1, ?) != ?)",
            (event_id, len(mine), mine),
        ).fetchone()
        return bool(row[0])

    def documents_changed_since(self, event_id: int) -> set[int]:
        """The documents that changes logged after ``event_id`` touched."""
        # NOT INDEXED: read only the new events by their ids. Left to itself SQLite scans the whole
        # events_document index for the distinct ids (100 ms at a million events, on every change).
        rows = self.conn.execute(
            "SELECT DISTINCT document_id FROM events NOT INDEXED WHERE id > ? AND document_id IS NOT NULL",
            (event_id,),
        )
        return {row[0] for row in rows}

    def undoable_run_start(
        self, annotator: str, actions: Collection[str], *, within: int
    ) -> tuple[int, str | None]:
        """Where ``annotator``'s unbroken run of ``actions`` at the end of the event log begins.

        Returns the id of the newest event that ends the run (another annotator's,
        or an action not in ``actions``), or of the ``within``-th newest event if the
        run is longer, and that event's batch: the run is the events after that id,
        less any that share its batch. ``(0, None)`` when the run is the whole log.
        Three indexed look-ups, however long the log.
        """
        row = self.conn.execute(
            "SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?", (within - 1,)
        ).fetchone()
        after_id = row[0] if row else 0
        kinds = sorted(actions)
        marks = ",".join("?" * len(kinds))
        row = self.conn.execute(
            f"SELECT id FROM events WHERE id > ? AND (annotator IS NOT ? OR action NOT IN ({marks}))"
            " ORDER BY id DESC LIMIT 1",
            (after_id, annotator, *kinds),
        ).fetchone()
        after_id = row[0] if row else after_id
        cut = self.conn.execute("SELECT batch FROM events WHERE id = ?", (after_id,)).fetchone()
        return after_id, None if cut is None else cut[0]
