"""Quotes in a processed document: direct, indirect, mixed and "according to", with cue and speaker.

Direct quotes come from quotation marks (:mod:`annotator.suggest.marks`) and
need no parser; indirect and mixed quotes need the dependency parse (a speech
verb with a clausal complement). The passes, in the order they run:

- :mod:`~annotator.suggest.quotes_direct`: quotation marks into direct quotes,
  and the quoted fragments a speech verb governs;
- :mod:`~annotator.suggest.quotes_reported`: indirect and mixed quotes;
- :mod:`~annotator.suggest.quotes_according`: "according to X";
- :mod:`~annotator.suggest.quotes_names`: speakers resolved to full names, in reading order.

Each later pass skips what overlaps a quote found by an earlier one.
"""

from __future__ import annotations

from spacy.tokens import Doc

from annotator.suggest.quotes_according import according_to
from annotator.suggest.quotes_direct import MIN_UNCUED_WORDS, direct_quotes
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.quotes_names import resolve_speakers
from annotator.suggest.quotes_reported import reported_quotes
from annotator.suggest.quotes_types import Found, Quote

__all__ = ["MIN_UNCUED_WORDS", "Quote", "find_quotes"]


def find_quotes(doc: Doc) -> list[Quote]:
    """Every quote suggested for ``doc``, in text order."""
    layout = Layout(doc)
    found = Found()
    direct_quotes(layout, found)
    reported_quotes(layout, found)
    according_to(layout, found)
    resolve_speakers(layout, found.candidates)
    return [c.freeze() for c in sorted(found.candidates, key=lambda c: c.start)]
