"""What a review walks through: each document's open disagreements among the chosen annotators.

A document is reviewed with those of the chosen annotators who marked it done (work in
progress is no version yet). Where only one of them did, each of their spans the reviewed
version has not decided is an item of its own, so one annotator's work can be reviewed too
(``disagreements`` finds none in a single version: there is nothing for it to differ from).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.agreement.review import Disagreement
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project
from annotator.team.review import Reviewed, Versions, open_disagreements, versions_of


def done_by(project: Project, names: Sequence[str], *, shared_only: bool = False) -> dict[int, list[str]]:
    """The documents any of ``names`` marked done, each with who did (in sorted order), by id.

    ``shared_only``: with two or more names, only the documents at least two of them marked done,
    where there is something to compare (the others can be taken with ``review --auto
    --min-annotators 1``, or reviewed by choosing their one annotator).
    """
    found: dict[int, list[str]] = {}
    for name in sorted(names):
        for document_id in project.layer_export_ids(name, status="done"):
            found.setdefault(document_id, []).append(name)
    if shared_only and len(names) > 1:
        found = {document_id: done for document_id, done in found.items() if len(done) > 1}
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class DocumentReview:
    """One document's versions and the disagreements among them still open, by position."""

    versions: Versions
    open: list[Disagreement]


def open_items(project: Project, versions: Versions) -> list[Disagreement]:
    """The disagreements left to settle; with one annotator, each of their spans not yet decided."""
    if len(versions.marks) != 1:
        return open_disagreements(project, versions)
    ((name, marks),) = versions.marks.items()
    items = [Disagreement(m.kind, m.start, m.end, {name: (m,)}) for m in marks]
    reviewed = Reviewed.read(project, versions.document_id)
    items = [item for item in items if not reviewed.settles(item)]
    return sorted(items, key=lambda d: (d.start, d.end, d.kind))


def review_document(project: Project, document_id: int, names: Sequence[str]) -> DocumentReview:
    """The document as ``names`` left it and what of it is still open in the reviewed version."""
    versions = versions_of(project, document_id, sorted(names))
    return DocumentReview(versions, open_items(project, versions))


def count_open(
    project: Project,
    documents: Mapping[int, Sequence[str]],
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> dict[int, int]:
    """How many disagreements each document has open (those counted before a stop, if stopped)."""
    counts: dict[int, int] = {}
    for number, (document_id, names) in enumerate(documents.items(), 1):
        if should_stop is not None and should_stop():
            break
        counts[document_id] = len(review_document(project, document_id, names).open)
        if progress is not None:
            progress(number, len(documents))
    return counts
