"""What agreement compares: one annotator's accepted spans, reduced to plain values.

The store turns each annotator's layer into :class:`Mark` values; everything in
:mod:`annotator.agreement` works on these alone, so it needs neither the store nor Qt.
"""

from __future__ import annotations

from typing import NamedTuple

# The span kinds compared on their own; speakers and cues are compared through their quote.
ENTITY = "entity"
QUOTE = "quote"
COMPARED_KINDS = (ENTITY, QUOTE)


class Mark(NamedTuple):
    """One annotator's accepted span in a document, with what agreement compares.

    A named tuple: a layer is read as hundreds of thousands of these, and a tuple is made in a
    fifth of the time a frozen dataclass takes.
    """

    kind: str  # "entity" or "quote" (other kinds are not compared on their own)
    label: str  # entity label ("PERSON", ...); for quotes "QUOTE"
    start: int
    end: int
    stance: str | None = None  # "favor"/"against"/... or None
    quote_type: str | None = None  # "direct"/"indirect"/"mixed" or None (quotes only)
    speaker: tuple[int, int] | None = None  # the linked speaker span's (start, end), quotes only
    cue: tuple[int, int] | None = None  # the linked cue span's (start, end), quotes only


# annotator name -> document id -> that annotator's marks, only for documents that annotator marked done
Layers = dict[str, dict[int, list[Mark]]]


def same_place(x: tuple[int, int] | None, y: tuple[int, int] | None) -> bool:
    """Whether two linked spans (a quote's speaker or cue) name the same thing.

    Both missing is the same; one missing is not; two given are the same when they share
    a character (or are identical, which covers empty spans).
    """
    if x is None or y is None:
        return x is y
    return x == y or max(x[0], y[0]) < min(x[1], y[1])
