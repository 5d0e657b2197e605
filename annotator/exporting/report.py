"""What an export did: counts, files written and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.problems import ProblemLog, printable


@dataclass
class ExportReport(ProblemLog):
    """Counts of one export; ``files`` are only those actually written (none if cancelled).

    ``quotes`` is the number of rows of a quotes table, and None for the other formats;
    ``not_done`` how many of the documents written are not marked done.
    """

    documents: int = 0
    not_done: int = 0
    spans: int = 0
    quotes: int | None = None
    files: list[Path] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        """One line for the status bar or the command line; file names with their controls escaped."""
        if self.cancelled:
            return "Export cancelled: no file was written or changed."
        names = ", ".join(printable(path.name, layout="") + "/" * path.is_dir() for path in self.files)
        text = f"Exported {self.documents} document{'s' * (self.documents != 1)}"
        count, unit = (self.spans, "span") if self.quotes is None else (self.quotes, "quote")
        text += f" with {count} {unit}{'s' * (count != 1)} to {names}."
        count = self.problem_count
        if count:
            text += f" {count} problem{'s' * (count != 1)}: see the list."
        return text
