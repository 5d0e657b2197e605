"""Exporting with several worker processes: each writes chunks of documents, kept in order.

A chunk is :data:`CHUNK_SIZE` consecutive documents. For a file export a
worker writes a chunk's documents for each part into memory and sends the
bytes back; the main process appends them to the part's temp file in chunk
order. For a folder export a worker writes the chunk as that part's shard file
itself. Problems workers meet come back with the counts.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import gc
import io
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.exporting.atomic import atomic_files, atomic_folders
from annotator.exporting.report import ExportReport
from annotator.exporting.running import (
    SHARD_SIZE,
    Plan,
    ShardWriter,
    Stopped,
    Writer,
    WriterFactory,
    write_documents,
)
from annotator.exporting.tokens import blank_pipeline
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.store import Project

CHUNK_SIZE = SHARD_SIZE
# How often the main process looks at the stop request while it waits for a chunk, in seconds.
POLL_SECONDS = 0.1
# A file export is synced to disk every so many bytes, so that little is left to sync at the end.
SYNC_BYTES = 64 << 20
_sync_data = getattr(os, "fdatasync", os.fsync)  # macOS and Windows have no fdatasync
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True)
class _Chunk:
    index: int
    ids: list[int]
    folders: list[Path] | None  # a folder export: each part's folder, for the chunk's shard


@dataclass(frozen=True)
class _Done:
    index: int
    documents: int
    not_done: int
    spans: int
    problems: list[Problem]
    unlisted_problems: int
    written: list[bytes]  # a file export: each part's bytes


# The worker's state, set once per process by _start_worker.
_worker: dict[str, Any] = {}


def die_with_parent(parent: int) -> None:
    """End this child process when its parent ``parent`` ends, however it ends (SIGKILL included).

    On Linux the kernel kills the child (``PR_SET_PDEATHSIG``; it counts the end of the parent's
    thread that started the child, so start children from a thread that outlives them). Elsewhere,
    and for a parent gone before this call, the child asks :func:`orphaned` between documents.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if orphaned(parent):
        os._exit(1)


def orphaned(parent: int) -> bool:
    """Whether the process that started this one, ``parent``, has ended (this one was adopted)."""
    return os.getppid() != parent


def _exit_if_orphaned() -> None:
    """Between documents: a worker whose main process is gone stops writing at once."""
    if orphaned(_worker["parent"]):
        os._exit(1)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker deaf to SIGHUP, as it is to SIGINT and SIGTERM (POSIX).

    A closed terminal hangs up its whole process group; a tracker killed by that is started again,
    and the new one prints a traceback for each of the pool's semaphores it was never told of.
    """
    if not hasattr(signal, "SIGHUP") or not hasattr(signal, "pthread_sigmask"):
        return
    from multiprocessing import resource_tracker

    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})  # inherited, and never unblocked
    try:
        resource_tracker.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(plan: Plan, project_path: Path, make_writer: WriterFactory, parent: int) -> None:
    # Ctrl+C, and a hang-up, are the main process's to handle: it stops the pool.
    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    die_with_parent(parent)
    _worker["parent"] = parent
    # A worker's records are freed by reference counting; the cycle collector, run every few hundred
    # allocations, only cost it time (about 5 %).
    gc.disable()
    _worker["plan"] = plan
    _worker["project"] = Project.open(project_path, read_only=True)  # workers only read
    _worker["nlp"] = blank_pipeline(plan.language) if plan.language is not None else None
    _worker["make_writer"] = make_writer
    start_worker = getattr(make_writer, "start_worker", None)
    if start_worker is not None:
        start_worker()


def _write_chunk(chunk: _Chunk) -> _Done:
    report = ExportReport()
    make_writer: WriterFactory = _worker["make_writer"]
    plan: Plan = _worker["plan"]
    buffers: list[io.BytesIO] = []
    writers: list[Writer]
    if chunk.folders is None:
        buffers = [io.BytesIO() for _ in plan.targets]
        writers = [make_writer(buffer) for buffer in buffers]
    else:  # the chunk is one shard, numbered by the chunk
        suffix, size = plan.folder_suffix or "", len(chunk.ids)
        writers = [ShardWriter(folder, make_writer, suffix, size, chunk.index) for folder in chunk.folders]
    write_documents(plan, _worker["project"], _worker["nlp"], chunk.ids, writers, report, _exit_if_orphaned)
    for writer in writers:
        writer.close()
    written = [buffer.getvalue() for buffer in buffers]
    return _Done(
        chunk.index,
        report.documents,
        report.not_done,
        report.spans,
        report.problems,
        report.unlisted_problems,
        written,
    )


def _chunks(plan: Plan, folders: list[Path] | None) -> list[_Chunk]:
    starts = range(0, len(plan.ids), CHUNK_SIZE)
    return [_Chunk(n, plan.ids[start : start + CHUNK_SIZE], folders) for n, start in enumerate(starts)]


def write_in_processes(
    plan: Plan,
    project_path: Path,
    make_writer: WriterFactory,
    processes: int,
    report: ExportReport,
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
) -> None:
    """Write ``plan`` with ``processes`` workers into its targets, replaced atomically on success.

    Raises :class:`Stopped` when ``should_stop`` says so; the targets are then left as they were.
    """
    run = functools.partial(_run, plan, project_path, make_writer, processes, report, progress, should_stop)
    if plan.folder_suffix is not None:
        with atomic_folders(plan.targets) as folders, closing(run(_chunks(plan, folders))) as results:
            for _done in results:
                pass
        return
    with atomic_files(plan.targets) as handles, closing(run(_chunks(plan, None))) as results:
        unsynced = 0
        for done in results:
            for written, handle in zip(done.written, handles, strict=True):
                handle.write(written)
            unsynced += sum(map(len, done.written))
            if unsynced > SYNC_BYTES:  # to disk while the workers work, not all at the end
                for handle in handles:
                    handle.flush()
                    _sync_data(handle.fileno())
                unsynced = 0


def _run(
    plan: Plan,
    project_path: Path,
    make_writer: WriterFactory,
    processes: int,
    report: ExportReport,
    progress: ProgressCallback | None,
    should_stop: StopCheck | None,
    chunks: list[_Chunk],
) -> Iterator[_Done]:
    """The chunks' results in chunk order, merged into ``report`` as they come."""
    context = multiprocessing.get_context("spawn")
    # Chunks carry their own ids: without them the plan a worker starts with is small, and starting
    # a worker does not wait until it has read 100,000 ids from its pipe.
    worker_plan = dataclasses.replace(plan, ids=[])
    _start_resource_tracker()
    pool = context.Pool(
        min(processes, len(chunks)), _start_worker, (worker_plan, project_path, make_writer, os.getpid())
    )
    try:
        results = pool.imap(_write_chunk, chunks)
        for _ in chunks:
            done = _next(results, should_stop)
            report.documents += done.documents
            report.not_done += done.not_done
            report.spans += done.spans
            for problem in done.problems:
                report.note(problem)
            report.unlisted_problems += done.unlisted_problems
            if progress is not None:
                progress(report.documents, len(plan.ids))
            yield done
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _next(results: Any, should_stop: StopCheck | None) -> _Done:
    """The next chunk's result, looking at the stop request every :data:`POLL_SECONDS`."""
    while True:
        if should_stop is not None and should_stop():
            raise Stopped
        try:
            return results.next(timeout=POLL_SECONDS)
        except multiprocessing.TimeoutError:
            continue
