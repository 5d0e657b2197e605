"""Import files and folders into a project, in batches that each commit on their own."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from annotator.importing.csv_records import read_csv
from annotator.importing.jsonl_records import read_jsonl
from annotator.importing.records import Record
from annotator.importing.report import ImportReport
from annotator.importing.text_files import read_text_file
from annotator.importing.writer import Writer
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import Project

Reader = Callable[[Path], Iterator[tuple[int, Record | Problem]]]
READERS: dict[str, Reader] = {".txt": read_text_file, ".jsonl": read_jsonl, ".csv": read_csv}
# A batch is one transaction: small enough that an interrupted import loses little,
# large enough that committing does not dominate.
BATCH_RECORDS = 200
BATCH_CHARS = 8_000_000


def import_paths(
    project: Project,
    paths: list[Path],
    *,
    as_suggestions: bool = False,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ImportReport:
    """Import .txt, .jsonl and .csv files (folders: recursively) into ``project``.

    Spans in the data are stored as accepted human annotations, or as model
    suggestions with ``as_suggestions`` (rejected tasks stay rejected either
    way; spans from our own export keep their status). Each batch commits on
    its own, so a stopped or crashed import can simply be run again: what is
    in already counts as duplicates. ``progress`` gets (bytes read, total
    bytes); ``should_stop`` is asked between batches.
    """
    report = ImportReport()
    files = _files(paths, report)
    sizes = [_size(path) for path in files]
    total = sum(sizes)
    writer = Writer(project, report, as_suggestions=as_suggestions)
    batch: list[Record] = []
    # Problems count towards a batch too, so that a file of bad lines still shows progress and stops.
    items_read = chars = 0
    with closing(_read(files, sizes)) as items:
        for done, item in items:
            items_read += 1
            if isinstance(item, Problem):
                if item.severity == "error":
                    report.fail(item)
                else:
                    report.note(item)
            else:
                batch.append(item)
                chars += len(item.text)
            if items_read < BATCH_RECORDS and chars < BATCH_CHARS:
                continue
            writer.write(batch)
            batch, items_read, chars = [], 0, 0
            if progress:
                progress(done, total)
            if should_stop and should_stop():
                report.cancelled = True
                break
        else:
            writer.write(batch)
            if progress:
                progress(total, total)
    order = {str(path): at for at, path in enumerate(files)}
    report.problems.sort(key=lambda problem: (order.get(problem.where, -1), problem.line or 0))
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say why


def _read(files: list[Path], sizes: list[int]) -> Iterator[tuple[int, Record | Problem]]:
    """Records and problems of all files in turn, with the bytes read so far in all of them."""
    finished = 0
    for path, size in zip(files, sizes, strict=True):
        if size == 0 and path.exists():
            yield finished, Problem(str(path), "the file is empty")
            continue
        try:
            with closing(READERS[path.suffix.lower()](path)) as items:
                for done, item in items:
                    yield finished + done, item
        except OSError as error:
            # Gone, unreadable, or a disk error: the file's lines read so far are kept.
            yield finished + size, Problem(str(path), f"could not read it: {error.strerror or error}")
        finished += size


def _files(paths: list[Path], report: ImportReport) -> list[Path]:
    """The files to read, in order, each once; missing and unsupported paths are reported."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir():
            inside = _folder_files(path, report)
            if not inside:
                report.note(
                    Problem(str(path), "no .txt, .jsonl or .csv files in this folder", severity="warning")
                )
        elif not path.exists():
            report.fail(Problem(str(path), BROKEN_LINK if path.is_symlink() else "no such file or folder"))
            continue
        elif path.suffix.lower() not in READERS:
            report.fail(
                Problem(str(path), f"unsupported file type {path.suffix!r}: use .txt, .jsonl or .csv")
            )
            continue
        elif not path.is_file():
            report.fail(Problem(str(path), NOT_A_FILE))
            continue
        else:
            inside = [path]
        for file in inside:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


BROKEN_LINK = "a broken link: what it points to does not exist, or it points back to itself"
NOT_A_FILE = "not a regular file (a pipe, socket or device): not read"


def _folder_files(folder: Path, report: ImportReport) -> list[Path]:
    """Supported files below ``folder`` in sorted path order, skipping hidden files and folders.

    Links are followed only to files inside ``folder``: a link out of it (to a private
    key, say) is reported, not read. Links to folders are not followed.
    """
    inside = folder.resolve()
    found = []

    def unreadable(error: OSError) -> None:
        where = error.filename or str(folder)
        report.fail(Problem(str(where), f"could not read this folder: {error.strerror or error}"))

    for root, folders, names in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders:
            path = Path(root, name)
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                message = f"a link to a folder outside {folder} ({path.resolve()}): not followed"
                report.note(Problem(str(path), message, severity="warning"))
        for name in names:
            path = Path(root, name)
            if name.startswith(".") or path.suffix.lower() not in READERS:
                continue
            problem = _unfit(path, inside, folder)
            if problem:
                report.fail(Problem(str(path), problem))
            else:
                found.append(path)
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _unfit(path: Path, inside: Path, folder: Path) -> str | None:
    """Why a file found in ``folder`` (``inside`` once resolved) is not read, or None."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return BROKEN_LINK
        if not target.is_relative_to(inside):
            return f"a link to a file outside {folder} ({target}): not followed, not read"
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError as error:
        return f"could not read it: {error.strerror or error}"
    return None if regular else NOT_A_FILE
