"""What the overview (issue 16) counts: each figure one grouped query, never a loop over documents.

The same conditions count a bar and list its documents (:meth:`OverviewReadsPart.overview_document_ids`),
so a bar's count and the documents a click on it shows always agree. At 100,000 documents with
10,000 decided, the counts take about a third of a second of CPU (benchmarks/bench_overview.py).
"""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from typing import Any, NamedTuple

from annotator.store.base import ProjectBase
from annotator.store.connection import connect, stop_when
from annotator.vocabulary import SPAN_KINDS, SPEAKER

# Every kind but quotes named, so that SQLite seeks each one's range of the spans_counts index.
_OTHER_KINDS = "(" + ", ".join(f"'{kind}'" for kind in SPAN_KINDS if kind != "quote") + ")"
# What is trimmed from a speaker's name: spaces, tabs, line breaks, no-break spaces.
_SPACES = "' ' || char(9, 10, 13, 160)"

# A document marked done, with the latest logged change that marked it so. A document marked done
# again later counts once, on its latest day; one reopened since counts nowhere; one whose status
# was set without a logged change (annotator itself logs every change) counts nowhere either.
_DONE_MARKS = """
    SELECT d.id AS document_id, substr(e.at, 1, 10) AS day, e.annotator AS annotator
    FROM documents d INDEXED BY documents_status
    JOIN events e ON e.id = (
        SELECT id FROM events WHERE document_id = d.id AND action = 'document.status' ORDER BY id DESC LIMIT 1
    )
    WHERE d.status = 'done' AND json_valid(e.after) AND json_extract(e.after, '$.status') = 'done'
"""

_DONE_PER_DAY = f"SELECT day, annotator, count(*) FROM ({_DONE_MARKS}) GROUP BY day, annotator ORDER BY day"

# What became of a model's suggestion (span alias s): pending, rejected, accepted as it was, or
# edited: accepted after a person changed its label or boundaries, which the first such change
# records in attributes["suggested"] (the rule of annotator.exporting.records.edited). The cheap
# instr() skips the JSON functions for the spans that were never changed.
OUTCOME = """
    CASE s.status
        WHEN 'suggested' THEN 'pending'
        WHEN 'rejected' THEN 'rejected'
        WHEN 'accepted' THEN CASE
            WHEN instr(s.attributes, '"suggested":{') AND json_valid(s.attributes)
                AND json_type(s.attributes, '$.suggested') = 'object'
                AND (json_extract(s.attributes, '$.suggested.label') IS NOT s.label
                    OR json_extract(s.attributes, '$.suggested.start') IS NOT s.start
                    OR json_extract(s.attributes, '$.suggested.end') IS NOT s."end")
            THEN 'edited' ELSE 'accepted' END
    END"""

# A quote's (alias s) resolved speaker: its attributes' speaker_name (the name the suggestions
# resolved, or the words of the entity a person linked, which the window copies there), else the
# words of its linked speaker span (unless rejected); spaces around it trimmed, NULL when there is
# none. The document's text is read only for a quote without a name. The cheap instr() skips the
# JSON functions for attributes without the key.
_SPEAKER_WORDS = f"""
    nullif(trim(coalesce(
        nullif(trim(CASE WHEN instr(s.attributes, '"speaker_name"') AND json_valid(s.attributes)
            THEN json_extract(s.attributes, '$.speaker_name') END, {_SPACES}), ''),
        (SELECT substr(d.text, c.start + 1, c."end" - c.start)
            FROM relations r JOIN spans c ON c.id = r.child_id JOIN documents d ON d.id = c.document_id
            WHERE r.head_id = s.id AND r.label = '{SPEAKER}' AND c.status != 'rejected')
    ), {_SPACES}), '')"""

# An accepted quote's type (its attributes' "type"), NULL when it has none.
_QUOTE_TYPE = """
    CASE WHEN instr(s.attributes, '"type"') AND json_valid(s.attributes)
        THEN json_extract(s.attributes, '$.type') END"""

# The decided spans other than quotes, and the decided quotes, grouped as DecidedSpans. Each is found
# through the spans_counts index and read in the order of the rows (a third quicker than in the
# index's order at 100,000 documents). The quotes' speakers are worked out once each: without
# MATERIALIZED, SQLite works them out again for every group.
_DECIDED_OTHERS = f"""
    SELECT s.kind, s.label, s.status, CASE WHEN s.origin = 'model' THEN {OUTCOME} END,
        NULL, NULL, NULL, count(*)
    FROM spans s WHERE s.id IN (
        SELECT id FROM spans WHERE kind IN {_OTHER_KINDS} AND status IN ('accepted', 'rejected')
    )
    GROUP BY 1, 2, 3, 4"""
_DECIDED_QUOTES = f"""
    WITH decided AS MATERIALIZED (
        SELECT s.kind, s.label, s.status,
            CASE WHEN s.origin = 'model' THEN {OUTCOME} END AS outcome,
            CASE WHEN s.status = 'accepted' THEN {_QUOTE_TYPE} END AS type,
            CASE WHEN s.status = 'accepted' THEN {_SPEAKER_WORDS} END AS speaker,
            s.stance
        FROM spans s WHERE s.id IN (
            SELECT id FROM spans WHERE kind = 'quote' AND status IN ('accepted', 'rejected')
        )
    )
    SELECT kind, label, status, outcome, type, speaker, stance, count(*) FROM decided
    GROUP BY 1, 2, 3, 4, 5, 6, 7"""


class DecidedSpans(NamedTuple):
    """How many decided spans share these values (a row of :meth:`OverviewReadsPart.decided_spans`)."""

    kind: str
    label: str
    status: str  # accepted or rejected
    outcome: str | None  # the model's suggestions: accepted, edited or rejected; None for a person's span
    quote_type: str | None  # accepted quotes only
    speaker: str | None  # accepted quotes only: the resolved speaker, None when there is none
    stance: str | None  # quotes only
    count: int


class OverviewCounts(NamedTuple):
    """The counts the overview's charts are made of (see :meth:`OverviewReadsPart.overview_counts`)."""

    done_per_day: list[tuple[str, str, int]]
    pending: dict[tuple[str, str], int]
    decided: list[DecidedSpans]


def _decided(conn: sqlite3.Connection, query: str) -> list[DecidedSpans]:
    return [DecidedSpans(*row) for row in conn.execute(query)]


class OverviewReadsPart(ProjectBase):
    """Counts for the overview's charts, and the documents behind any bar of them."""

    def done_per_day(self) -> list[tuple[str, str, int]]:
        """(UTC day, annotator, documents) for the documents now done, on the day and by whom marked so."""
        rows = self.conn.execute(_DONE_PER_DAY)
        return [(day, annotator, count) for day, annotator, count in rows]

    def pending_suggestions(self) -> dict[tuple[str, str], int]:
        """Spans still suggested per (kind, label), whoever suggested them: the model, but for imports.

        From the spans_counts index alone, each label's range counted apart (the labels found by
        seeking the next one): reading every suggestion's row for its origin took seconds at
        100,000 documents, and grouping the index's entries twice as long as counting them.
        """
        counts: dict[tuple[str, str], int] = {}
        for kind in SPAN_KINDS:
            label = ""
            while True:
                row = self.conn.execute(
                    "SELECT label FROM spans WHERE kind = ? AND status = 'suggested' AND label > ?"
                    " ORDER BY label LIMIT 1",
                    (kind, label),
                ).fetchone()
                if row is None:
                    break
                label = row[0]
                counts[kind, label] = self.conn.execute(
                    "SELECT count(*) FROM spans WHERE kind = ? AND status = 'suggested' AND label = ?",
                    (kind, label),
                ).fetchone()[0]
        return counts

    def decided_spans(self) -> list[DecidedSpans]:
        """The accepted and rejected spans, grouped by what the overview tells apart (see DecidedSpans).

        One pass over the decided spans' rows (as many as people decided) serves three charts:
        labels, outcomes and speakers.
        """
        return _decided(self.conn, _DECIDED_OTHERS) + _decided(self.conn, _DECIDED_QUOTES)

    def overview_counts(self) -> OverviewCounts:
        """What :mod:`annotator.overview.figures` reads, the decided quotes on a second connection meanwhile.

        The quotes (their speakers above all) are half the work: read at the same time as the rest,
        on two CPUs the counts take little more than half as long. Read one after the other inside
        a transaction (another connection would not see its changes) and for a file in memory. The
        second connection stops when this one would (:meth:`stop_reads_when`).
        """
        if self.conn.depth or self.conn.opened is None:
            return OverviewCounts(self.done_per_day(), self.pending_suggestions(), self.decided_spans())
        with closing(connect(self.path, read_only=True)) as other, ThreadPoolExecutor(1) as pool:
            if self.conn.should_stop is not None:
                stop_when(other, self.conn.should_stop)
            quotes = pool.submit(_decided, other, _DECIDED_QUOTES)
            done, pending = self.done_per_day(), self.pending_suggestions()
            others = _decided(self.conn, _DECIDED_OTHERS)
            return OverviewCounts(done, pending, others + quotes.result())

    def overview_document_ids(
        self,
        *,
        kind: str | None = None,
        label: str | None = None,
        span_status: str | None = None,
        outcome: str | None = None,
        speaker: str | None = None,
        stance: str | None = None,
        day: str | None = None,
        annotator: str | None = None,
        pair: tuple[str, str] | None = None,
    ) -> list[int]:
        """Ascending ids of the documents that meet every condition given (None: no condition).

        ``kind``/``label``/``span_status``/``outcome``: a span of that kind, label, status and (a
        model's) outcome; for quotes, whose label is always QUOTE, ``label`` may name the quote
        type instead. ``speaker``/``stance``: an accepted quote of that resolved speaker and stance
        ("" for none). ``day``/``annotator``: marked done then, by them (as :meth:`done_per_day`
        counts). ``pair``: both annotators' layers have it done.
        """
        where: list[str] = []
        params: list[Any] = []
        span_where: list[str] = []
        if kind is not None:
            span_where.append("s.kind = ?")
            params.append(kind)
        if label is not None:
            if kind == "quote":
                span_where.append(f"(s.label = ? OR {_QUOTE_TYPE} = ?)")
                params += [label, label]
            else:
                span_where.append("s.label = ?")
                params.append(label)
        if span_status is not None:
            span_where.append("s.status = ?")
            params.append(span_status)
        if outcome == "pending":
            span_where.append("s.status = 'suggested'")
        elif outcome is not None:
            span_where.append(f"s.origin = 'model' AND s.status != 'suggested' AND {OUTCOME} = ?")
            params.append(outcome)
        if span_where:
            where.append(f"id IN (SELECT s.document_id FROM spans s WHERE {' AND '.join(span_where)})")
        if speaker is not None or stance is not None:
            quote_where = ["s.kind = 'quote'", "s.status = 'accepted'"]
            if speaker is not None:
                quote_where.append(f"{_SPEAKER_WORDS} = ?")
                params.append(speaker)
            if stance == "":
                quote_where.append("s.stance IS NULL")
            elif stance is not None:
                quote_where.append("s.stance = ?")
                params.append(stance)
            where.append(f"id IN (SELECT s.document_id FROM spans s WHERE {' AND '.join(quote_where)})")
        if day is not None or annotator is not None:
            mark_where = []
            if day is not None:
                mark_where.append("day = ?")
                params.append(day)
            if annotator is not None:
                mark_where.append("annotator = ?")
                params.append(annotator)
            where.append(f"id IN (SELECT document_id FROM ({_DONE_MARKS}) WHERE {' AND '.join(mark_where)})")
        if pair is not None:
            where.append(
                "id IN (SELECT a.document_id FROM layer_documents a JOIN layer_documents b"
                " ON b.document_id = a.document_id AND b.layer = ? AND b.status = 'done'"
                " WHERE a.layer = ? AND a.status = 'done')"
            )
            params += [pair[1], pair[0]]
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        found = self.conn.execute(
            f"SELECT json_group_array(id) FROM documents INDEXED BY documents_status{clause}", params
        ).fetchone()[0]
        return sorted(json.loads(found))

    def layer_pair_documents(self) -> dict[tuple[str, str], int]:
        """For each pair of merged annotators (a before b), how many documents both marked done."""
        rows = self.conn.execute(
            "SELECT a.layer, b.layer, count(*) FROM layer_documents a JOIN layer_documents b"
            " ON b.document_id = a.document_id AND b.layer > a.layer AND b.status = 'done'"
            " WHERE a.status = 'done' GROUP BY a.layer, b.layer"
        )
        return {(a, b): count for a, b, count in rows}
