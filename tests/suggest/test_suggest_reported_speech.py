"""Indirect speech the parser hangs oddly: each rule of the reported-speech pass on a sentence of its own."""

from __future__ import annotations

from collections.abc import Callable

from suggest_helpers import quote_containing, said

from annotator.suggest import TextSuggestions

Suggest = Callable[[str], TextSuggestions]


def test_complement_before_a_colon_and_quote_is_kept_apart_from_the_quote(suggest: Suggest) -> None:
    text = (
        'A port spokeswoman, Ida Marsh, indicated the ferry was delayed by the storm: "We hope '
        'to sail tomorrow," she said, "if the wind drops."'
    )
    quote = quote_containing(text, suggest(text), "ferry was delayed")
    assert (quote.type, text[quote.start : quote.end]) == ("indirect", "the ferry was delayed by the storm")
    assert said(text, quote.cue) == "indicated"
