"""A cap on sentence length, set before the parser: no input gives the parser one giant sentence.

Text without sentence punctuation ("he said" four thousand times, a 100 KB list
of names) would otherwise be parsed as a single sentence, and every pass that
walks a sentence or a subtree would walk all of it for each cue. Real sentences
are far shorter (the longest in the Wikinews corpus has 190 tokens), so the cap
changes nothing for them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "annotator_sentence_cap"
MAX_SENTENCE_TOKENS = 256
_ENDS = frozenset({".", "!", "?"})


@Language.component(NAME)
def cap_sentences(doc: Doc) -> Doc:
    """Start a sentence after every ``MAX_SENTENCE_TOKENS`` tokens without a full stop or line break."""
    since = 0
    for token in doc:
        if since >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            since = 0
        since += 1
        if token.text in _ENDS or (token.is_space and "\n" in token.text):
            since = 0
    return doc


def add_sentence_cap(nlp: Language) -> None:
    """Put the cap right before the pipeline's parser (a pipeline without one needs none)."""
    if "parser" in nlp.pipe_names and NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
