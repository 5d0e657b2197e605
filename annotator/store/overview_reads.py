"""What the overview (issue 16) counts: each figure one grouped query, never a loop over documents.

The same conditions count a bar and list its documents (:meth:`OverviewReadsPart.overview_document_ids`),
so a bar's count and the documents a click on it shows always agree. At 100,000 documents the
counts stay well under half a second (benchmarks/bench_overview.py).
"""

from __future__ import annotations

import json
from typing import Any

from annotator.store.base import ProjectBase
from annotator.vocabulary import SPEAKER

# A document marked done, with the latest logged change that marked it so. A document marked done
# again later counts once, on its latest day; one reopened since counts nowhere; one whose status
# was set without a logged change (never by annotator itself) counts nowhere either.
_DONE_MARKS = """
    SELECT d.id AS document_id, substr(e.at, 1, 10) AS day, e.annotator AS annotator
    FROM documents d INDEXED BY documents_status
    JOIN events e ON e.id = (
        SELECT id FROM events WHERE document_id = d.id AND action = 'document.status' ORDER BY id DESC LIMIT 1
    )
    WHERE d.status = 'done' AND json_valid(e.after) AND json_extract(e.after, '$.status') = 'done'
"""

# What became of a model's suggestion (span alias s): pending, rejected, accepted as it was, or
# edited: accepted after a person changed its label or boundaries, which the first such change
# records in attributes["suggested"] (the rule of annotator.exporting.records.edited). The cheap
# LIKE skips the JSON functions for the spans that were never changed.
OUTCOME = """
    CASE s.status
        WHEN 'suggested' THEN 'pending'
        WHEN 'rejected' THEN 'rejected'
        WHEN 'accepted' THEN CASE
            WHEN s.attributes LIKE '%"suggested":{%' AND json_valid(s.attributes)
                AND json_type(s.attributes, '$.suggested') = 'object'
                AND (json_extract(s.attributes, '$.suggested.label') IS NOT s.label
                    OR json_extract(s.attributes, '$.suggested.start') IS NOT s.start
                    OR json_extract(s.attributes, '$.suggested.end') IS NOT s."end")
            THEN 'edited' ELSE 'accepted' END
    END"""

# A quote's (alias q) resolved speaker, as the stance model reads it (annotator.learning.stance):
# the words of its linked speaker span (unless rejected), else its attributes' speaker_name; spaces
# around it trimmed, NULL when there is none.
_SPEAKER_WORDS = f"""
    nullif(trim(coalesce(
        (SELECT substr(d.text, c.start + 1, c."end" - c.start)
            FROM relations r JOIN spans c ON c.id = r.child_id JOIN documents d ON d.id = c.document_id
            WHERE r.head_id = q.id AND r.label = '{SPEAKER}' AND c.status != 'rejected'),
        CASE WHEN json_valid(q.attributes) AND json_type(q.attributes, '$.speaker_name') = 'text'
            THEN json_extract(q.attributes, '$.speaker_name') END
    ), ' ' || char(9, 10, 13, 160)), '')"""

# An accepted quote's type (its attributes' "type"), NULL when it has none.
_QUOTE_TYPE = """
    CASE WHEN json_valid(s.attributes) AND json_type(s.attributes, '$.type') = 'text'
        THEN json_extract(s.attributes, '$.type') END"""


class OverviewReadsPart(ProjectBase):
    """Counts for the overview's charts, and the documents behind any bar of them."""

    def done_per_day(self) -> list[tuple[str, str, int]]:
        """(UTC day, annotator, documents) for the documents now done, on the day and by whom marked so."""
        rows = self.conn.execute(
            f"SELECT day, annotator, count(*) FROM ({_DONE_MARKS}) GROUP BY day, annotator ORDER BY day"
        )
        return [(day, annotator, count) for day, annotator, count in rows]

    def accepted_entity_labels(self) -> dict[str, int]:
        """Accepted entities per label, most first (from the spans_counts index alone)."""
        rows = self.conn.execute(
            "SELECT label, count(*) AS n FROM spans WHERE kind = 'entity' AND status = 'accepted'"
            " GROUP BY label ORDER BY n DESC, label"
        )
        return dict(rows)

    def accepted_quote_types(self) -> dict[str | None, int]:
        """Accepted quotes per type (None: without one)."""
        rows = self.conn.execute(
            f"SELECT {_QUOTE_TYPE}, count(*) FROM spans s WHERE s.kind = 'quote' AND s.status = 'accepted'"
            " GROUP BY 1"
        )
        return dict(rows)

    def suggestion_outcomes(self) -> list[tuple[str, str, str, int]]:
        """(kind, label, outcome, count) of every span the model suggested; outcomes as :data:`OUTCOME`."""
        rows = self.conn.execute(
            f"SELECT s.kind, s.label, {OUTCOME} AS outcome, count(*) FROM spans s"
            " WHERE s.origin = 'model' GROUP BY s.kind, s.label, outcome"
        )
        return [(kind, label, outcome, count) for kind, label, outcome, count in rows]

    def quotes_by_speaker(self) -> list[tuple[str | None, str | None, int]]:
        """(resolved speaker or None, stance or None, count) of the accepted quotes."""
        rows = self.conn.execute(
            f"SELECT {_SPEAKER_WORDS} AS speaker, q.stance, count(*) FROM spans q"
            " WHERE q.kind = 'quote' AND q.status = 'accepted' GROUP BY speaker, q.stance"
        )
        return [(speaker, stance, count) for speaker, stance, count in rows]

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
        if outcome is not None:
            span_where.append(f"s.origin = 'model' AND {OUTCOME} = ?")
            params.append(outcome)
        if span_where:
            where.append(f"id IN (SELECT s.document_id FROM spans s WHERE {' AND '.join(span_where)})")
        if speaker is not None or stance is not None:
            quote_where = ["q.kind = 'quote'", "q.status = 'accepted'"]
            if speaker is not None:
                quote_where.append(f"{_SPEAKER_WORDS} = ?")
                params.append(speaker)
            if stance == "":
                quote_where.append("q.stance IS NULL")
            elif stance is not None:
                quote_where.append("q.stance = ?")
                params.append(stance)
            where.append(f"id IN (SELECT q.document_id FROM spans q WHERE {' AND '.join(quote_where)})")
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
