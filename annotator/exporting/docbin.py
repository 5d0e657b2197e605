"""Export to spaCy's DocBin (``.spacy``), ready for ``python -m spacy train``.

What goes where in each ``Doc`` (only what a DocBin really keeps):

- The tokens are spaCy's, split where an exported span starts or ends inside
  one (as in the JSONL export), so that every span keeps its exact characters.
- ``doc.ents``: accepted entities. Overlapping ones keep the longest (then the
  first); the others are left out and reported, their tokens marked as missing
  so training does not learn "no entity".
- ``doc.spans["quotes"]``: accepted quotes, labelled by type in capitals
  (``DIRECT``, ``INDIRECT``, ``MIXED``; ``QUOTE`` when the type is unknown), so
  a span categorizer can learn the types.
- ``doc.spans["speakers"]``: accepted speaker spans and the accepted spans that
  accepted quotes name as speaker (an entity such as a PERSON, or "he"), label
  ``SPEAKER``; ``doc.spans["cues"]``: accepted cues, label ``CUE``.
- Every span placed above has ``id_`` set to its index in ``user_data["spans"]``.
- ``doc.user_data`` (plain JSON-able keys): ``meta`` (with ``title``), ``status``,
  ``topic`` (the project's, which stances are toward), and ``spans``,
  ``relations`` and ``quotes`` exactly as in the JSONL export: stance and
  ``edited`` per span, quote -> speaker and cue links, ``speaker_name``. With
  ``include_all`` suggested and rejected spans appear there only, never in ents
  or span groups. msgpack gives lists back as tuples when the file is read.

Skipped documents are not training data and are left out (reported).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from annotator.exporting.aligned import (
    AlignedDocument,
    ExportSpan,
    describe,
    split_for,
    token_alignment,
    was_split,
)
from annotator.exporting.options import ExportOptions, chosen
from annotator.exporting.records import annotations, meta_with_title
from annotator.exporting.report import ExportReport
from annotator.exporting.running import run_export
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import Project

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# spaCy and srsly are imported where they are used, so that a token-free JSONL export's
# worker processes, which import this package, start without them.

QUOTE_TYPES = ("direct", "indirect", "mixed")
SPLIT = (
    "the Doc's tokens are split there, so it keeps its exact characters "
    "(spaCy's training lines them up with its own tokens)"
)
SUFFIX = ".spacy"
GROUP_LABELS = {"speakers": "SPEAKER", "cues": "CUE"}
# Only what the export sets (ORTH and SPACY are always kept): the DocBin holds every token of
# every document as 8 bytes per attribute, so spaCy's default 13 attributes cost 3x the memory.
TOKEN_ATTRS = ("ENT_IOB", "ENT_TYPE", "ENT_ID")


def is_folder_target(out: Path) -> bool:
    """Whether a DocBin export to ``out`` writes a folder of shards (``out`` is no ``.spacy`` file)."""
    return Path(out).is_dir() or Path(out).suffix.lower() != SUFFIX


def _spacy_span(doc: Doc, item: ExportSpan, label: str) -> Span:
    alignment = token_alignment(item)
    from spacy.tokens import Span

    return Span(doc, alignment.token_start, alignment.token_end + 1, label, span_id=str(item.local_id))


def quote_label(item: ExportSpan) -> str:
    """A quote's label in ``doc.spans["quotes"]``: its type in capitals, or QUOTE."""
    kind = item.span.attributes.get("type")
    return kind.upper() if kind in QUOTE_TYPES else "QUOTE"


def _groups(aligned: AlignedDocument) -> dict[str, list[ExportSpan]]:
    """Accepted spans per span group, in text order."""
    accepted = [item for item in aligned.spans if item.span.status == "accepted"]
    named = {
        link.child.local_id
        for link in aligned.links
        if link.label == "SPEAKER" and link.head.span.status == "accepted"
    }
    return {
        "quotes": [item for item in accepted if item.span.kind == "quote"],
        "speakers": [item for item in accepted if item.span.kind == "speaker" or item.local_id in named],
        "cues": [item for item in accepted if item.span.kind == "cue"],
    }


def _longest_first(item: ExportSpan) -> tuple[int, int]:
    return item.span.start - item.span.end, item.span.start


class DocBinWriter:
    """Collects the documents (a DocBin keeps compact token arrays, not Doc objects) and writes on close."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        from spacy.tokens import DocBin

        self.docbin = DocBin(attrs=TOKEN_ATTRS, store_user_data=True)

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None:
        doc = aligned.doc
        assert doc is not None, "a DocBin export is always tokenised"
        self._set_ents(aligned, report)
        for key, items in _groups(aligned).items():
            doc.spans[key] = [
                _spacy_span(doc, item, quote_label(item) if key == "quotes" else GROUP_LABELS[key])
                for item in items
            ]
        for item in aligned.spans:
            if was_split(item):
                report.note(split_for(aligned.document, item, SPLIT))
        doc.user_data["meta"] = meta_with_title(aligned.document)
        doc.user_data["status"] = aligned.document.status
        doc.user_data["topic"] = aligned.topic
        doc.user_data.update(annotations(aligned))
        self.docbin.add(doc)

    @staticmethod
    def _set_ents(aligned: AlignedDocument, report: ExportReport) -> None:
        """Put the accepted entities into ``doc.ents``; overlapping ones are left out and reported."""
        doc, document = aligned.doc, aligned.document
        assert doc is not None
        entities = [
            item for item in aligned.spans if item.span.kind == "entity" and item.span.status == "accepted"
        ]
        owner: list[ExportSpan | None] = [None] * len(doc)
        kept: list[ExportSpan] = []
        missing: set[int] = set()
        for item in sorted(entities, key=_longest_first):
            start, end = token_alignment(item).token_start, token_alignment(item).token_end
            clash = next((owner[i] for i in range(start, end + 1) if owner[i] is not None), None)
            if clash is None:
                kept.append(item)
                owner[start : end + 1] = [item] * (end + 1 - start)
                continue
            report.note(
                Problem(
                    f"document {document.id}",
                    f"{describe(document.text, item.span)} overlaps "
                    f"{describe(document.text, clash.span)}: left out of doc.ents (which cannot "
                    "overlap), its tokens marked as missing",
                )
            )
            missing.update(range(start, end + 1))
        kept.sort(key=lambda item: item.span.start)
        doc.set_ents(
            [_spacy_span(doc, item, item.span.label) for item in kept],
            missing=[doc[i : i + 1] for i in sorted(missing) if owner[i] is None],
            default="outside",
        )

    def close(self) -> None:
        self.handle.write(self.docbin.to_bytes())

    @staticmethod
    def start_worker() -> None:
        """In an export's worker process: look up srsly's msgpack encoders once, for its whole life."""
        _look_up_msgpack_encoders_once()


def _look_up_msgpack_encoders_once() -> bool:
    """Find srsly's msgpack encoders once, and have srsly use that list until told otherwise.

    Every span group a DocBin stores is packed by a new msgpack Packer, and each
    one asked catalogue for the encoders: a scan of the entry points of every
    installed package (as long as tokenising, with three groups a document) and
    then of every function spaCy registers (a fifth of a DocBin export's time).
    The encoders found are registered and returned from then on. Returns
    whether srsly was looking them up (and now is not).
    """
    import srsly

    registry = srsly.msgpack_encoders
    if not registry.entry_points:
        return False
    for name, encoder in registry.get_entry_points().items():
        registry.register(name, func=encoder)
    registry.entry_points = False
    found = registry.get_all()
    registry.get_all = lambda: dict(found)  # an attribute of this registry only, shadowing the method
    return True


@contextmanager
def _msgpack_encoders_found_once() -> Iterator[None]:
    """The lookup of :func:`_look_up_msgpack_encoders_once`, as srsly had it again when the export ends."""
    switched = _look_up_msgpack_encoders_once()
    try:
        yield
    finally:
        if switched:
            import srsly

            srsly.msgpack_encoders.entry_points = True
            del srsly.msgpack_encoders.get_all


def export_docbin(
    project: Project,
    out: Path,
    options: ExportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    **choices: Any,
) -> ExportReport:
    """Write the project as a spaCy DocBin (see the module docstring for the layout), as ``options`` say.

    ``out`` is one ``.spacy`` file, or else a folder (new, or holding only
    ``.spacy`` files) that gets numbered shard files of ``running.SHARD_SIZE``
    documents each: ``spacy train`` reads a folder as one corpus, and memory
    holds one shard, not the whole project. With ``split`` the folder gets
    ``train/`` and ``dev/`` folders. Several ``processes`` only help a folder;
    a single file is written in this process. The other options mean what they
    mean for :func:`export_jsonl`; skipped documents are always left out.
    """
    options = chosen(options, "spacy", choices)
    folder = is_folder_target(out)
    if not folder:
        options = dataclasses.replace(options, processes=1)
    skipped = 0 if options.done_only else project.count_documents("skipped")
    with _msgpack_encoders_found_once():
        report = run_export(
            project,
            out,
            DocBinWriter,
            options,
            progress=progress,
            should_stop=should_stop,
            folder_suffix=SUFFIX if folder else None,
        )
    if skipped and not report.cancelled:
        report.note(
            Problem(
                str(out),
                f"{skipped} skipped document{'s' * (skipped != 1)} left out: skipped is not training data",
                severity="warning",
            )
        )
    return report
