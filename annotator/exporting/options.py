"""What one export writes, chosen once (by ``annotator export``'s flags or File ▸ Export's dialog).

The value goes down unchanged to the writers and, inside the export's plan, to
the worker processes of a parallel export: it holds plain values only, so it
pickles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Format = Literal["jsonl", "spacy", "quotes-csv"]
FORMATS: tuple[Format, ...] = ("jsonl", "spacy", "quotes-csv")


@dataclass(frozen=True)
class ExportOptions:
    """An export's choices; the defaults are ``annotator export``'s.

    - ``format``: ``"jsonl"``, Prodigy-compatible lines, or ``"spacy"``, a
      DocBin file (OUT named ``.spacy``) or else a folder of shard files, or
      ``"quotes-csv"``, a table of quotes (no tokens, one process, no split).
    - ``include_all``: every span with its status, not only the accepted ones.
    - ``done_only``: only documents marked done. A DocBin always leaves out
      skipped documents (:attr:`left_out_statuses`).
    - ``split``: the share of documents (between 0 and 1) written to a separate
      dev file or folder, chosen by a shuffle seeded with ``seed``; None: no split.
    - ``tokens``: JSONL only: each line's token list and the token indexes of
      spans and links. A DocBin is made of tokens and must keep it True.
    - ``processes``: worker processes; None chooses by the number of documents
      and CPUs. A single ``.spacy`` file is always written by one process.
    - ``annotator``: export that merged annotator's version (ADR 18) instead of
      the project's own, which in a merged project is the reviewed version.
    - ``all_annotators``: JSONL only: every merged annotator's version, a line
      per annotator and document, each with its ``_annotator_id``.
    """

    format: Format = "jsonl"
    include_all: bool = False
    done_only: bool = False
    split: float | None = None
    seed: int = 0
    tokens: bool = True
    processes: int | None = None
    annotator: str | None = None
    all_annotators: bool = False

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown export format {self.format!r}; use one of {', '.join(FORMATS)}")
        if self.split is not None and self.format == "quotes-csv":
            raise ValueError("a quotes table is for reading, not training: it has no train/dev split")
        if self.split is not None and not 0 < self.split < 1:
            raise ValueError(
                f"split must be between 0 and 1 (the share of documents for dev), got {self.split}"
            )
        if self.format == "spacy" and not self.tokens:
            raise ValueError("tokens=False is for JSONL: a spaCy DocBin is made of tokens")
        if self.annotator is not None and self.all_annotators:
            raise ValueError("choose one annotator's version or all of them, not both")
        if self.all_annotators and self.format != "jsonl":
            raise ValueError(
                "every annotator's version goes to JSONL, a line each: a DocBin or a quotes table holds "
                "one version"
            )
        if self.processes is not None and self.processes < 1:
            raise ValueError(f"processes must be at least 1 (None chooses), got {self.processes}")

    @property
    def layers(self) -> tuple[str, ...] | None:
        """The annotators whose versions are exported (None: the project's own version)."""
        return (self.annotator,) if self.annotator is not None else None

    @property
    def left_out_statuses(self) -> tuple[str, ...]:
        """Statuses of documents never exported: a DocBin is training data, and skipped ones are not."""
        return ("skipped",) if self.format == "spacy" else ()


def chosen(options: ExportOptions | None, format_: Format, choices: dict[str, Any]) -> ExportOptions:
    """``options`` for an export to ``format_``, or options made of ``choices``, fields given as keywords.

    The keywords are for short calls from scripts and tests (``export_jsonl(project,
    out, include_all=True)``); the command line and the dialog build the options.
    """
    if options is None:
        return ExportOptions(format=format_, **choices)
    if choices:
        raise TypeError(f"pass options or their fields as keywords, not both (got {', '.join(choices)})")
    if options.format != format_:
        raise ValueError(f"these options are for a {options.format} export, not {format_}")
    return options
