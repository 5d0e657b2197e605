"""A document ready to write: its tokens, the spans it exports with token indexes, and quote links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.exporting.reading import Bundle
from annotator.exporting.report import ExportReport
from annotator.exporting.tokens import Alignment, tokenise
from annotator.problems import Problem
from annotator.store import Document, Span
from annotator.store.models import span_problem

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LINK_ORDER = ("SPEAKER", "CUE")
EXCERPT_LENGTH = 40


@dataclass(slots=True)
class ExportSpan:
    """A span being exported; ``local_id`` is its position among the document's exported spans.

    ``alignment`` is None when the export writes no tokens.
    """

    local_id: int
    span: Span
    alignment: Alignment | None


def token_alignment(item: ExportSpan) -> Alignment:
    """``item``'s alignment, which every span of a tokenised export has."""
    assert item.alignment is not None, "the export was not tokenised"
    return item.alignment


@dataclass(slots=True)
class Link:
    """A quote -> speaker or cue link whose two ends are both exported."""

    label: str
    head: ExportSpan
    child: ExportSpan


@dataclass(slots=True)
class Quote:
    """An exported quote with its exported speaker and cue, if linked."""

    span: ExportSpan
    speaker: ExportSpan | None
    cue: ExportSpan | None


@dataclass(slots=True)
class AlignedDocument:
    """What both export formats need to write one document (``doc`` is None when tokens are not wanted)."""

    document: Document
    doc: Doc | None
    spans: list[ExportSpan]
    links: list[Link]
    quotes: list[Quote]
    annotator: str
    text_json: str  # the text as a JSON string (see ``Bundle``)
    topic: str = ""  # the project's topic, which stances are toward


def prepare(
    bundle: Bundle, nlp: Language | None, *, include_all: bool, report: ExportReport, topic: str = ""
) -> AlignedDocument:
    """Tokenise the document and align its exported spans; report links to spans left out.

    With ``nlp`` None nothing is tokenised and no span has an alignment.
    Exported spans are the accepted ones, or all with ``include_all``. Where a
    span starts or ends off spaCy's token boundaries the tokens are split there
    (:func:`tokenise`), so every span lies on tokens; each format reports them.
    """
    document = bundle.document
    exported = []
    unfit: set[int] = set()  # spans that do not fit the text (a damaged file): reported, left out
    for span in bundle.spans:
        if include_all or span.status == "accepted":
            problem = span_problem(span, document.text)
            if problem is None:
                exported.append(span)
            else:
                unfit.add(span.id)
                report.note(Problem(f"document {document.id}", f"{problem}: the span is left out"))
    doc: Doc | None = None
    alignments: list[Alignment | None] = [None] * len(exported)
    if nlp is not None:
        doc, aligned = tokenise(nlp, document.text, [(span.start, span.end) for span in exported])
        alignments = list(aligned)
    spans = [
        ExportSpan(index, span, alignment)
        for index, (span, alignment) in enumerate(zip(exported, alignments, strict=True))
    ]
    by_id = {item.span.id: item for item in spans}
    every_span = {span.id: span for span in bundle.spans}
    links: list[Link] = []
    for relation in bundle.relations:
        head, child = by_id.get(relation.head_id), by_id.get(relation.child_id)
        if head is None or relation.child_id in unfit:
            continue
        if child is None:
            left_out = every_span.get(relation.child_id)
            if left_out is not None:
                report.note(_left_out_link(document, head.span, left_out, relation.label))
            continue
        links.append(Link(relation.label, head, child))
    links.sort(key=lambda link: (link.head.local_id, LINK_ORDER.index(link.label)))
    linked = {(link.head.local_id, link.label): link.child for link in links}
    quotes = [
        Quote(item, linked.get((item.local_id, "SPEAKER")), linked.get((item.local_id, "CUE")))
        for item in spans
        if item.span.kind == "quote"
    ]
    return AlignedDocument(document, doc, spans, links, quotes, bundle.annotator, bundle.text_json, topic)


def describe(text: str, span: Span) -> str:
    """``kind start-end LABEL 'text'``, the text shortened, for messages."""
    excerpt = text[span.start : span.end]
    if len(excerpt) > EXCERPT_LENGTH:
        excerpt = excerpt[: EXCERPT_LENGTH - 1] + "…"
    return f"{span.kind} {span.start}-{span.end} {span.label} {excerpt!r}"


def was_split(item: ExportSpan) -> bool:
    """Whether the tokens were split for ``item``: it starts or ends off spaCy's token boundaries."""
    return item.alignment is not None and bool(item.alignment.split)


def split_for(document: Document, item: ExportSpan, consequence: str) -> Problem:
    """The warning for a span off spaCy's token boundaries, for which the tokens were split."""
    return Problem(
        f"document {document.id}",
        f"{describe(document.text, item.span)} does not line up with spaCy's tokens "
        f"({token_alignment(item).split}): {consequence}",
        severity="warning",
    )


def _left_out_link(document: Document, quote: Span, child: Span, label: str) -> Problem:
    role = "speaker" if label == "SPEAKER" else "cue"
    return Problem(
        f"document {document.id}",
        f"the quote {quote.start}-{quote.end} has as its {role} {describe(document.text, child)}, "
        f"which is {child.status}, not accepted: the link is left out (export all spans to keep it)",
        severity="warning",
    )
