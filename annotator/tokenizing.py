"""spaCy's tokenizer with its time bounded: a long run without whitespace becomes a few long tokens.

spaCy strips prefixes and suffixes one at a time, copying and hashing the rest of
the run each time, so a run of punctuation without a space ('"' 10,000 times,
'«»«»...', '$$$...') takes time quadratic in its length: 8 s for 10,000 quote
marks, some 800 s for 100,000. And every mark is a token, which the tagger, parser
and entity recogniser then take some 25 s per 100,000 to get through.
:class:`BoundedTokenizer` gives every run longer than :data:`LONG_RUN` characters
as tokens of :data:`PIECE` characters instead (no word is that long; a URL that
is gets cut) and everything else the tokens spaCy gives it, in one Doc whose
text is exactly the input. Suggestions and exports both tokenize this way, so
their token boundaries agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LONG_RUN = 150
PIECE = 50
_LONG = re.compile(rf"\S{{{LONG_RUN + 1},}}")  # \S: what str.isspace() and spaCy call no space


def long_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of ``text`` longer than :data:`LONG_RUN` characters without whitespace."""
    return [match.span() for match in _LONG.finditer(text)]


def bounded_doc(tokenizer: Any, text: str) -> Doc:
    """``tokenizer(text)`` (spaCy's tokenizer), but each long run cut into tokens of :data:`PIECE` characters.

    The text between long runs is tokenized on its own: spaCy tokenizes each
    stretch between spaces alone, so its tokens are those of the whole text. A
    single space after a run stays on the run's last token, as spaCy keeps it.
    """
    runs = long_runs(text)
    if not runs:
        return tokenizer(text)
    from spacy.tokens import Doc

    docs: list[Doc] = []
    at = 0
    for start, end in runs:
        if start > at:
            docs.append(_stretch(tokenizer, text, at, start))
        words = [text[i : min(i + PIECE, end)] for i in range(start, end, PIECE)]
        space = text.startswith(" ", end)
        spaces = [False] * (len(words) - 1) + [space]
        docs.append(Doc(tokenizer.vocab, words=words, spaces=spaces))
        at = end + space
    if at < len(text):
        docs.append(_stretch(tokenizer, text, at, len(text)))
    return Doc.from_docs(docs, ensure_whitespace=False)


def _stretch(tokenizer: Any, text: str, start: int, end: int) -> Doc:
    """spaCy's tokens of ``text[start:end]`` as they are within the whole text.

    After a run and its space, the stretch is tokenized with the run's last character before it,
    then without that character's tokens: spaCy splits "'s's" after "' " otherwise than alone.
    """
    from spacy.tokens import Doc

    context = start - 2 if start >= 2 and text[start - 1] == " " else start
    doc = tokenizer(text[context:end])
    if context == start:
        return doc
    kept = [token for token in doc if token.idx >= start - context]
    return Doc(tokenizer.vocab, words=[t.text for t in kept], spaces=[bool(t.whitespace_) for t in kept])


class BoundedTokenizer:
    """A pipeline's tokenizer that no text makes slow; it passes everything else to the one it wraps."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return bounded_doc(self.tokenizer, text)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Each text tokenized in turn (spaCy's own ``pipe`` also tokenizes one by one)."""
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (while unpickling): do not look it up on itself
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def bound_tokenizer(nlp: Language) -> Language:
    """``nlp`` with its tokenizer wrapped in a :class:`BoundedTokenizer` (once); returns ``nlp``."""
    if not isinstance(nlp.tokenizer, BoundedTokenizer):
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp
