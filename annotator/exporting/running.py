"""The export loop both formats share: choose documents, split, tokenise, write atomically, report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol

from annotator.exporting.aligned import AlignedDocument, prepare
from annotator.exporting.atomic import atomic_files
from annotator.exporting.reading import bundles, dev_ids, select_ids
from annotator.exporting.report import ExportReport
from annotator.exporting.tokens import DEFAULT_LANGUAGE, blank_pipeline, pipeline_language
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import Project


class Writer(Protocol):
    """Writes documents of one format into one open file."""

    def write(self, aligned: AlignedDocument, report: ExportReport) -> None: ...

    def close(self) -> None: ...


class _Stopped(Exception):
    """The user asked to stop: nothing is kept."""


def split_path(out: Path, part: str) -> Path:
    """``news.jsonl`` -> ``news.train.jsonl``: the file for one part of a train/dev split."""
    return out.with_name(f"{out.stem}.{part}{out.suffix}")


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


def run_export(
    project: Project,
    out: Path,
    make_writer: Callable[[BinaryIO], Writer],
    *,
    include_all: bool,
    done_only: bool,
    split: float | None,
    seed: int,
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    leave_out: Sequence[str] = (),
) -> ExportReport:
    """Write the chosen documents to ``out`` (or its train/dev pair) with ``make_writer``'s format.

    Documents whose status is in ``leave_out`` are not exported. The files are
    replaced only if the whole export succeeds; a stop request leaves them as
    they were and returns a report marked cancelled.
    """
    out = Path(out)
    report = ExportReport()
    targets = [split_path(out, "train"), split_path(out, "dev")] if split is not None else [out]
    if any(target.resolve() == project.path.resolve() for target in targets):
        raise ValueError(f"{out} is the project file itself: choose another file to export to")
    ids = select_ids(project, done_only=done_only, leave_out=leave_out)
    held_out = dev_ids(ids, split, seed) if split is not None else set()
    if split is not None and len(ids) < 2:
        report.note(
            Problem(str(out), "fewer than two documents: one part of the split is empty", severity="warning")
        )
    nlp = blank_pipeline(tokenizer_language(project, report))
    total = len(ids)
    if progress is not None:
        progress(0, total)
    try:
        with atomic_files(targets) as handles:
            writers = [make_writer(handle) for handle in handles]
            for done, bundle in enumerate(bundles(project, ids), 1):
                if should_stop is not None and should_stop():
                    raise _Stopped
                aligned = prepare(bundle, nlp, include_all=include_all, report=report)
                writers[-1 if bundle.document.id in held_out else 0].write(aligned, report)
                report.documents += 1
                report.spans += len(aligned.spans)
                if progress is not None:
                    progress(done, total)
            for writer in writers:
                writer.close()
    except _Stopped:
        report.cancelled = True
        return report
    report.files = targets
    return report
