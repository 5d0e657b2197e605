"""The export loop every format shares: choose documents, split, tokenise, write atomically, report.

An export writes one file per part (``news.jsonl``, or ``news.train.jsonl`` and
``news.dev.jsonl``), or one folder of shard files per part (``corpus/`` or
``corpus/train/`` and ``corpus/dev/``). With several processes the documents
are written in chunks by worker processes (see :mod:`annotator.exporting.parallel`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from annotator.exporting.aligned import AlignedDocument, prepare
from annotator.exporting.atomic import (
    atomic_files,
    atomic_folders,
    files_to_write,
    refuse_foreign_folders,
    refuse_project_files,
    remove_stale_temps,
)
from annotator.exporting.options import ExportOptions
from annotator.exporting.reading import bundles, dev_ids, select_ids
from annotator.exporting.report import ExportReport
from annotator.exporting.tokens import DEFAULT_LANGUAGE, blank_pipeline, pipeline_language
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import Project

if TYPE_CHECKING:
    from spacy.language import Language

# Documents a shard file of a folder export holds: a DocBin keeps about 110 kB a document in memory.
SHARD_SIZE = 500
MAX_AUTO_PROCESSES = 4


class Writer(Protocol):
    """Writes documents of one format into one open file."""

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None: ...

    def close(self) -> None: ...


WriterFactory = Callable[[BinaryIO], Writer]


class Stopped(Exception):
    """The user asked to stop: nothing is kept."""


def split_path(out: Path, part: str) -> Path:
    """``news.jsonl`` -> ``news.train.jsonl``: the file for one part of a train/dev split."""
    return out.with_name(f"{out.stem}.{part}{out.suffix}")


def part_targets(out: Path, split: bool, folder: bool) -> list[Path]:
    """What an export to ``out`` writes: ``out``, or its train and dev parts (files, or folders of shards)."""
    if not split:
        return [out]
    if folder:
        return [out / "train", out / "dev"]
    return [split_path(out, "train"), split_path(out, "dev")]


def shard_name(index: int, suffix: str) -> str:
    """The file name of shard ``index`` in a folder export: ``00003.spacy``."""
    return f"{index:05d}{suffix}"


def auto_processes(documents: int, tokens: bool) -> int:
    """Worker processes worth starting for an export of ``documents``: 1 when it is quick anyway.

    Starting a worker costs about half a second (more with spaCy's tokenizer to load); tokenised
    documents take about 5 ms each, untokenised ones about 0.3 ms.
    """
    worth = documents >= (4 * SHARD_SIZE if tokens else 20 * SHARD_SIZE)
    return min(os.cpu_count() or 1, MAX_AUTO_PROCESSES) if worth else 1


def tokenizer_language(project: Project, report: ExportReport) -> str:
    """The language of the project's pipeline if it is installed, else English (with a warning)."""
    pipeline = project.setting("pipeline")
    language = pipeline_language(pipeline)
    if language is not None:
        return language
    if pipeline:
        report.note(
            Problem(
                "project settings",
                f"the pipeline {pipeline!r} is not installed: "
                f"tokens follow spaCy's rules for {DEFAULT_LANGUAGE!r}",
                severity="warning",
            )
        )
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Plan:
    """What one export writes: the parts' targets, the documents, and how (it goes to worker processes)."""

    targets: list[Path]
    ids: list[int]
    held_out: set[int]
    language: str | None  # None: the documents are not tokenised
    options: ExportOptions
    folder_suffix: str | None  # ".spacy": each target is a folder of shards; None: a file
    topic: str = ""  # the project's topic, written with every document

    def part_of(self, document_id: int) -> int:
        """Index of the target a document goes to: 0 (all, or train) or 1 (dev)."""
        return len(self.targets) - 1 if document_id in self.held_out else 0


def write_documents(
    plan: Plan,
    project: Project,
    nlp: Language | None,
    ids: Sequence[int],
    writers: Sequence[Writer],
    report: ExportReport,
    after_each: Callable[[], None] = lambda: None,
) -> None:
    """Prepare and write the documents ``ids``, each to its part's writer (``after_each`` may stop it)."""
    for bundle in bundles(project, ids, report, options=plan.options):
        if nlp is not None and len(bundle.document.text) > nlp.max_length:
            report.note(too_long_for_tokens(bundle.document.id, len(bundle.document.text), nlp.max_length))
            after_each()
            continue
        aligned = prepare(bundle, nlp, include_all=plan.options.include_all, report=report, topic=plan.topic)
        writers[plan.part_of(bundle.document.id)].write(aligned, report)
        report.documents += 1
        report.not_done += bundle.document.status != "done"
        report.spans += len(aligned.spans)
        after_each()


def too_long_for_tokens(document_id: int, length: int, limit: int) -> Problem:
    """A document longer than spaCy tokenizes (E088): only projects older than the import's limit hold one."""
    return Problem(
        f"document {document_id}",
        f"{length:,} characters, more than the {limit:,} an export with tokens takes: it is left out "
        "(a JSONL export with --no-tokens includes it)",
    )


class ShardWriter:
    """Writes a folder of numbered files, a new one every ``size`` documents, each with ``make_writer``.

    Numbers start at ``first``; no file is made until a document comes.
    """

    def __init__(
        self, folder: Path, make_writer: WriterFactory, suffix: str, size: int, first: int = 0
    ) -> None:
        self.folder, self.make_writer, self.suffix, self.size = folder, make_writer, suffix, size
        self.shards = first
        self.in_shard = 0
        self.handle: BinaryIO | None = None
        self.writer: Writer | None = None

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None:
        if self.writer is None or self.in_shard == self.size:
            self.close()
            self.handle = (self.folder / shard_name(self.shards, self.suffix)).open("wb")
            self.writer = self.make_writer(self.handle)
            self.shards += 1
            self.in_shard = 0
        self.writer.write(aligned, report)
        self.in_shard += 1

    def close(self) -> None:
        """Finish the current shard file, if one is open."""
        if self.writer is not None and self.handle is not None:
            self.writer.close()
            self.handle.close()
        self.writer = self.handle = None


def plan_export(
    project: Project, out: Path, report: ExportReport, options: ExportOptions, folder_suffix: str | None
) -> Plan:
    """Choose the documents and the targets, and check that every target may be written.

    Before any work, and before a progress bar shows: no target is the project or a file SQLite
    keeps beside it, and each is a file (or a link to one) or a folder of shards, as the format says.
    """
    split = options.split
    targets = part_targets(out, split is not None, folder_suffix is not None)
    refuse_project_files(targets, project.path)
    if folder_suffix is not None:
        refuse_foreign_folders(targets)
    else:
        files_to_write(targets)
    ids = select_ids(project, options)
    held_out = dev_ids(ids, split, options.seed) if split is not None else set()
    if split is not None and len(ids) < 2:
        report.note(
            Problem(str(out), "fewer than two documents: one part of the split is empty", severity="warning")
        )
    for problem in project.settings_problems():  # a damaged topic: exported empty, but said
        report.note(Problem("project settings", problem, severity="warning"))
    language = tokenizer_language(project, report) if options.tokens else None
    topic = project.setting("topic")
    topic = topic if isinstance(topic, str) else ""
    return Plan(targets, ids, held_out, language, options, folder_suffix, topic)


def run_export(
    project: Project,
    out: Path,
    make_writer: WriterFactory,
    options: ExportOptions,
    *,
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    folder_suffix: str | None = None,
) -> ExportReport:
    """Write the documents ``options`` choose to ``out`` (or its train/dev pair) with ``make_writer``.

    Without ``options.tokens`` the documents are not tokenised, and the writer
    gets no ``doc``. With a ``folder_suffix`` each part is a folder of shard
    files with that suffix. ``options.processes`` above 1 writes with that many
    worker processes; None chooses by the number of documents
    (:func:`auto_processes`). The files are replaced only if the whole export
    succeeds; a stop request leaves them as they were and returns a report
    marked cancelled.
    """
    report = ExportReport()
    plan = plan_export(project, Path(out), report, options, folder_suffix)
    remove_left_temps(plan, report)
    total = len(plan.ids)
    processes = options.processes
    if processes is None:
        processes = auto_processes(total, plan.language is not None)
    if progress is not None:
        progress(0, total)
    try:
        if processes > 1 and total > 1:
            from annotator.exporting.parallel import write_in_processes

            write_in_processes(plan, project.path, make_writer, processes, report, progress, should_stop)
        else:
            _write_here(plan, project, make_writer, report, progress, should_stop)
    except Stopped:
        report.cancelled = True
        return report
    except OSError as error:
        raise output_error(error, Path(out)) from error
    report.files = plan.targets
    return report


def remove_left_temps(plan: Plan, report: ExportReport) -> None:
    """Remove old temp files of interrupted exports beside the targets, and say so in ``report``."""
    if plan.folder_suffix is None:
        folders = {path.parent for path in files_to_write(plan.targets)}
    else:
        folders = {target.parent for target in plan.targets}
    for folder in sorted(folders):
        removed = remove_stale_temps(folder)
        if removed:
            names = ", ".join(path.name for path in removed)
            report.note(
                Problem(
                    str(folder),
                    f"removed {len(removed)} temporary file{'s' * (len(removed) != 1)} "
                    f"left by an interrupted export: {names}",
                    severity="warning",
                )
            )


def output_error(error: OSError, out: Path) -> OSError:
    """``error``, met while writing the export to ``out``, naming ``out`` when it names no file.

    A full disk or a failing drive (``write``, ``fsync``) gives an error without a file name, which
    would otherwise be reported under the project's name.
    """
    if error.filename is not None or error.errno is None:
        return error
    return OSError(error.errno, error.strerror or str(error), str(out))


def _write_here(
    plan: Plan,
    project: Project,
    make_writer: WriterFactory,
    report: ExportReport,
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
) -> None:
    """The export in this process: every document in order, each to its part."""
    nlp = blank_pipeline(plan.language) if plan.language is not None else None
    total = len(plan.ids)

    def after_each() -> None:
        if should_stop is not None and should_stop():
            raise Stopped
        if progress is not None:
            progress(report.documents, total)

    if plan.folder_suffix is None:
        with atomic_files(plan.targets) as handles:
            writers: list[Writer] = [make_writer(handle) for handle in handles]
            write_documents(plan, project, nlp, plan.ids, writers, report, after_each)
            _close(writers)
    else:
        with atomic_folders(plan.targets) as folders:
            writers = [ShardWriter(folder, make_writer, plan.folder_suffix, SHARD_SIZE) for folder in folders]
            write_documents(plan, project, nlp, plan.ids, writers, report, after_each)
            _close(writers)


def _close(writers: Iterable[Writer]) -> None:
    for writer in writers:
        writer.close()
