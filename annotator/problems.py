"""Problems found in input or output, reported to the user without stopping the work."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

# Called with (done, total) as work advances; total may be 0 when unknown.
ProgressCallback = Callable[[int, int], None]
# Polled between batches; True asks the work to stop after committing what is done.
StopCheck = Callable[[], bool]

# Unicode categories a terminal may act on or that hide or reorder text: controls (C0, DEL, C1),
# format characters (bidi overrides and isolates, BOM, ...), lone surrogates (undecodable file-name
# bytes, which could not even be written) and the line and paragraph separators.
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Format characters that are part of ordinary text and emoji: zero-width (non-)joiner, and the tag
# characters of subdivision flags such as England's.
_JOINERS = frozenset({"\u200c", "\u200d"})
_TAGS = range(0xE0020, 0xE0080)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    """``char`` as Python writes it in a string literal: ``\\r``, ``\\x1b``, ``\\u202e``."""
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _unprintable(char: str, layout: str) -> bool:
    if char in layout or char in _JOINERS or ord(char) in _TAGS:
        return False
    return unicodedata.category(char) in _UNPRINTABLE_CATEGORIES


def printable(text: str, layout: str = "\n\t") -> str:
    """``text`` safe to show on a terminal: controls and invisible format characters as escapes.

    ESC, CR, BEL, the C1 controls, bidi overrides such as U+202E, lone surrogates
    and the like become ``\\x1b``, ``\\r``, ``\\u202e``, ``\\udcff``; the characters in ``layout``
    (by default the output's own line breaks and tabs) are kept, and so is every
    ordinary character: accents, CJK and emoji print as they are. Backslashes are
    left alone, so a second pass changes nothing.
    """
    if text.isprintable():  # the common case: nothing to escape
        return text
    return "".join(_escape(char) if _unprintable(char, layout) else char for char in text)


def printable_json(text: str) -> str:
    """JSON text ``text`` safe to show on a terminal, and still the same JSON.

    What :func:`printable` escapes is written as a JSON escape (``\\u001b``,
    ``\\u202e``, a surrogate pair beyond the BMP): ``json.dumps`` with
    ``ensure_ascii=False`` escapes C0 controls but leaves DEL, C1 controls and
    bidi overrides raw. Line breaks and tabs of the layout are kept.
    """
    if text.isprintable():
        return text
    return "".join(json.dumps(char)[1:-1] if _unprintable(char, "\n\t") else char for char in text)


@dataclass(frozen=True)
class Problem:
    """One thing that went wrong, located as precisely as the input allows.

    ``where`` is a file path or ``document 12``; ``line`` is 1-based when known.
    Errors mean something was not imported or exported; warnings mean it was,
    with a change the user should know about.
    """

    where: str
    message: str
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """One line, whatever ``where`` and ``message`` hold: their controls and line breaks escaped."""
        where = printable(self.where, layout="")
        place = f"{where}:{self.line}" if self.line is not None else where
        return f"{place}: {self.severity}: {printable(self.message, layout='')}"


# Beyond this many, problems are only counted: a broken million-line file must not fill memory.
MAX_LISTED_PROBLEMS = 1000


@dataclass
class ProblemLog:
    """The problems one run met: listed up to :data:`MAX_LISTED_PROBLEMS`, counted beyond."""

    problems: list[Problem] = field(default_factory=list)
    unlisted_problems: int = 0

    def note(self, problem: Problem) -> None:
        """Keep ``problem`` for the user (only counted once the list is long)."""
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(problem)
        else:
            self.unlisted_problems += 1

    @property
    def problem_count(self) -> int:
        """Every problem met, listed or not."""
        return len(self.problems) + self.unlisted_problems
