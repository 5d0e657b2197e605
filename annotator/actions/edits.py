"""Reversible changes to the project: each one applied returns the change that undoes it.

The window's undo stack (``annotator.gui.commands``) and scripts run a list of these in one transaction
and keeps what they return, so undo is just applying the inverses; applying those
gives back the original change, which makes redo exact (a deleted span comes back
with its old id and relations). Imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.store import Project, StoreError


class Edit(Protocol):
    """One change; ``apply`` makes it and returns the edits that undo it, in order."""

    def apply(self, project: Project) -> list[Edit]: ...

    def span_ids(self) -> set[int]: ...


@dataclass(frozen=True)
class UpdateSpan:
    """Change some of a span's fields (status, label, stance, offsets, attributes)."""

    span_id: int
    changes: dict[str, Any]

    def apply(self, project: Project) -> list[Edit]:
        before = project.span(self.span_id)
        project.update_span(self.span_id, **self.changes)
        return [UpdateSpan(self.span_id, {name: getattr(before, name) for name in self.changes})]

    def span_ids(self) -> set[int]:
        return {self.span_id}


@dataclass
class AddSpan:
    """Create a span (or put a deleted one back with its old id when ``record`` has one)."""

    record: dict[str, Any]
    created_id: int | None = field(default=None, compare=False)

    def apply(self, project: Project) -> list[Edit]:
        if "id" in self.record:
            span = project.restore_span(self.record)
        else:
            fields = {
                k: v for k, v in self.record.items() if k not in ("document_id", "start", "end", "label")
            }
            place = (
                self.record["start"],
                self.record["end"],
                self.record["label"],
                fields.get("kind", "entity"),
            )
            if project.find_span(self.record["document_id"], *place) is not None:
                # add_span would hand back the stored span, and undoing this would delete it.
                raise StoreError(f"that {place[3]} span exists already")
            span = project.add_span(
                self.record["document_id"],
                self.record["start"],
                self.record["end"],
                self.record["label"],
                **fields,
            )
        self.created_id = span.id
        return [DeleteSpan(span.id)]

    def span_ids(self) -> set[int]:
        return {self.created_id} if self.created_id is not None else set()


@dataclass(frozen=True)
class DeleteSpan:
    """Remove a span and its relations; the inverse restores both."""

    span_id: int

    def apply(self, project: Project) -> list[Edit]:
        record = project.span(self.span_id).as_dict()
        links = [
            SetRelation(r.head_id, r.label, r.child_id)
            for r in project.relations(record["document_id"])
            if self.span_id in (r.head_id, r.child_id)
        ]
        project.delete_span(self.span_id)
        return [AddSpan(record), *links]

    def span_ids(self) -> set[int]:
        return {self.span_id}


@dataclass(frozen=True)
class SetRelation:
    """Link a quote to its speaker or cue span (``None`` unlinks)."""

    head_id: int
    label: str
    child_id: int | None

    def apply(self, project: Project) -> list[Edit]:
        old = project.relation(self.head_id, self.label)
        project.set_relation(self.head_id, self.label, self.child_id)
        return [SetRelation(self.head_id, self.label, old.child_id if old else None)]

    def span_ids(self) -> set[int]:
        return {self.head_id} | ({self.child_id} if self.child_id is not None else set())


@dataclass(frozen=True)
class LinkNewSpan:
    """Create a speaker or cue span from selected text and link the quote to it."""

    head_id: int
    label: str
    add: AddSpan

    def apply(self, project: Project) -> list[Edit]:
        undo_add = self.add.apply(project)
        assert self.add.created_id is not None
        undo_link = SetRelation(self.head_id, self.label, self.add.created_id).apply(project)
        return undo_link + undo_add

    def span_ids(self) -> set[int]:
        return {self.head_id} | self.add.span_ids()


@dataclass(frozen=True)
class AddLinkedQuote:
    """Create a quote already linked to existing speaker and cue spans (the second half of a split)."""

    add: AddSpan
    links: tuple[tuple[str, int], ...]

    def apply(self, project: Project) -> list[Edit]:
        undo_add = self.add.apply(project)
        assert self.add.created_id is not None
        undo_links: list[Edit] = []
        for label, child_id in self.links:
            undo_links[:0] = SetRelation(self.add.created_id, label, child_id).apply(project)
        return undo_links + undo_add

    def span_ids(self) -> set[int]:
        return self.add.span_ids() | {child_id for _, child_id in self.links}


@dataclass(frozen=True)
class SetDocumentStatus:
    """Mark a document new, in progress, done or skipped."""

    document_id: int
    status: str

    def apply(self, project: Project) -> list[Edit]:
        before = project.document(self.document_id).status
        project.set_document_status(self.document_id, self.status)
        return [SetDocumentStatus(self.document_id, before)]

    def span_ids(self) -> set[int]:
        return set()


def apply_all(project: Project, edits: list[Edit]) -> list[Edit]:
    """Apply ``edits`` in one transaction; returns the edits that undo them all."""
    inverses: list[Edit] = []
    with project.transaction():
        for edit in edits:
            inverses[:0] = edit.apply(project)
    return inverses
