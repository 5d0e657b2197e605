"""Tokens for exported documents: spaCy's tokenizer for the project's language, split to fit every span."""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_LANGUAGE = "en"


def pipeline_language(pipeline: str | None) -> str | None:
    """The language code of an installed pipeline package, or None if it is not installed."""
    import spacy

    if not pipeline or not spacy.util.is_package(pipeline):
        return None
    try:
        return str(spacy.util.get_model_meta(spacy.util.get_package_path(pipeline))["lang"])
    except (OSError, KeyError, ValueError):
        return None


@functools.lru_cache(maxsize=4)
def blank_pipeline(language: str) -> Language:
    """A tokenizer-only pipeline: the same tokenization rules as the trained pipelines, loaded fast.

    Its tokenizer is bounded as the suggesting pipelines' is (:mod:`annotator.tokenizing`), so a long
    run of marks without spaces costs linear time here too, and exports the tokens suggest saw.
    """
    import spacy

    from annotator.tokenizing import bound_tokenizer

    return bound_tokenizer(spacy.blank(language))


@dataclass(frozen=True)
class Alignment:
    """Where a span falls in the exported tokens; ``token_end`` is inclusive (Prodigy's convention).

    The indexes always match the span's offsets exactly: where a span starts or
    ends inside one of spaCy's tokens or in the space after one, the exported
    tokens are split there (see :func:`tokenise`). ``split`` then says what was
    off, for the export's report; it is empty for a span on spaCy's own tokens.
    """

    token_start: int
    token_end: int
    split: str = ""


def misalignment(doc: Doc, start: int, end: int) -> str:
    """What keeps ``start:end`` off the boundaries of ``doc``'s tokens ("" if nothing)."""
    if doc.char_span(start, end, alignment_mode="strict") is not None:
        return ""
    wide = doc.char_span(start, end, alignment_mode="expand")
    if wide is None or len(wide) == 0:
        return "it covers only whitespace between tokens"
    reasons = []
    if start > wide.start_char:
        reasons.append(f"it starts inside the token {wide[0].text!r}")
    elif start < wide.start_char:
        reasons.append("it starts with whitespace")
    if end < wide.end_char:
        reasons.append(f"it ends inside the token {wide[-1].text!r}")
    elif end > wide.end_char:
        reasons.append("it ends with whitespace")
    return " and ".join(reasons) or "it starts or ends where no token does"


def split_tokens(doc: Doc, text: str, starts: set[int], ends: set[int]) -> Doc:
    """``doc``'s tokens, split so that a token starts at each of ``starts`` and one ends at each of ``ends``.

    A token is cut where an offset falls inside it; the space after a token
    becomes a token of its own where a span starts on it or ends just after it.
    The tokens still cover the text exactly (each keeps whether a space follows).
    ``text`` is ``doc``'s text (``doc.text`` would build it again from the tokens).
    """
    from spacy.attrs import IDX, LENGTH, SPACY
    from spacy.tokens import Doc

    cuts = sorted(starts | ends)
    columns = doc.to_array([IDX, LENGTH, SPACY])  # plain ints: no Token object per token
    firsts = columns[:, 0].tolist()
    lasts = (columns[:, 0] + columns[:, 1]).tolist()
    words: list[str] = []
    spaces: list[bool] = []
    for first, last, space in zip(firsts, lasts, columns[:, 2].tolist(), strict=True):
        inner = cuts[bisect_right(cuts, first) : bisect_left(cuts, last)]
        if inner:
            for piece_start, piece_end in zip([first, *inner], [*inner, last], strict=True):
                words.append(text[piece_start:piece_end])
                spaces.append(False)
        else:
            words.append(text[first:last])
            spaces.append(False)
        if space and (last in starts or last + 1 in ends):
            words.append(text[last])  # the space, a token of its own
            spaces.append(False)
        elif space:
            spaces[-1] = True
    return Doc(doc.vocab, words=words, spaces=spaces)


def tokenise(nlp: Language, text: str, offsets: Sequence[tuple[int, int]]) -> tuple[Doc, list[Alignment]]:
    """``text``'s tokens for an export, and where each of the spans at ``offsets`` falls in them.

    spaCy's tokens, split where a span starts or ends off their boundaries (a
    person may place a span inside a token, "U.S" of "U.S."), so that every
    span's token indexes match its offsets exactly.
    """
    doc = nlp.make_doc(text)
    found = [doc.char_span(start, end, alignment_mode="strict") for start, end in offsets]
    if all(span is not None for span in found):
        return doc, [Alignment(span.start, span.end - 1) for span in found if span is not None]
    reasons = [
        "" if span is not None else misalignment(doc, start, end)
        for span, (start, end) in zip(found, offsets, strict=True)
    ]
    off = [pair for pair, span in zip(offsets, found, strict=True) if span is None]
    doc = split_tokens(doc, text, {start for start, _ in off}, {end for _, end in off})
    alignments = []
    for (start, end), reason in zip(offsets, reasons, strict=True):
        span = doc.char_span(start, end, alignment_mode="strict")
        assert span is not None, f"the tokens were split at {start} and {end}"
        alignments.append(Alignment(span.start, span.end - 1, reason))
    return doc, alignments
