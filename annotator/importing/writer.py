"""Writing checked records into the project: documents, then their spans, relations and status."""

from __future__ import annotations

from annotator.importing.records import Record, RelationIn, SpanIn, SpanKey
from annotator.importing.report import ImportReport
from annotator.problems import Problem
from annotator.store import Project, Span, StoreError
from annotator.vocabulary import KIND_OF_LINK, RELATION_CHILD_KINDS

# Which kind of span a relation's child should be, best first, when spans share offsets and label.


def merged_status(stored: str, incoming: str) -> str:
    """The status a stored span takes when the input decides on it again.

    A decision beats a suggestion, and accept beats reject: Prodigy's binary
    ``ner.teach`` data may hold both for one span.
    """
    if stored == "suggested":
        return incoming
    if "accepted" in (stored, incoming):
        return "accepted"
    return stored


class Writer:
    """Stores batches of records in one transaction each and counts what happened."""

    def __init__(self, project: Project, report: ImportReport, *, as_suggestions: bool) -> None:
        self.project = project
        self.report = report
        self.as_suggestions = as_suggestions

    def write(self, records: list[Record]) -> None:
        """Store ``records``: all of them, or (on a crash) none."""
        if not records:
            return
        with self.project.transaction():
            results = self.project.add_documents(
                {"text": record.text, "title": record.title, "meta": record.meta} for record in records
            )
            for record, (document_id, created) in zip(records, results, strict=True):
                if created:
                    self.report.imported += 1
                    self.report.document_ids.append(document_id)
                else:
                    self.report.duplicates += 1
                for problem in record.problems:
                    self.report.note(problem)
                if record.spans:
                    self._annotate(document_id, record)
                if record.status:
                    self._restore_status(document_id, record.status)

    def _decide(self, span: SpanIn, answer: str) -> tuple[str, str]:
        """(status, origin) for a span: as given by our export, else from the task's answer."""
        origin = span.origin or ("model" if self.as_suggestions else "human")
        if span.status is not None:
            return span.status, origin
        if answer == "reject":
            return "rejected", origin
        return ("suggested" if self.as_suggestions else "accepted"), origin

    def _annotate(self, document_id: int, record: Record) -> None:
        stored: dict[SpanKey, list[Span]] = {}
        rejected_by_answer: set[SpanKey] = set()
        for span in record.spans:
            if span.status is None and record.answer == "ignore":
                continue
            status, origin = self._decide(span, record.answer)
            if span.status is None and status == "rejected":
                rejected_by_answer.add(span.key)
            try:
                result = self._store_span(document_id, span, status, origin, record)
            except StoreError as error:
                self._tell(record, f"span {span.start}-{span.end} {span.label}: {error}; skipped", "error")
                continue
            stored.setdefault(span.key, []).append(result)
        for relation in record.relations:
            if {relation.head, relation.child} & rejected_by_answer:
                continue
            self._relate(stored, relation, record)

    def _store_span(self, document_id: int, span: SpanIn, status: str, origin: str, record: Record) -> Span:
        found = self.project.find_span(document_id, span.start, span.end, span.label, span.kind)
        annotator = span.annotator or record.annotator
        if found is None:
            added = self.project.add_span(
                document_id,
                span.start,
                span.end,
                span.label,
                kind=span.kind,
                status=status,
                origin=origin,
                stance=span.stance,
                attributes=span.attributes,
                model=span.model,
                annotator=annotator,
            )
            self.report.spans += 1
            return added
        if {found.status, status} == {"accepted", "rejected"}:
            self._tell(
                record,
                f"span {span.start}-{span.end} {span.label} is both accepted and rejected: kept accepted",
            )
        status = merged_status(found.status, status)
        if status == found.status:
            return found
        return self.project.update_span(found.id, status=status, origin=origin, annotator=annotator)

    def _relate(self, stored: dict[SpanKey, list[Span]], relation: RelationIn, record: Record) -> None:
        heads = [span for span in stored.get(relation.head, []) if span.kind == "quote"]
        # A span of the link's own kind first (a speaker span before an entity at the same place).
        own = KIND_OF_LINK[relation.label]
        preferred = (own, *(kind for kind in RELATION_CHILD_KINDS[relation.label] if kind != own))
        children = sorted(
            (span for span in stored.get(relation.child, []) if span.kind in preferred),
            key=lambda span: preferred.index(span.kind),
        )
        if not heads or not children:
            missing = "head (a quote span)" if not heads else "child"
            self._tell(
                record, f"{relation.label} relation: its {missing} is not among the imported spans; skipped"
            )
            return
        head, child = heads[0], children[0]
        existing = self.project.relation(head.id, relation.label)
        if existing is not None and existing.child_id != child.id:
            self._tell(record, f"quote {head.start}-{head.end} has another {relation.label} already: kept it")
            return
        self.project.set_relation(head.id, relation.label, child.id)

    def _restore_status(self, document_id: int, status: str) -> None:
        """Restore the exported status, never overriding work done on a document already there."""
        if self.project.document_status(document_id) == "new":
            self.project.set_document_status(document_id, status)

    def _tell(self, record: Record, message: str, severity: str = "warning") -> None:
        self.report.note(Problem(record.where, message, record.line, severity))
