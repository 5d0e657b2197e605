"""What an import did: counts, new document ids and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.problems import Problem

# Beyond this many, problems are only counted: a broken million-line file must not fill memory.
MAX_LISTED_PROBLEMS = 1000


@dataclass
class ImportReport:
    """Counts of one import; ``document_ids`` are the new documents in input order."""

    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    spans: int = 0
    problems: list[Problem] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    cancelled: bool = False
    unlisted_problems: int = 0

    def note(self, problem: Problem) -> None:
        """Keep ``problem`` for the user (only counted once the list is long)."""
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(problem)
        else:
            self.unlisted_problems += 1

    def fail(self, problem: Problem) -> None:
        """A record or a whole file was not imported, for the reason in ``problem``."""
        self.failed += 1
        self.note(problem)

    def summary(self) -> str:
        """One line for a status bar: ``imported 10 · duplicate 2 · failed 1 · 37 spans``."""
        parts = [
            f"imported {self.imported}",
            f"duplicate {self.duplicates}",
            f"failed {self.failed}",
            f"{self.spans} spans",
        ]
        if self.unlisted_problems:
            parts.append(f"{len(self.problems) + self.unlisted_problems} problems")
        if self.cancelled:
            parts.append("cancelled")
        return " · ".join(parts)
