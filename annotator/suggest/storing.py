"""Suggestions stored in a project without ever overriding what a person decided.

A span is the model's own while it is still ``suggested``, came from the model
and was last written by the model; accepted, rejected, human-made and
human-edited spans are decisions. Suggesting again keeps every decision, keeps
or refreshes the model's own spans it produces again, removes the ones it no
longer produces, and adds what is new, one transaction per document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import FileError, Project, Span, StoreError
from annotator.suggest.engine import TextSuggestions, suggestions_for
from annotator.suggest.pipeline import RULES_ONLY, PipelineInfo, load_pipeline
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
    cancelled: bool = False
    problems: list[Problem] = field(default_factory=list)


def is_own(span: Span) -> bool:
    """Whether the span is an undecided suggestion the model may still change or remove."""
    return span.status == "suggested" and span.origin == "model" and span.annotator == MODEL_ANNOTATOR


class _DocumentMerge:
    """Merges one document's fresh suggestions into its stored spans (inside a transaction)."""

    def __init__(self, project: Project, document_id: int, model: str) -> None:
        self.project = project
        self.document_id = document_id
        self.model = model
        spans = project.spans(document_id)
        self.own: dict[Key, Span] = {}
        self.decided: dict[Key, Span] = {}
        for span in spans:
            (self.own if is_own(span) else self.decided)[(span.kind, span.start, span.end, span.label)] = span
        decided_ids = {span.id for span in self.decided.values()}
        self.protected = {r.child_id for r in project.relations(document_id) if r.head_id in decided_ids}
        self.keep: set[int] = set()
        self.new: set[int] = set()
        self.writer = project.suggestion_writer(document_id, model, MODEL_ANNOTATOR)

    def overlaps_decision(self, kind: str, start: int, end: int) -> bool:
        return any(k[0] == kind and k[1] < end and start < k[2] for k in self.decided)

    def ensure(self, kind: str, start: int, end: int, label: str, attributes: dict[str, Any]) -> Span | None:
        """The model's span with these offsets, kept, refreshed or added; None where a person decided."""
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
        span = self.writer.add_span(kind, start, end, label, attributes)
        self.own[key] = span
        self.keep.add(span.id)
        self.new.add(span.id)
        return span

    def child(self, kind: str, start: int, end: int, label: str, entities: set[Key]) -> Span | None:
        """A quote's speaker or cue: an existing decision with these offsets, or the model's span."""
        if kind == "speaker":
            for key in entities:
                if key[1:3] == (start, end):
                    return self.own[key]
            for key, span in self.decided.items():
                if (
                    key[0] == "entity"
                    and key[1:3] == (start, end)
                    and key[3] in SPEAKER_ENTITY_LABELS
                    and span.status != "rejected"
                ):
                    return span
        decided = self.decided.get((kind, start, end, label))
        if decided is not None:
            return decided if decided.status != "rejected" else None
        return self.ensure(kind, start, end, label, {})

    def merge(self, suggestions: TextSuggestions, *, remove_stale: bool = True) -> tuple[int, int]:
        """Store the suggestions and, if ``remove_stale``, drop the model's own ones not made again.

        Returns (spans added, spans removed).
        """
        entities: set[Key] = set()
        for start, end, label in suggestions.entities:
            if self.ensure("entity", start, end, label, {}) is not None and label in SPEAKER_ENTITY_LABELS:
                entities.add(("entity", start, end, label))
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
    project: Project, document_id: int, suggestions: TextSuggestions, model: str, *, remove_stale: bool = True
) -> tuple[int, int]:
    """Merge one document's suggestions in one transaction; returns (spans added, spans removed)."""
    with project.transaction():
        return _DocumentMerge(project, document_id, model).merge(suggestions, remove_stale=remove_stale)


def _texts(project: Project, ids: Sequence[int]) -> Iterator[tuple[str, int]]:
    for offset in range(0, len(ids), _PAGE):
        for document in list(project.documents(ids[offset : offset + _PAGE])):
            yield document.text, document.id


def _processed(
    info: PipelineInfo, project: Project, ids: Sequence[int], n_process: int
) -> Iterator[tuple[Doc, int]]:
    """(doc, document id) pairs, in order, through ``nlp.pipe``.

    In one process each page runs in a spaCy memory zone, so the strings of
    names and numbers met along the way do not pile up over a long run.
    """
    if n_process > 1:
        yield from info.nlp.pipe(
            _texts(project, ids), batch_size=BATCH_SIZE, as_tuples=True, n_process=n_process
        )
        return
    for offset in range(0, len(ids), _PAGE):
        with info.nlp.memory_zone():
            yield from info.nlp.pipe(
                _texts(project, ids[offset : offset + _PAGE]), batch_size=BATCH_SIZE, as_tuples=True
            )


def _suggest_one(
    project: Project, document_id: int, doc: Doc, labels: set[str], info: PipelineInfo
) -> tuple[int, int, Problem | None]:
    """Suggest for one processed document: (spans added, spans removed, what went wrong)."""
    where = f"document {document_id}"
    try:
        suggestions = suggestions_for(doc, labels)
    except Exception as error:  # one odd text must not end a run over thousands
        return 0, 0, Problem(where, f"no suggestions: {type(error).__name__}: {error}")
    try:
        # A fallback pipeline finds less; what the real one found stays until it runs again.
        added, removed = store_suggestions(
            project, document_id, suggestions, info.name, remove_stale=info.name != RULES_ONLY
        )
    except (StoreError, FileError) as error:
        return 0, 0, Problem(where, f"suggestions not saved: {error}")
    return added, removed, None


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
    ids = project.document_ids() if document_ids is None else list(document_ids)
    report = SuggestReport(pipeline=info.name)
    if info.warning:
        report.problems.append(Problem("pipeline", info.warning, severity="warning"))
    if progress:
        progress(0, len(ids))
    for doc, document_id in _processed(info, project, ids, n_process):
        added, removed, problem = _suggest_one(project, document_id, doc, labels, info)
        report.spans_added += added
        report.spans_removed += removed
        if problem is not None:
            report.problems.append(problem)
        report.documents += 1
        if progress:
            progress(report.documents, len(ids))
        if should_stop and should_stop():
            report.cancelled = report.documents < len(ids)
            break
    return report
