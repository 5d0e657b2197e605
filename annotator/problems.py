"""Problems found in input or output, reported to the user without stopping the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
