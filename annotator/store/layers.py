"""Other annotators' versions of the documents, kept beside the project's own (ADR 18).

A layer is one annotator's document statuses, spans and links, copied in by a merge and
replaced only by a later merge of the same annotator's file. The project's own tables are
never touched by a layer, and a layer never by another annotator's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.store.base import DamagedRow, ProjectBase, StoreError
from annotator.store.events import now
from annotator.store.models import SPAN_COLUMNS, Document, Relation, Span, span_from_row
from annotator.store.reads import status_filter
from annotator.vocabulary import CUE, SPEAKER

# The spans table's columns with the layer's name in front: a layer span row read with
# ``SELECT {SPAN_COLUMNS}`` decodes with :func:`span_from_row` like a span of the project's own.
_COLUMNS_BUT_ID = SPAN_COLUMNS.removeprefix('"id", ')
_LAYER_SPAN_INSERT = f"INSERT INTO layer_spans (id, layer, {_COLUMNS_BUT_ID}) VALUES ({', '.join('?' * 15)})"


@dataclass(frozen=True)
class LayerSource:
    """Where a layer came from: the file's uid and path, and the newest of its events merged."""

    name: str
    source_uid: str
    source_path: str
    merged_event_id: int
    merged_at: str


@dataclass(frozen=True)
class LayerDocument:
    """One document as an annotator left it: its status, span rows and link rows, as stored.

    ``spans`` are rows of :data:`~annotator.store.models.SPAN_COLUMNS` with the attributes
    left as their JSON text (decode one with ``span_from_row``); ``relations`` are rows of
    (id, head id, child id, label, annotator, created at). Copied as they are, a merge
    neither decodes nor encodes any JSON.
    """

    document_id: int
    status: str
    spans: Sequence[tuple[Any, ...]]
    relations: Sequence[tuple[Any, ...]]


class LayersPart(ProjectBase):
    """The project's identity, and the layers merged into it."""

    def project_info(self, key: str) -> str | None:
        """``uid`` (the file's own, kept by copies) or ``owner`` (the annotator an assigned file is for)."""
        row = self.conn.execute("SELECT value FROM project WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def uid(self) -> str:
        """The file's identity: made with the file, kept by a copy of it."""
        return self.project_info("uid") or ""

    @property
    def owner(self) -> str | None:
        """The annotator this file was assigned to, if it was made by ``annotator assign``."""
        return self.project_info("owner")

    def set_owner(self, name: str) -> None:
        """Make the file ``name``'s: their layer's name when it is merged, and who its changes are by."""
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO project (key, value) VALUES ('owner', ?)", (name,))
            self._log("project.owner", "project", None, document_id=None, after={"owner": name})

    def people(self) -> Counter[str]:
        """Who made the file's changes beyond importing documents, with how many each."""
        return Counter(
            dict(
                self.conn.execute(
                    "SELECT annotator, count(*) FROM events"
                    " WHERE action NOT LIKE 'document.%' AND annotator != '' GROUP BY annotator"
                )
            )
        )

    def documents_to_merge(
        self, ids: Sequence[int]
    ) -> tuple[list[LayerDocument], dict[int, Document], list[str]]:
        """The documents ``ids`` that exist, as a layer would hold them, with their documents.

        A document with a damaged row (its meta, a span's attributes) is left out and named in
        the problems returned, so that a merge goes on with the others.
        """
        found: dict[int, Document] = {}
        problems: list[str] = []
        spans: dict[int, list[tuple[Any, ...]]] = {}
        relations: dict[int, list[tuple[Any, ...]]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", chunk):
                try:
                    found[row["id"]] = Document.from_row(row)
                except DamagedRow as error:
                    problems.append(f"document {row['id']} left out: {error}")
                spans[row["id"]], relations[row["id"]] = [], []
            for row in self.conn.execute(
                f"SELECT {SPAN_COLUMNS}, json_valid(attributes) FROM spans WHERE document_id IN ({marks})",
                chunk,
            ):
                if not row[-1] and row[1] in found:
                    error = DamagedRow("spans", row[0], "attributes", "is not valid JSON", document_id=row[1])
                    problems.append(f"document {row[1]} left out: {error}")
                    del found[row[1]]
                spans[row[1]].append(row[:-1])
            for row in self.conn.execute(
                "SELECT document_id, id, head_id, child_id, label, annotator, created_at FROM relations"
                f" WHERE document_id IN ({marks})",
                chunk,
            ):
                relations[row[0]].append(row[1:])
        layer = [
            LayerDocument(doc_id, doc.status, spans[doc_id], relations[doc_id])
            for doc_id, doc in found.items()
        ]
        return layer, found, problems

    def layer_names(self) -> list[str]:
        """The annotators whose work was merged in, by name."""
        return [row[0] for row in self.conn.execute("SELECT name FROM layers ORDER BY name")]

    def layer_source(self, name: str) -> LayerSource | None:
        """Where the layer ``name`` came from (None: there is no such layer)."""
        row = self.conn.execute(
            "SELECT name, source_uid, source_path, merged_event_id, merged_at FROM layers WHERE name = ?",
            (name,),
        ).fetchone()
        return None if row is None else LayerSource(*row)

    def require_layer(self, name: str) -> None:
        """:class:`StoreError` naming the layers there are, unless ``name`` is one."""
        if self.layer_source(name) is None:
            known = ", ".join(self.layer_names()) or "none: merge annotators' files first"
            raise StoreError(f"no annotator named {name!r} in {self.path} (annotators: {known})")

    def start_layer(self, name: str, source_uid: str, source_path: str) -> None:
        """Create the layer ``name`` for ``source_uid``, or note its new path (in a transaction)."""
        self.conn.execute(
            "INSERT INTO layers (name, source_uid, source_path, merged_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET source_path = excluded.source_path",
            (name, source_uid, source_path, now()),
        )

    def finish_layer(self, name: str, merged_event_id: int) -> None:
        """Record that the layer holds its source's events up to ``merged_event_id`` (in a transaction)."""
        self.conn.execute(
            "UPDATE layers SET merged_event_id = ?, merged_at = ? WHERE name = ?",
            (merged_event_id, now(), name),
        )

    def replace_layer_documents(self, name: str, documents: Sequence[LayerDocument]) -> int:
        """Put ``documents`` into the layer ``name`` in place of what it held for them; returns spans written.

        Span and relation ids are the layer's own: links are mapped onto the new span rows. One
        ``layer.merge`` event per document says what the layer now holds. Call in a transaction.
        """
        ids = [document.document_id for document in documents]
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(
                f"DELETE FROM layer_spans WHERE layer = ? AND document_id IN ({marks})", (name, *chunk)
            )
        self.conn.executemany(
            "INSERT OR REPLACE INTO layer_documents (layer, document_id, status) VALUES (?, ?, ?)",
            [(name, document.document_id, document.status) for document in documents],
        )
        # Ids given here, not by SQLite one row at a time: the rows then go in with executemany
        # (a third of the time at 100,000 spans). The write lock is held, so no one else takes them.
        next_id = int(self.conn.execute("SELECT coalesce(max(id), 0) FROM layer_spans").fetchone()[0]) + 1
        span_rows: list[tuple[object, ...]] = []
        relation_rows: list[tuple[object, ...]] = []
        for document in documents:
            new_ids: dict[int, int] = {}
            for span in document.spans:
                new_ids[span[0]] = next_id
                span_rows.append((next_id, name, document.document_id, *span[2:]))
                next_id += 1
            relation_rows.extend(
                (name, document.document_id, new_ids[head], new_ids[child], label, who, at)
                for _, head, child, label, who, at in document.relations
                if head in new_ids and child in new_ids
            )
            self._log(
                "layer.merge",
                "layer",
                None,
                document_id=document.document_id,
                after={"layer": name, "status": document.status, "spans": len(document.spans)},
            )
        self.conn.executemany(_LAYER_SPAN_INSERT, span_rows)
        self.conn.executemany(
            "INSERT INTO layer_relations (layer, document_id, head_id, child_id, label, annotator,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            relation_rows,
        )
        written = len(span_rows)
        return written

    def layer_statuses(self, name: str) -> dict[int, str]:
        """Each document's status in the layer ``name`` (documents it never saw: absent)."""
        return dict(
            self.conn.execute("SELECT document_id, status FROM layer_documents WHERE layer = ?", (name,))
        )

    def layer_statuses_of(self, name: str, ids: Sequence[int]) -> dict[int, str]:
        """The status of each document of ``ids`` the layer ``name`` holds."""
        found: dict[int, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found.update(
                self.conn.execute(
                    "SELECT document_id, status FROM layer_documents"
                    f" WHERE layer = ? AND document_id IN ({marks})",
                    (name, *chunk),
                )
            )
        return found

    def layer_export_ids(
        self, name: str, *, status: str | None = None, leave_out: Sequence[str] = ()
    ) -> list[int]:
        """The layer's documents with ``status`` (any if None), none of ``leave_out``'s, in order."""
        where, params = status_filter(status, leave_out)
        conditions = " AND ".join(["layer = ?", *where])
        query = f"SELECT document_id FROM layer_documents WHERE {conditions} ORDER BY document_id"
        params = [name, *params]
        return [row[0] for row in self.conn.execute(query, params)]

    def layer_spans_by_document(self, name: str, ids: Sequence[int]) -> dict[int, list[Span]]:
        """Every span of the layer ``name`` in each document of ``ids``, in text order."""
        spans: dict[int, list[Span]] = {doc_id: [] for doc_id in ids}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT {SPAN_COLUMNS} FROM layer_spans WHERE layer = ? AND document_id IN ({marks})"
                ' ORDER BY document_id, start, "end" DESC, kind, label',
                (name, *chunk),
            ):
                spans[row[1]].append(span_from_row(row))
        return spans

    def layer_entity_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The layer's accepted entities in documents it marked done, as agreement compares them.

        Rows of (document id, kind, label, start, end, stance, None, None, None): after the id,
        the fields of an agreement mark. By document and position. Reading whole spans (and
        their JSON) took five times as long.
        """
        return self.conn.execute(
            """
            SELECT s.document_id, s.kind, s.label, s.start, s."end", s.stance, NULL, NULL, NULL
            FROM layer_documents d
            JOIN layer_spans s ON s.layer = d.layer AND s.document_id = d.document_id
            WHERE d.layer = ? AND d.status = 'done' AND s.status = 'accepted' AND s.kind = 'entity'
            ORDER BY s.document_id, s.start, s."end" DESC, s.label
            """,
            (name,),
        )

    def layer_quote_rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The layer's accepted quotes in documents it marked done, with their speakers' and cues' offsets.

        Rows of (document id, kind, label, start, end, stance, quote type, speaker start, speaker
        end, cue start, cue end), by document and position.
        """
        return self.conn.execute(
            """
            SELECT s.document_id, s.kind, s.label, s.start, s."end", s.stance,
                CASE WHEN json_valid(s.attributes) THEN json_extract(s.attributes, '$.type') END,
                speaker.start, speaker."end", cue.start, cue."end"
            FROM layer_documents d
            JOIN layer_spans s ON s.layer = d.layer AND s.document_id = d.document_id
            LEFT JOIN layer_relations rs ON rs.head_id = s.id AND rs.label = ?
            LEFT JOIN layer_spans speaker ON speaker.id = rs.child_id AND speaker.status != 'rejected'
            LEFT JOIN layer_relations rc ON rc.head_id = s.id AND rc.label = ?
            LEFT JOIN layer_spans cue ON cue.id = rc.child_id AND cue.status != 'rejected'
            WHERE d.layer = ? AND d.status = 'done' AND s.status = 'accepted' AND s.kind = 'quote'
            ORDER BY s.document_id, s.start, s."end" DESC, s.label
            """,
            (SPEAKER, CUE, name),
        )

    def layer_relations_by_document(self, name: str, ids: Sequence[int]) -> dict[int, list[Relation]]:
        """The quote links of the layer ``name`` in each document of ``ids``."""
        relations: dict[int, list[Relation]] = {doc_id: [] for doc_id in ids}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.query(
                "SELECT id, document_id, head_id, child_id, label, annotator, created_at FROM layer_relations"
                f" WHERE layer = ? AND document_id IN ({marks}) ORDER BY document_id, id",
                (name, *chunk),
            ):
                relations[row["document_id"]].append(Relation.from_row(row))
        return relations


# SQLite allows 32,766 parameters a statement; a chunk stays well below with room for others.
_CHUNK = 10_000


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]
