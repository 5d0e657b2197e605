"""Problems found in input or output, reported to the user without stopping the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Called with (done, total) as work advances; total may be 0 when unknown.
ProgressCallback = Callable[[int, int], None]
# Polled between batches; True asks the work to stop after committing what is done.
StopCheck = Callable[[], bool]


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
        place = f"{self.where}:{self.line}" if self.line is not None else self.where
        return f"{place}: {self.severity}: {self.message}"
