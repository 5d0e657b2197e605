"""Other annotators' versions of the documents, kept beside the project's own (ADR 18).

A layer is one annotator's document statuses, spans and links, copied in by a merge and
replaced only by a later merge of the same annotator's file. The project's own tables are
never touched by a layer, and a layer never by another annotator's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.store.base import DamagedRow, ProjectBase, StoreError
from annotator.store.events import now, to_json
from annotator.store.models import SPAN_COLUMNS, Document, Relation, Span, span_from_row

# The spans table's columns with the layer's name in front: a layer span row read with
# ``SELECT {SPAN_COLUMNS}`` decodes with :func:`span_from_row` like a span of the project's own.
_COLUMNS_BUT_ID = SPAN_COLUMNS.removeprefix('"id", ')
_LAYER_SPAN_INSERT = f"INSERT INTO layer_spans (layer, {_COLUMNS_BUT_ID}) VALUES ({', '.join('?' * 14)})"


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
    """One document as an annotator left it: its status, spans and links, offsets in the document's text."""

    document_id: int
    status: str
    spans: Sequence[Span]
    relations: Sequence[Relation]


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
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.query(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", chunk):
                try:
                    found[row["id"]] = Document.from_row(row)
                except DamagedRow as error:
                    problems.append(f"document {row['id']} left out: {error}")
        kept = list(found)
        try:
            spans = self.spans_by_document(kept)
        except DamagedRow:
            spans = {}
            for doc_id in list(kept):
                try:
                    spans.update(self.spans_by_document([doc_id]))
                except DamagedRow as error:
                    problems.append(f"document {doc_id} left out: {error}")
                    del found[doc_id]
            kept = list(found)
        relations = self.relations_by_document(kept) if kept else {}
        layer = [
            LayerDocument(doc_id, found[doc_id].status, spans[doc_id], relations[doc_id]) for doc_id in kept
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
        written = 0
        for document in documents:
            new_ids: dict[int, int] = {}
            for span in document.spans:
                cursor = self.conn.execute(
                    _LAYER_SPAN_INSERT,
                    (
                        name,
                        document.document_id,
                        span.start,
                        span.end,
                        span.label,
                        span.kind,
                        span.status,
                        span.origin,
                        span.stance,
                        to_json(span.attributes),
                        span.annotator,
                        span.model,
                        span.created_at,
                        span.updated_at,
                    ),
                )
                new_ids[span.id] = int(cursor.lastrowid or 0)
            self.conn.executemany(
                "INSERT INTO layer_relations (layer, document_id, head_id, child_id, label, annotator,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        name,
                        document.document_id,
                        new_ids[relation.head_id],
                        new_ids[relation.child_id],
                        relation.label,
                        relation.annotator,
                        relation.created_at,
                    )
                    for relation in document.relations
                    if relation.head_id in new_ids and relation.child_id in new_ids
                ],
            )
            written += len(document.spans)
            self._log(
                "layer.merge",
                "layer",
                None,
                document_id=document.document_id,
                after={"layer": name, "status": document.status, "spans": len(document.spans)},
            )
        return written

    def layer_statuses(self, name: str) -> dict[int, str]:
        """Each document's status in the layer ``name`` (documents it never saw: absent)."""
        return dict(
            self.conn.execute("SELECT document_id, status FROM layer_documents WHERE layer = ?", (name,))
        )

    def layer_export_ids(
        self, name: str, *, status: str | None = None, leave_out: Sequence[str] = ()
    ) -> list[int]:
        """The layer's documents with ``status`` (any if None), none of ``leave_out``'s, in order."""
        where, params = ["layer = ?"], [name]
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if leave_out:
            where.append(f"status NOT IN ({','.join('?' * len(leave_out))})")
            params.extend(leave_out)
        query = f"SELECT document_id FROM layer_documents WHERE {' AND '.join(where)} ORDER BY document_id"
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
