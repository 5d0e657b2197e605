"""Annotators' layers read as agreement :class:`~annotator.agreement.marks.Mark` values."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.agreement.marks import COMPARED_KINDS, Layers, Mark
from annotator.store import Project, Relation, Span
from annotator.vocabulary import CUE, SPEAKER


def marks_of(spans: Sequence[Span], relations: Sequence[Relation]) -> list[Mark]:
    """The accepted entities and quotes among ``spans``, each quote with its speaker's and cue's offsets."""
    by_id = {span.id: span for span in spans}
    links: dict[tuple[int, str], tuple[int, int]] = {}
    for relation in relations:
        child = by_id.get(relation.child_id)
        if child is not None and child.status != "rejected":
            links[(relation.head_id, relation.label)] = (child.start, child.end)
    return [
        Mark(
            kind=span.kind,
            label=span.label,
            start=span.start,
            end=span.end,
            stance=span.stance,
            quote_type=span.attributes.get("type") if span.kind == "quote" else None,
            speaker=links.get((span.id, SPEAKER)),
            cue=links.get((span.id, CUE)),
        )
        for span in spans
        if span.status == "accepted" and span.kind in COMPARED_KINDS
    ]


def layer_marks(project: Project, names: Sequence[str] | None = None) -> Layers:
    """Each annotator's marks in the documents they marked done (``names`` None: all merged)."""
    chosen = list(names) if names is not None else project.layer_names()
    for name in chosen:
        project.require_layer(name)
    layers: Layers = {}
    make = Mark._make  # an entity's row is its mark's fields: made at C speed
    for name in chosen:
        documents: dict[int, list[Mark]] = {
            doc_id: [] for doc_id in project.layer_export_ids(name, status="done")
        }
        for row in project.layer_entity_rows(name):
            documents[row[0]].append(make(row[1:]))
        for doc_id, kind, label, start, end, stance, quote_type, s0, s1, c0, c1 in project.layer_quote_rows(
            name
        ):
            speaker = None if s0 is None else (s0, s1)
            cue = None if c0 is None else (c0, c1)
            documents[doc_id].append(Mark(kind, label, start, end, stance, quote_type, speaker, cue))
        layers[name] = documents
    return layers


def document_marks(project: Project, document_id: int, names: Sequence[str]) -> dict[str, list[Mark]]:
    """Each named annotator's marks in one document, whatever its status in their layer."""
    return {
        name: marks_of(
            project.layer_spans_by_document(name, [document_id])[document_id],
            project.layer_relations_by_document(name, [document_id])[document_id],
        )
        for name in names
    }
