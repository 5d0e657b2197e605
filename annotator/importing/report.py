"""What an import did: counts, new document ids and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.problems import Problem, ProblemLog


@dataclass
class ImportReport(ProblemLog):
    """Counts of one import; ``document_ids`` are the new documents in input order."""

    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    spans: int = 0
    document_ids: list[int] = field(default_factory=list)
    cancelled: bool = False

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
            parts.append(f"{self.problem_count} problems")
        if self.cancelled:
            parts.append("cancelled")
        return " · ".join(parts)
