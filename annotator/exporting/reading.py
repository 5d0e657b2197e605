"""Which documents an export takes, and reading them page by page with their spans and links.

Each page costs four of the store's queries (documents, spans, relations,
latest annotators: see ``annotator.store.reads``), whatever its size, so the
cheap part of an export stays cheap; only one page is held in memory at a time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from annotator.exporting.options import ExportOptions
from annotator.problems import Problem, ProblemLog
from annotator.store import DamagedRow, Document, Project, Relation, Span

PAGE_SIZE = 200


@dataclass(frozen=True)
class Bundle:
    """A document with its spans (every status, text order) and its quote links.

    ``text_json`` is the text as a JSON string, made by SQLite's ``json_quote``:
    the same characters ``json.dumps(text, ensure_ascii=False)`` writes, in a
    third of the time.
    """

    document: Document
    spans: list[Span]
    relations: list[Relation]
    annotator: str
    text_json: str


def chosen_layers(project: Project, options: ExportOptions) -> tuple[str, ...] | None:
    """The merged annotators whose versions ``options`` export (None: the project's own version)."""
    if options.all_annotators:
        return tuple(project.layer_names())
    if options.annotator is not None:
        project.require_layer(options.annotator)
    return options.layers


def select_ids(project: Project, options: ExportOptions) -> list[int]:
    """Ids of the documents ``options`` export, in import order (any chosen annotator's, for versions)."""
    status = "done" if options.done_only else None
    layers = chosen_layers(project, options)
    if layers is None:
        return project.export_ids(status=status, leave_out=options.left_out_statuses)
    found: set[int] = set()
    for name in layers:
        found.update(project.layer_export_ids(name, status=status, leave_out=options.left_out_statuses))
    return sorted(found)


def dev_ids(ids: Sequence[int], split: float, seed: int) -> set[int]:
    """The documents held out for evaluation: a ``split`` share (0 < split < 1), shuffled by ``seed``.

    With two or more documents both parts get at least one, so that spaCy's
    training finds a dev set.
    """
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    count = round(len(shuffled) * split)
    if len(shuffled) >= 2:
        count = min(max(count, 1), len(shuffled) - 1)
    return set(shuffled[:count])


def bundles(
    project: Project,
    ids: Sequence[int],
    report: ProblemLog | None = None,
    page_size: int = PAGE_SIZE,
    options: ExportOptions | None = None,
) -> Iterator[Bundle]:
    """The documents ``ids`` in that order, read a page at a time.

    With ``options`` choosing annotators' versions, each document comes once for each of
    them that holds it (in a status the options export), with that annotator's status,
    spans and links, and the annotator's name as ``annotator``.

    A damaged row (JSON changed outside annotator) makes the store refuse the
    whole page: that page is then read again one document at a time, and each
    document whose rows cannot be read is left out and noted in ``report``
    (without one, :class:`DamagedRow` is raised).
    """
    for offset in range(0, len(ids), page_size):
        page = ids[offset : offset + page_size]
        layers = chosen_layers(project, options) if options is not None else None
        try:
            read = _page(project, page, layers, options)
        except DamagedRow:
            if report is None:
                raise
            read = []
            for doc_id in page:
                try:
                    read += _page(project, [doc_id], layers, options)
                except DamagedRow as error:
                    report.note(Problem(f"document {doc_id}", f"{error}: the document is left out"))
        yield from read


def _page(
    project: Project,
    ids: Sequence[int],
    layers: Sequence[str] | None = None,
    options: ExportOptions | None = None,
) -> list[Bundle]:
    if layers is not None and options is not None:
        return _layer_page(project, ids, layers, options)
    documents = project.documents_with_json_text(ids)
    spans = project.spans_by_document(ids)
    relations = project.relations_by_document(ids)
    annotators = project.last_annotators(ids)
    read = []
    for doc_id in ids:
        found = documents.get(doc_id)
        if found is not None:
            document, text_json = found
            read.append(
                Bundle(document, spans[doc_id], relations[doc_id], annotators.get(doc_id, ""), text_json)
            )
    return read


def _layer_page(
    project: Project, ids: Sequence[int], layers: Sequence[str], options: ExportOptions
) -> list[Bundle]:
    """The page as the annotators ``layers`` left it: a bundle per annotator and document, by document."""
    documents = project.documents_with_json_text(ids)
    wanted = project.layer_statuses_of
    versions = {
        name: (
            wanted(name, ids),
            project.layer_spans_by_document(name, ids),
            project.layer_relations_by_document(name, ids),
        )
        for name in layers
    }
    read = []
    for doc_id in ids:
        found = documents.get(doc_id)
        if found is None:
            continue
        document, text_json = found
        for name, (statuses, spans, relations) in versions.items():
            status = statuses.get(doc_id)
            if (
                status is None
                or status in options.left_out_statuses
                or (options.done_only and status != "done")
            ):
                continue
            read.append(
                Bundle(replace(document, status=status), spans[doc_id], relations[doc_id], name, text_json)
            )
    return read
