"""Tokens for exported documents: spaCy's tokenizer for the project's language, and span alignment."""

from __future__ import annotations

import functools
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
    """A tokenizer-only pipeline: the same tokenization rules as the trained pipelines, loaded fast."""
    import spacy

    return spacy.blank(language)


@dataclass(frozen=True)
class Alignment:
    """Where a character span falls in the tokens; ``token_end`` is inclusive (Prodigy's convention).

    ``exact`` is False when the span starts or ends inside a token: the token
    indexes then cover the tokens it touches, and ``reason`` says what is off.
    Both indexes are None when the span covers only whitespace between tokens.
    """

    token_start: int | None
    token_end: int | None
    exact: bool
    reason: str = ""


def align(doc: Doc, start: int, end: int) -> Alignment:
    """Map character offsets ``start:end`` to token indexes."""
    strict = doc.char_span(start, end, alignment_mode="strict")
    if strict is not None:
        return Alignment(strict.start, strict.end - 1, True)
    wide = doc.char_span(start, end, alignment_mode="expand")
    if wide is None or len(wide) == 0:
        return Alignment(None, None, False, "it covers only whitespace between tokens")
    reasons = []
    if start > wide.start_char:
        reasons.append(f"it starts inside the token {wide[0].text!r}")
    elif start < wide.start_char:
        reasons.append("it starts with whitespace")
    if end < wide.end_char:
        reasons.append(f"it ends inside the token {wide[-1].text!r}")
    elif end > wide.end_char:
        reasons.append("it ends with whitespace")
    return Alignment(wide.start, wide.end - 1, False, " and ".join(reasons))
