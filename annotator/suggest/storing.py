"""Suggestions stored in a project without ever overriding what a person decided.

A span is the model's own while it is still ``suggested``, came from the model
and was last written by the model; accepted, rejected, human-made and
human-edited spans are decisions. Suggesting again keeps every decision, keeps
or refreshes the model's own spans it produces again, removes the ones it no
longer produces, and adds what is new, one transaction per document.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from textwrap import shorten
from typing import Any

from spacy.tokens import Doc

from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import DamagedRow, Document, FileError, Project, Span, StoreError
from annotator.store.models import span_problem
from annotator.suggest.engine import TextSuggestions, suggestions_for
from annotator.suggest.long_documents import suggestions_in_pieces
from annotator.suggest.pipeline import RULES_ONLY, PipelineInfo, load_pipeline
from annotator.suggest.project_models import (
    ProjectModels,
    entity_source,
    load_project_models,
    suggest_stances,
    with_project_entities,
)
from annotator.suggest.speakers import SPEAKER_ENTITY_LABELS

MODEL_ANNOTATOR = "model"
BATCH_SIZE = 32
_PAGE = 200

Key = tuple[str, int, int, str]


@dataclass
class SuggestReport:
    """What a suggestion run did: documents processed, spans added and removed, and problems."""

    pipeline: str
    documents: int = 0
    spans_added: int = 0
    spans_removed: int = 0
    stances_suggested: int = 0
    cancelled: bool = False
    problems: list[Problem] = field(default_factory=list)


def is_own(span: Span) -> bool:
    """Whether the span is an undecided suggestion the model may still change or remove."""
    return span.status == "suggested" and span.origin == "model" and span.annotator == MODEL_ANNOTATOR


class _DocumentMerge:
    """Merges one document's fresh suggestions into its stored spans (inside a transaction).

    A stored span that does not fit ``text`` (a row changed outside annotator) is
    left as it is, neither a decision nor the model's own, and named in ``unfit``.
    """

    def __init__(self, project: Project, document_id: int, model: str, text: str) -> None:
        self.project = project
        self.document_id = document_id
        self.model = model
        self.unfit: list[str] = []
        spans = []
        for span in project.spans(document_id):
            problem = span_problem(span, text)
            if problem is None:
                spans.append(span)
            else:
                self.unfit.append(problem)
        self.own: dict[Key, Span] = {}
        self.decided: dict[Key, Span] = {}
        for span in spans:
            (self.own if is_own(span) else self.decided)[(span.kind, span.start, span.end, span.label)] = span
        # what ``overlaps_decision`` and ``child`` look up, by offsets, once per document
        self.decided_extents: dict[str, tuple[list[tuple[int, int]], list[int]]] = {}
        for kind in {key[0] for key in self.decided}:
            extents = sorted(key[1:3] for key in self.decided if key[0] == kind)
            self.decided_extents[kind] = (extents, list(accumulate((e for _, e in extents), max)))
        self.decided_entities: dict[tuple[int, int], list[Span]] = {}
        for key, span in self.decided.items():
            if key[0] == "entity":
                self.decided_entities.setdefault(key[1:3], []).append(span)
        decided_ids = {span.id for span in self.decided.values()}
        self.protected = {r.child_id for r in project.relations(document_id) if r.head_id in decided_ids}
        self.keep: set[int] = set()
        self.new: set[int] = set()
        self.writer = project.suggestion_writer(document_id, model, MODEL_ANNOTATOR)

    def overlaps_decision(self, kind: str, start: int, end: int) -> bool:
        extents, ends = self.decided_extents.get(kind, ([], []))
        before = bisect.bisect_left(extents, (end,))  # those starting before end: does one end after start?
        return before > 0 and ends[before - 1] > start

    def ensure(
        self, kind: str, start: int, end: int, label: str, attributes: dict[str, Any], by: str | None = None
    ) -> Span | None:
        """The model's span with these offsets, kept, refreshed or added; None where a person decided.

        A span added is ``by``'s, the model that found it (None: the merge's ``model``).
        """
        key = (kind, start, end, label)
        span = self.own.get(key)
        if span is not None:
            self.keep.add(span.id)
            if span.attributes != attributes:
                self.writer.flush()  # keep the event log in the order things happened
                span = self.project.update_span(span.id, attributes=attributes, annotator=MODEL_ANNOTATOR)
            return span
        if key in self.decided or self.overlaps_decision(kind, start, end):
            return None
        span = self.writer.add_span(kind, start, end, label, attributes, by)
        self.own[key] = span
        self.keep.add(span.id)
        self.new.add(span.id)
        return span

    def child(
        self, kind: str, start: int, end: int, label: str, entities: dict[tuple[int, int], Key]
    ) -> Span | None:
        """A quote's speaker or cue: an existing decision with these offsets, or the model's span."""
        if kind == "speaker":
            if (start, end) in entities:
                return self.own[entities[start, end]]
            for span in self.decided_entities.get((start, end), []):
                if span.label in SPEAKER_ENTITY_LABELS and span.status != "rejected":
                    return span
        decided = self.decided.get((kind, start, end, label))
        if decided is not None:
            return decided if decided.status != "rejected" else None
        return self.ensure(kind, start, end, label, {})

    def merge(self, suggestions: TextSuggestions, *, remove_stale: bool = True) -> tuple[int, int]:
        """Store the suggestions and, if ``remove_stale``, drop the model's own ones not made again.

        Returns (spans added, spans removed).
        """
        entities: dict[tuple[int, int], Key] = {}  # the speaker entities stored, by offsets
        for entity in suggestions.entities:
            start, end, label = entity
            stored = self.ensure("entity", start, end, label, {}, entity_source(suggestions, entity))
            if stored is not None and label in SPEAKER_ENTITY_LABELS:
                entities.setdefault((start, end), ("entity", start, end, label))
        for quote in suggestions.quotes:
            if ("quote", quote.start, quote.end, "QUOTE") in self.decided:
                continue
            attributes = {
                "type": quote.type,
                "parts": [list(part) for part in quote.parts],
                "speaker_name": quote.speaker_name,
                "confidence": quote.confidence,
            }
            span = self.ensure("quote", quote.start, quote.end, "QUOTE", attributes)
            if span is None:
                continue
            speaker = self.child("speaker", *quote.speaker, "SPEAKER", entities) if quote.speaker else None
            cue = self.child("cue", *quote.cue, "CUE", entities) if quote.cue else None
            for label, child in (("SPEAKER", speaker), ("CUE", cue)):
                if span.id in self.new:
                    if child is not None:
                        self.writer.add_relation(span.id, child.id, label)
                else:
                    self.writer.flush()
                    self.project.set_relation(
                        span.id, label, child.id if child else None, annotator=MODEL_ANNOTATOR
                    )
        self.writer.flush()
        removed = 0
        for span in self.own.values() if remove_stale else ():
            if span.id not in self.keep and span.id not in self.protected:
                self.project.delete_span(span.id, annotator=MODEL_ANNOTATOR)
                removed += 1
        return len(self.new), removed


def store_suggestions(
    project: Project,
    document_id: int,
    text: str,
    suggestions: TextSuggestions,
    model: str,
    *,
    remove_stale: bool = True,
) -> tuple[int, int, list[str]]:
    """Merge the suggestions for one document (of ``text``) in one transaction.

    Returns (spans added, spans removed, why each stored span left alone does not fit the text).
    """
    with project.transaction():
        merge = _DocumentMerge(project, document_id, model, text)
        return (*merge.merge(suggestions, remove_stale=remove_stale), merge.unfit)


def _readable(project: Project, ids: Sequence[int], damaged: list[Problem]) -> list[Document]:
    """The documents ``ids`` whose rows can be read; each of the others is named in ``damaged``.

    A damaged row makes the store refuse the whole page: it is then read again
    one document at a time. A text that is not text (a row changed outside
    annotator) counts as damaged too: spaCy would end the whole run on it.
    """
    try:
        read = list(project.documents(ids))
    except (DamagedRow, FileError):  # FileError: SQLite cannot decode a text that is not UTF-8
        read = []
        for document_id in ids:
            try:
                read += project.documents([document_id])
            except DamagedRow as error:
                damaged.append(Problem(f"document {document_id}", f"{error}: the document is left out"))
            except FileError as error:  # its message quotes the text: keep the start of it
                reason = shorten(str(error), 160, placeholder="...")
                message = (
                    f"the project file is damaged: documents row {document_id} cannot be read ({reason})"
                )
                damaged.append(Problem(f"document {document_id}", f"{message}: the document is left out"))
    for document in read:
        if not isinstance(document.text, str):
            error = DamagedRow("documents", document.id, "text", "holds no text", document_id=document.id)
            damaged.append(Problem(f"document {document.id}", f"{error}: the document is left out"))
    return [document for document in read if isinstance(document.text, str)]


def _texts(
    project: Project, ids: Sequence[int], too_long: int, long_ids: list[int], damaged: list[Problem]
) -> Iterator[tuple[str, int]]:
    """(text, id) of the documents, except those longer than ``too_long``: their ids go to ``long_ids``.

    Documents that cannot be read are left out and named in ``damaged``.
    """
    for offset in range(0, len(ids), _PAGE):
        for document in _readable(project, ids[offset : offset + _PAGE], damaged):
            if len(document.text) > too_long:
                long_ids.append(document.id)
            else:
                yield document.text, document.id


def _processed(
    info: PipelineInfo,
    project: Project,
    ids: Sequence[int],
    n_process: int,
    long_ids: list[int],
    damaged: list[Problem],
) -> Iterator[tuple[Doc, int]]:
    """(doc, document id) pairs, in order, through ``nlp.pipe``; documents too long for it go to ``long_ids``,
    those that cannot be read to ``damaged``.

    In one process each page runs in a spaCy memory zone, so the strings of
    names and numbers met along the way do not pile up over a long run.
    """
    too_long = info.nlp.max_length
    if n_process > 1:
        yield from info.nlp.pipe(
            _texts(project, ids, too_long, long_ids, damaged),
            batch_size=BATCH_SIZE,
            as_tuples=True,
            n_process=n_process,
        )
        return
    for offset in range(0, len(ids), _PAGE):
        with info.nlp.memory_zone():
            yield from info.nlp.pipe(
                _texts(project, ids[offset : offset + _PAGE], too_long, long_ids, damaged),
                batch_size=BATCH_SIZE,
                as_tuples=True,
            )


def _suggest_one(
    project: Project,
    document_id: int,
    suggest: Callable[[], tuple[str, TextSuggestions]],
    info: PipelineInfo,
) -> tuple[int, int, list[Problem]]:
    """Suggest for one document: (spans added, spans removed, what went wrong).

    ``suggest`` gives the document's text and its suggestions.
    """
    where = f"document {document_id}"
    try:
        text, suggestions = suggest()
    except DamagedRow as error:
        return 0, 0, [Problem(where, f"{error}: the document is left out")]
    except Exception as error:  # one odd text must not end a run over thousands
        return 0, 0, [Problem(where, f"no suggestions: {type(error).__name__}: {error}")]
    try:
        # A fallback pipeline finds less; what the real one found stays until it runs again.
        added, removed, unfit = store_suggestions(
            project, document_id, text, suggestions, info.name, remove_stale=info.name != RULES_ONLY
        )
    except DamagedRow as error:
        return 0, 0, [Problem(where, f"{error}: the document is left out")]
    except (StoreError, FileError) as error:
        return 0, 0, [Problem(where, f"suggestions not saved: {error}")]
    return added, removed, [Problem(where, f"{problem}: the span is left as it is") for problem in unfit]


def suggest_documents(
    project: Project,
    document_ids: list[int] | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    n_process: int = 1,
) -> SuggestReport:
    """Suggest entities and quotes for the project's documents (all, or ``document_ids``).

    The project's ``pipeline`` setting picks the pipeline and ``suggest_labels``
    the entity labels. Each document is saved in its own transaction, so a stop
    requested through ``should_stop`` (polled between documents) keeps what is done.
    """
    info = load_pipeline(project.setting("pipeline"))
    labels = set(project.setting("suggest_labels"))
    own = load_project_models(project)
    ids = project.document_ids() if document_ids is None else list(document_ids)
    report = SuggestReport(pipeline=info.name)
    if info.warning:
        report.problems.append(Problem("pipeline", info.warning, severity="warning"))
    report.problems += own.problems
    if progress:
        progress(0, len(ids))
    long_ids: list[int] = []  # too long for the pipeline in one go: done last, in pieces
    damaged: list[Problem] = []  # documents whose rows cannot be read: left out, each named
    left_out = 0

    def note_damaged() -> None:
        nonlocal left_out
        while damaged:
            report.problems.append(damaged.pop(0))
            left_out += 1
            if progress:
                progress(report.documents + left_out, len(ids))

    def one(document_id: int, suggest: Callable[[], tuple[str, TextSuggestions]]) -> bool:
        """Suggest for one document and count it; whether the run goes on."""
        note_damaged()
        added, removed, problems = _suggest_one(project, document_id, suggest, info)
        report.spans_added += added
        report.spans_removed += removed
        report.problems += problems
        if own.stance is not None:
            try:
                report.stances_suggested += suggest_stances(project, document_id, own, MODEL_ANNOTATOR)
            except (StoreError, FileError) as error:
                report.problems.append(Problem(f"document {document_id}", f"stances not suggested: {error}"))
        report.documents += 1
        if progress:
            progress(report.documents + left_out, len(ids))
        if should_stop and should_stop():
            report.cancelled = report.documents < len(ids)
            return False
        return True

    for doc, document_id in _processed(info, project, ids, n_process, long_ids, damaged):
        if not one(
            document_id,
            lambda doc=doc: (doc.text, with_project_entities(suggestions_for(doc, labels), doc, own)),
        ):
            return report
    note_damaged()
    for document_id in long_ids:  # read inside _suggest_one's try: a vanished document is a problem
        if not one(
            document_id, lambda i=document_id: _in_pieces(info, project.document(i).text, labels, own)
        ):
            break
    return report


def _in_pieces(
    info: PipelineInfo, text: str, labels: set[str] | None, own: ProjectModels
) -> tuple[str, TextSuggestions]:
    """``text`` and its suggestions, made in pieces as it is too long for the pipeline."""
    return text, suggestions_in_pieces(info, text, labels, own)
