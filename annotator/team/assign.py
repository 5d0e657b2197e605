"""Share a project's documents among annotators: one project file each, some documents given to two."""

from __future__ import annotations

import itertools
import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.paths import PROJECT_SUFFIX
from annotator.problems import ProgressCallback
from annotator.store import Project, StoreError
from annotator.store.models import span_from_row

# A name becomes a file name and a label in every table and chart: letters, digits, space, ".", "-", "_".
_NAME = re.compile(r"^\w[\w .-]{0,62}\w$|^\w$")


def check_names(names: Sequence[str]) -> list[str]:
    """The annotators' names, stripped; :class:`StoreError` if one is unfit or named twice."""
    cleaned = [name.strip() for name in names if name.strip()]
    if not cleaned:
        raise StoreError("name at least one annotator, e.g. --annotators ana,ben,cho")
    for name in cleaned:
        if not _NAME.match(name) or ".." in name:
            raise StoreError(
                f"{name!r} cannot be an annotator's name: use letters, digits, spaces, '.', '-' or '_' "
                "(at most 64, starting and ending with a letter or digit)"
            )
    twice = sorted({name for name in cleaned if cleaned.count(name) > 1})
    if twice:
        raise StoreError(f"each annotator is named once: {', '.join(twice)} is named more than once")
    return cleaned


def plan(ids: Sequence[int], names: Sequence[str], overlap: float, seed: int) -> dict[str, list[int]]:
    """Which documents each annotator gets: ``overlap`` of them to two annotators each, the rest to one.

    Shared documents go to every pair of annotators in turn, so each pair has some to compare;
    the others to whoever has fewest so far. Reproducible for one ``seed``.
    """
    if not 0 <= overlap <= 1:
        raise StoreError(f"--overlap is a fraction from 0 to 1, not {overlap}")
    if overlap and len(names) < 2:
        raise StoreError("an overlap needs at least two annotators")
    order = list(ids)
    random.Random(seed).shuffle(order)
    shared_count = round(len(order) * overlap)
    shares: dict[str, list[int]] = {name: [] for name in names}
    pairs = itertools.cycle(itertools.combinations(names, 2))
    for doc_id in order[:shared_count]:
        for name in next(pairs):
            shares[name].append(doc_id)
    for doc_id in order[shared_count:]:
        least = min(names, key=lambda name: len(shares[name]))
        shares[least].append(doc_id)
    return {name: sorted(share) for name, share in shares.items()}


@dataclass(frozen=True)
class Assigned:
    """One annotator's file and how many documents it holds, how many shared with another annotator."""

    name: str
    path: Path
    documents: int
    shared: int


def assign(
    project: Project,
    folder: Path,
    names: Sequence[str],
    *,
    overlap: float = 0.0,
    seed: int = 0,
    progress: ProgressCallback | None = None,
) -> list[Assigned]:
    """Write ``folder/NAME.annotator`` for each annotator with their share of ``project``'s documents.

    Each file holds the settings, the documents and the pipeline's suggestions, undecided: no
    one's decisions. Refused if any of the files exists already; each is written under a
    temporary name and renamed when complete.
    """
    names = check_names(names)
    targets = {name: folder / f"{name}{PROJECT_SUFFIX}" for name in names}
    there = [str(path) for path in targets.values() if path.exists() or path.is_symlink()]
    if there:
        raise StoreError(f"{', '.join(there)} exists already: choose an empty folder")
    shares = plan(project.export_ids(), names, overlap, seed)
    counts = {doc_id: 0 for doc_id in project.export_ids()}
    for share in shares.values():
        for doc_id in share:
            counts[doc_id] += 1
    folder.mkdir(parents=True, exist_ok=True)
    settings = project.settings()
    total = sum(len(share) for share in shares.values())
    done = 0
    made: list[Assigned] = []
    for name, share in shares.items():
        temporary = folder / f".{name}{PROJECT_SUFFIX}.partial"
        temporary.unlink(missing_ok=True)
        try:
            with Project.open(temporary, annotator=name) as copy:
                copy.set_owner(name)
                for key, value in settings.items():
                    copy.set_setting(key, value)
                for start in range(0, len(share), 200):
                    _copy_documents(project, copy, share[start : start + 200])
                    done += len(share[start : start + 200])
                    if progress is not None:
                        progress(done, total)
            if targets[name].exists() or targets[name].is_symlink():
                raise StoreError(f"{targets[name]} appeared while it was being written: left as it was")
            os.replace(temporary, targets[name])
        finally:
            temporary.unlink(missing_ok=True)
        made.append(Assigned(name, targets[name], len(share), sum(counts[doc_id] > 1 for doc_id in share)))
    return made


def _copy_documents(source: Project, copy: Project, ids: list[int]) -> None:
    """Copy documents with the model's suggestions (as suggestions again), in one transaction."""
    layer, documents, _ = source.documents_to_merge(ids)
    with copy.transaction():
        placed = copy.add_documents(
            {"text": document.text, "title": document.title, "meta": document.meta}
            for document in documents.values()
        )
        for item, (doc_id, _) in zip(layer, placed, strict=True):
            spans = [span_from_row(row) for row in item.spans]
            suggested = {span.id: span for span in spans if span.origin == "model"}
            new_ids: dict[int, int] = {}
            by_model: dict[str, list[int]] = {}
            for span in suggested.values():
                by_model.setdefault(span.model or "", []).append(span.id)
            for model, span_ids in by_model.items():
                first = suggested[span_ids[0]]
                writer = copy.suggestion_writer(doc_id, model, first.annotator)
                for span_id in span_ids:
                    span = suggested[span_id]
                    new_ids[span_id] = writer.add_span(
                        span.kind, span.start, span.end, span.label, span.attributes
                    ).id
                for _, head, child, label, _, _ in item.relations:
                    if head in new_ids and child in new_ids:
                        writer.add_relation(new_ids[head], new_ids[child], label)
                writer.flush()
