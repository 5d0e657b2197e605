"""Bring annotators' project files into one project, each as a layer of its own (ADR 18)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project, StoreError
from annotator.store.layers import LayerDocument

# Documents read and written per transaction: a stopped or killed merge loses at most one batch,
# which the next merge of the same file writes again (its recorded progress only moves at the end).
BATCH = 500


@dataclass
class MergeReport:
    """What one source brought: its layer's name, the documents it changed and added, spans written."""

    source: Path
    layer: str = ""
    documents: int = 0
    new_documents: int = 0
    spans: int = 0
    unchanged: bool = False
    stopped: bool = False
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal."""
        if self.unchanged:
            return f"{self.source}: {self.layer} has nothing new since the last merge."
        stopped = " (stopped: merge it again to finish)" if self.stopped else ""
        return (
            f"{self.source}: merged {self.documents} documents of {self.layer} "
            f"({self.new_documents} new to this project, {self.spans} spans){stopped}."
        )


def layer_name(source: Project) -> str:
    """Whose work ``source`` holds: its owner, else the one person who changed it, else its file name."""
    if source.owner:
        return source.owner
    people = source.people()
    if len(people) == 1:
        return next(iter(people))
    return source.path.name.removesuffix(source.path.suffix) or source.path.name


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def merge_file(
    target: Project,
    source_path: Path,
    *,
    name: str | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> MergeReport:
    """Merge the project at ``source_path`` into ``target`` as the layer ``name`` (:func:`layer_name`).

    Documents are matched by their text; those ``target`` lacks are added. Merging the same file
    again, or a newer copy of it, replaces only the documents changed since; a file whose layer
    name already comes from another file, the target itself, or an older copy is refused
    (:class:`StoreError`). Read-only on the source.
    """
    report = MergeReport(source=source_path)
    if _same_file(source_path, target.path):
        raise StoreError(f"{source_path} is the project being merged into: merge other annotators' files")
    with Project.open(source_path, read_only=True) as source:
        if source.uid == target.uid:
            raise StoreError(f"{source_path} is a copy of {target.path} itself: nothing to merge")
        report.layer = name or layer_name(source)
        known = target.layer_source(report.layer)
        since = 0
        if known is not None:
            if known.source_uid != source.uid:
                raise StoreError(
                    f"{target.path} already holds an annotator named {report.layer!r}, merged from another "
                    f"file ({known.source_path}); give this one another name with --as NAME"
                )
            since = known.merged_event_id
        newest = source.last_event_id()
        if newest < since:
            raise StoreError(
                f"{source_path} is older than the copy of it merged before ({known and known.source_path}): "
                "merge the newest copy"
            )
        if since and newest == since:
            report.unchanged = True
            return report
        ids = sorted(source.documents_changed_since(since)) if since else source.export_ids()
        for start in range(0, len(ids), BATCH):
            if should_stop is not None and should_stop():
                report.stopped = True
                return report
            _merge_batch(target, source, report, ids[start : start + BATCH])
            if progress is not None:
                progress(min(start + BATCH, len(ids)), len(ids))
        with target.transaction():
            target.start_layer(report.layer, source.uid, str(source_path))
            target.finish_layer(report.layer, newest)
    return report


def _merge_batch(target: Project, source: Project, report: MergeReport, ids: list[int]) -> None:
    """One transaction: the batch's documents added to ``target`` if new, and their layer replaced."""
    layer, documents, problems = source.documents_to_merge(ids)
    report.problems.extend(f"{source.path}: {problem}" for problem in problems)
    with target.transaction():
        target.start_layer(report.layer, source.uid, str(source.path))
        placed = target.add_documents(
            {"text": document.text, "title": document.title, "meta": document.meta}
            for document in documents.values()
        )
        by_source = {doc_id: placed_id for doc_id, (placed_id, _) in zip(documents, placed, strict=True)}
        moved = [
            LayerDocument(by_source[item.document_id], item.status, item.spans, item.relations)
            for item in layer
        ]
        report.spans += target.replace_layer_documents(report.layer, moved)
    report.documents += len(layer)
    report.new_documents += sum(created for _, created in placed)
