"""The pipeline service (``annotator.suggest.service``, a child process) seen from the GUI thread.

A thread waits on the child's pipe and forwards each message as a queued
signal, so every callback here runs on the GUI thread; the window never
imports spaCy and never waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from annotator.problems import ProgressCallback
from annotator.suggest.service import LOADING, Done, Failed, PipelineService, Progress, Ready, Stopped


@dataclass(frozen=True)
class _Callbacks:
    done: Callable[[Any], None]
    failed: Callable[[str], None]
    progress: ProgressCallback | None = None


class PipelineClient(QObject):
    """Starts the service for ``pipeline`` and routes its answers to each request's callbacks.

    ``ready`` carries the :class:`Ready` once the pipeline has loaded; ``lost``
    says why the service cannot serve (it failed to load, or the child ended
    without being asked). Requests still open then fail with that reason.
    """

    ready = Signal(object)
    lost = Signal(str)
    _received = Signal(object)

    def __init__(self, parent: QObject, pipeline: str | None) -> None:
        super().__init__(parent)
        self.service = PipelineService(pipeline)
        self._requests: dict[int, _Callbacks] = {}
        self._closed = self._released = False
        self._received.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        # A daemon thread, not a QThread: one left running at exit is dropped, not fatal.
        self._reader = threading.Thread(target=self._read, name="annotator-pipeline-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """On the reader thread: forward the child's messages until it has ended."""
        while True:
            message = self.service.receive()
            self._received.emit(message)
            if isinstance(message, Stopped):
                return

    def suggest(
        self,
        path: Path,
        annotator: str,
        document_ids: list[int],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        progress: ProgressCallback,
    ) -> int:
        """Suggest on ``document_ids`` of the project file ``path``; the job, for :meth:`cancel`.

        ``done`` gets the report's fields (``documents``, ``spans_added``, ``problems``, …).
        """
        return self._follow(self.service.suggest(path, annotator, document_ids), done, failed, progress)

    def create_demo(self, done: Callable[[Any], None], failed: Callable[[str], None]) -> int:
        """Create the demo project (``done`` gets the report's fields, ``path`` among them)."""
        return self._follow(self.service.create_demo(), done, failed)

    def tokens(self, text: str, done: Callable[[list[tuple[int, int]]], None]) -> None:
        """Call ``done`` with the token boundaries of ``text`` (never, if the service cannot say)."""
        self._follow(self.service.tokens(text), done, lambda _reason: None)

    def cancel(self, job: int) -> None:
        """Ask suggestion job ``job`` to stop after its current document."""
        self.service.cancel(job)

    def _follow(
        self,
        job: int,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        progress: ProgressCallback | None = None,
    ) -> int:
        if self._closed:
            failed(self.service.stopped.describe() if self.service.stopped else "the pipeline has stopped")
        else:
            self._requests[job] = _Callbacks(done, failed, progress)
        return job

    @Slot(object)
    def _dispatch(self, message: object) -> None:
        if self._closed:
            return
        if isinstance(message, Ready):
            self.ready.emit(message)
        elif isinstance(message, Progress):
            callbacks = self._requests.get(message.job)
            if callbacks is not None and callbacks.progress is not None:
                callbacks.progress(message.done, message.total)
        elif isinstance(message, Done) and message.job in self._requests:
            self._requests.pop(message.job).done(message.result)
        elif isinstance(message, Failed) and message.job == LOADING:
            self._lose(f"the pipeline could not be loaded: {message.message}")
        elif isinstance(message, Failed) and message.job in self._requests:
            self._requests.pop(message.job).failed(message.message)
        elif isinstance(message, Stopped):
            self._lose(message.describe())

    def _lose(self, reason: str) -> None:
        self._closed = True
        pending, self._requests = self._requests, {}
        for callbacks in pending.values():
            callbacks.failed(reason)
        self.lost.emit(reason)

    def close(self) -> None:
        """End the child (a suggestion run stops after its current document) and the reader thread."""
        if self._released:
            return
        self._closed = self._released = True
        self._requests.clear()
        self.service.close()
        self._reader.join()
        self.service.release()
