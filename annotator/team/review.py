"""Settle the annotators' disagreements in the project's reviewed version, by hand or where enough agree.

The reviewed version is the project's own spans and links (ADR 18). Taking a version of a
disagreement writes its spans there as accepted and the other versions' as rejected, as one
reversible change in the event log; a disagreement is settled when every version's span has
been decided and each accepted one holds a version's values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.actions.edits import DeleteSpan, Edit, SetDocumentStatus, SetRelation, UpdateSpan, apply_all
from annotator.agreement.marks import QUOTE, Mark
from annotator.agreement.review import Disagreement, agreed_marks, disagreements
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project, Span
from annotator.team.marks import marks_of
from annotator.vocabulary import CUE, RELATION_CHILD_KINDS, SPEAKER

Key = tuple[str, str, int, int]


def key_of(mark: Mark | Span) -> Key:
    """Where a span is and what it is: kind, label, start, end (the reviewed version holds one such span)."""
    return (mark.kind, mark.label, mark.start, mark.end)


@dataclass(frozen=True)
class Detail:
    """What a mark leaves out but the reviewed version needs: the span's attributes, its links' kinds."""

    attributes: dict[str, Any]
    children: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Versions:
    """One document as the chosen annotators left it: their marks, and each mark's details."""

    document_id: int
    marks: dict[str, list[Mark]]
    details: dict[tuple[str, Mark], Detail]

    def detail(self, mark: Mark) -> Detail:
        """The details of ``mark`` as any annotator who made it alike has them."""
        for name in self.marks:
            found = self.details.get((name, mark))
            if found is not None:
                return found
        for (_, other), found in self.details.items():
            if key_of(other) == key_of(mark):
                return found
        return Detail({})


def versions_of(project: Project, document_id: int, names: Sequence[str]) -> Versions:
    """Each named annotator's marks in one document, with what placing each in the reviewed version takes."""
    marks: dict[str, list[Mark]] = {}
    details: dict[tuple[str, Mark], Detail] = {}
    for name in names:
        spans = project.layer_spans_by_document(name, [document_id])[document_id]
        relations = project.layer_relations_by_document(name, [document_id])[document_id]
        by_id = {span.id: span for span in spans}
        children: dict[int, dict[str, tuple[str, str]]] = {}
        for relation in relations:
            child = by_id.get(relation.child_id)
            if child is not None:
                children.setdefault(relation.head_id, {})[relation.label] = (child.kind, child.label)
        marks[name] = marks_of(spans, relations)
        accepted = [s for s in spans if s.status == "accepted" and s.kind in ("entity", QUOTE)]
        for mark, span in zip(marks[name], accepted, strict=True):
            details[(name, mark)] = Detail(span.attributes, children.get(span.id, {}))
    return Versions(document_id, marks, details)


@dataclass
class Decide:
    """Give the reviewed version one version's span: accepted with its values and links, or rejected."""

    document_id: int
    mark: Mark
    detail: Detail
    accept: bool

    def apply(self, project: Project) -> list[Edit]:
        undo: list[Edit] = []
        mark = self.mark
        existing = project.find_span(self.document_id, mark.start, mark.end, mark.label, mark.kind)
        if not self.accept:
            if existing is None:
                made = project.add_span(
                    self.document_id, mark.start, mark.end, mark.label, kind=mark.kind, status="rejected"
                )
                return [DeleteSpan(made.id)]
            if existing.status == "rejected":
                return []
            return UpdateSpan(existing.id, {"status": "rejected"}).apply(project)
        attributes = dict(self.detail.attributes)
        if mark.kind == QUOTE and mark.quote_type is not None:
            attributes["type"] = mark.quote_type
        values = {"status": "accepted", "stance": mark.stance, "attributes": attributes}
        if existing is None:
            span = project.add_span(
                self.document_id, mark.start, mark.end, mark.label, kind=mark.kind, **values
            )
            undo[:0] = [DeleteSpan(span.id)]
        else:
            span = existing
            undo[:0] = UpdateSpan(span.id, values).apply(project)
        if mark.kind == QUOTE:
            for label, where in ((SPEAKER, mark.speaker), (CUE, mark.cue)):
                child_id = None if where is None else self._child(project, label, where, undo)
                undo[:0] = SetRelation(span.id, label, child_id).apply(project)
        return undo

    def _child(self, project: Project, label: str, where: tuple[int, int], undo: list[Edit]) -> int:
        """The reviewed version's span at ``where`` a quote can link as ``label``, made if missing."""
        kinds = RELATION_CHILD_KINDS[label]
        found = [s for s in project.spans(self.document_id) if (s.start, s.end) == where and s.kind in kinds]
        if found:
            child = sorted(found, key=lambda s: s.status != "accepted")[0]
            if child.status != "accepted":
                undo[:0] = UpdateSpan(child.id, {"status": "accepted"}).apply(project)
            return child.id
        kind, child_label = self.detail.children.get(label, ("speaker" if label == SPEAKER else "cue", label))
        made = project.add_span(self.document_id, where[0], where[1], child_label, kind=kind)
        undo[:0] = [DeleteSpan(made.id)]
        return made.id

    def span_ids(self) -> set[int]:
        return set()


@dataclass(frozen=True)
class FinishReview:
    """A settled document: what no annotator took is rejected in the reviewed version, which is done."""

    document_id: int

    def apply(self, project: Project) -> list[Edit]:
        undo: list[Edit] = []
        for span in project.spans(self.document_id, status="suggested"):
            undo[:0] = UpdateSpan(span.id, {"status": "rejected"}).apply(project)
        if project.document_status(self.document_id) != "done":
            undo[:0] = SetDocumentStatus(self.document_id, "done").apply(project)
        return undo

    def span_ids(self) -> set[int]:
        return set()


@dataclass(frozen=True)
class Reviewed:
    """What the reviewed version holds of one document: its decided spans, and its accepted ones as marks."""

    decided: set[Key]
    accepted: dict[Key, Mark]

    @classmethod
    def read(cls, project: Project, document_id: int) -> Reviewed:
        """The reviewed version of a document, read once (two queries) for all its disagreements."""
        spans = project.spans(document_id)
        accepted = {key_of(m): m for m in marks_of(spans, project.relations(document_id))}
        return cls({key_of(s) for s in spans if s.status != "suggested"}, accepted)

    def settles(self, disagreement: Disagreement) -> bool:
        """Whether every version's span is decided, each accepted one as some version has it."""
        offered = [mark for version in disagreement.versions.values() for mark in version]
        for mark in offered:
            if key_of(mark) not in self.decided:
                return False
            chosen = self.accepted.get(key_of(mark))
            if chosen is not None and chosen not in [m for m in offered if key_of(m) == key_of(mark)]:
                return False
        return True


def open_disagreements(project: Project, versions: Versions) -> list[Disagreement]:
    """The document's disagreements the reviewed version has not settled yet, by position."""
    reviewed = Reviewed.read(project, versions.document_id)
    return [d for d in disagreements(versions.marks) if not reviewed.settles(d)]


def take(versions: Versions, disagreement: Disagreement, chosen: Sequence[str]) -> list[Edit]:
    """The edits that settle ``disagreement`` with the versions of ``chosen`` (none: reject them all)."""
    taken = {key_of(mark) for name in chosen for mark in disagreement.versions[name]}
    edits: list[Edit] = []
    rejected: set[Key] = set()
    for version in disagreement.versions.values():
        for mark in version:
            if key_of(mark) not in taken and key_of(mark) not in rejected:
                rejected.add(key_of(mark))
                edits.append(Decide(versions.document_id, mark, versions.detail(mark), accept=False))
    for name in chosen:
        for mark in disagreement.versions[name]:
            edits.append(
                Decide(versions.document_id, mark, versions.details.get((name, mark), Detail({})), True)
            )
    return edits


@dataclass
class AutoReviewReport:
    """What ``review --auto`` did."""

    documents: int = 0
    spans: int = 0
    settled_documents: int = 0
    disagreements_left: int = 0
    too_few: int = 0
    stopped: bool = False

    def summary(self) -> str:
        """Lines for the terminal."""
        lines = [
            f"Reviewed {self.documents} documents: {self.spans} agreed spans taken into the reviewed version;"
            " "
            f"{self.settled_documents} documents settled, {self.disagreements_left} disagreements left for a "
            "person (review them in the window)."
        ]
        if self.too_few:
            lines.append(
                f"{self.too_few} documents were done by fewer annotators than --min-annotators asks: "
                "they wait for a person (or run with --min-annotators 1 to take a single annotator's work)."
            )
        if self.stopped:
            lines.append("Stopped: what was reviewed is saved; run the command again to finish.")
        return "\n".join(lines)


def auto_review(
    project: Project,
    min_annotators: int,
    names: Sequence[str] | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> AutoReviewReport:
    """Take into the reviewed version what at least ``min_annotators`` of the annotators marked alike.

    Only documents that many marked done are reviewed; spans the reviewed version already
    decided are left as they are (a person's review is never undone). A document with no
    disagreement left is marked done. One transaction per document.
    """
    chosen = list(names) if names is not None else project.layer_names()
    for name in chosen:
        project.require_layer(name)
    done_by: dict[int, list[str]] = {}
    for name in chosen:
        for doc_id in project.layer_export_ids(name, status="done"):
            done_by.setdefault(doc_id, []).append(name)
    report = AutoReviewReport()
    ordered = sorted(done_by)
    for number, doc_id in enumerate(ordered, 1):
        if should_stop is not None and should_stop():
            report.stopped = True
            break
        if len(done_by[doc_id]) < min_annotators:
            report.too_few += 1
            continue
        versions = versions_of(project, doc_id, done_by[doc_id])
        decided = {key_of(s) for s in project.spans(doc_id) if s.status != "suggested"}
        agreed = [m for m in agreed_marks(versions.marks, min_annotators) if key_of(m) not in decided]
        edits: list[Edit] = [Decide(doc_id, mark, versions.detail(mark), accept=True) for mark in agreed]
        with project.transaction():
            apply_all(project, edits)
            left = open_disagreements(project, versions)
            if not left:
                apply_all(project, [FinishReview(doc_id)])
            elif project.document_status(doc_id) != "in_progress":
                apply_all(project, [SetDocumentStatus(doc_id, "in_progress")])
        report.documents += 1
        report.spans += len(agreed)
        report.disagreements_left += len(left)
        report.settled_documents += not left
        if progress is not None:
            progress(number, len(ordered))
    return report
