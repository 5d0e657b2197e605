"""The pipeline service (``annotator.pipeline_service``, a child process) seen from the GUI thread.

A thread waits on the child's pipe and forwards each message as a queued
signal, so every callback here runs on the GUI thread; the window never
imports spaCy and never waits for it. A child that ends without being asked
(killed, crashed, out of memory) is started again, a few times at most.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from annotator.pipeline_service import (
    LOADING,
    Done,
    Failed,
    PipelineService,
    Progress,
    Ready,
    Step,
    Stopped,
    TrainOptions,
)
from annotator.problems import ProgressCallback

# A lost service starts again by itself at most this many times within RESTART_PERIOD seconds.
MAX_RESTARTS = 3
RESTART_PERIOD = 600.0
# Milliseconds between the loss and the new start: the status bar shows the loss meanwhile.
RESTART_DELAY_MS = 1000


class RestartLimit:
    """Counts automatic restarts: at most ``most`` within any ``period`` seconds."""

    def __init__(self, most: int = MAX_RESTARTS, period: float = RESTART_PERIOD) -> None:
        self.most, self.period = most, period
        self._times: deque[float] = deque()

    def allow(self, now: float) -> bool:
        """Whether a restart at ``now`` (seconds, monotonic) is allowed; if so it is counted."""
        while self._times and now - self._times[0] >= self.period:
            self._times.popleft()
        if len(self._times) >= self.most:
            return False
        self._times.append(now)
        return True

    @property
    def used(self) -> int:
        """Restarts counted within the last period (as of the last :meth:`allow`)."""
        return len(self._times)

    def clear(self) -> None:
        """Forget the restarts so far (the user asked for one)."""
        self._times.clear()


@dataclass(frozen=True)
class _Callbacks:
    done: Callable[[Any], None]
    failed: Callable[[str], None]
    progress: ProgressCallback | None = None
    step: Callable[[str], None] | None = None


class PipelineClient(QObject):
    """Starts the service for ``pipeline`` and routes its answers to each request's callbacks.

    ``ready`` carries the :class:`Ready` once the pipeline has loaded; ``lost``
    says why the service cannot serve (it failed to load, or the child ended
    without being asked) and whether it starts again by itself, which a child
    that ended does, within ``restarts``; ``restarted`` follows when it has.
    Requests still open at the loss fail with its reason. The service writes to project files
    under ``session`` (the window's: see ``annotator.gui.watch``).
    """

    ready = Signal(object)
    lost = Signal(str, bool)
    restarted = Signal()
    _received = Signal(object, object)

    def __init__(
        self,
        parent: QObject,
        pipeline: str | None,
        restarts: RestartLimit | None = None,
        session: str = "",
    ) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self.session = session
        self.restarts = restarts or RestartLimit()
        self._requests: dict[int, _Callbacks] = {}
        self._released = False
        self._received.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.timeout.connect(self._restart)
        self.service, self._reader = self._start()
        self._closed = False

    @property
    def running(self) -> bool:
        """Whether the service is loading or serving (not lost, not closed)."""
        return not self._closed

    def _start(self) -> tuple[PipelineService, threading.Thread]:
        service = PipelineService(self.pipeline, self.session)
        # A daemon thread, not a QThread: one left running at exit is dropped, not fatal.
        reader = threading.Thread(
            target=self._read, args=(service,), name="annotator-pipeline-reader", daemon=True
        )
        reader.start()
        return service, reader

    def _read(self, service: PipelineService) -> None:
        """On the reader thread: forward ``service``'s messages until its child has ended."""
        while True:
            message = service.receive()
            self._received.emit(service, message)
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

    def train(
        self,
        path: Path,
        annotator: str,
        options: TrainOptions,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        progress: ProgressCallback,
        step: Callable[[str], None],
    ) -> int:
        """Train the models of the project file ``path``; the job, for :meth:`cancel`.

        ``step`` gets each phase's text, ``progress`` counts within it; ``done`` gets the report's
        fields (``entities``, ``stance``: scores or None, ``problems``, ``stopped``, ``seconds``).
        """
        job = self.service.train(path, annotator, options)
        return self._follow(job, done, failed, progress, step)

    def create_demo(self, done: Callable[[Any], None], failed: Callable[[str], None]) -> int:
        """Create the demo project (``done`` gets the report's fields, ``path`` among them)."""
        return self._follow(self.service.create_demo(), done, failed)

    def tokens(self, text: str, done: Callable[[list[tuple[int, int]]], None]) -> None:
        """Call ``done`` with the token boundaries of ``text`` (never, if the service cannot say)."""
        self._follow(self.service.tokens(text), done, lambda _reason: None)

    def cancel(self, job: int) -> None:
        """Ask job ``job`` to stop after its current document (suggestions) or update (training)."""
        if job in self._requests:  # not a job of a lost service, whose number a new one reuses
            self.service.cancel(job)

    def _follow(
        self,
        job: int,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        progress: ProgressCallback | None = None,
        step: Callable[[str], None] | None = None,
    ) -> int:
        if self._closed:
            failed(self.service.stopped.describe() if self.service.stopped else "the pipeline has stopped")
        else:
            self._requests[job] = _Callbacks(done, failed, progress, step)
        return job

    @Slot(object, object)
    def _dispatch(self, service: PipelineService, message: object) -> None:
        if self._closed or service is not self.service:
            return
        if isinstance(message, Ready):
            self.ready.emit(message)
        elif isinstance(message, Progress):
            callbacks = self._requests.get(message.job)
            if callbacks is not None and callbacks.progress is not None:
                callbacks.progress(message.done, message.total)
        elif isinstance(message, Step):
            callbacks = self._requests.get(message.job)
            if callbacks is not None and callbacks.step is not None:
                callbacks.step(message.text)
        elif isinstance(message, Done) and message.job in self._requests:
            self._requests.pop(message.job).done(message.result)
        elif isinstance(message, Failed) and message.job == LOADING:
            self._lose(f"the pipeline could not be loaded: {message.message}", again=False)
        elif isinstance(message, Failed) and message.job in self._requests:
            self._requests.pop(message.job).failed(message.message)
        elif isinstance(message, Stopped):
            self._lose(message.describe(), again=True)

    def _lose(self, reason: str, again: bool) -> None:
        """Fail the open requests with ``reason``; start again later if ``again`` and the limit allow."""
        self._closed = True
        pending, self._requests = self._requests, {}
        for callbacks in pending.values():
            callbacks.failed(reason)
        if not again:
            self.lost.emit(reason, False)
            return
        limit = f"{self.restarts.most} times in {self.restarts.period / 60:g} minutes"
        if self.restarts.allow(time.monotonic()):
            self._restart_timer.start(RESTART_DELAY_MS)
            self.lost.emit(f"{reason}; starting it again ({self.restarts.used} of at most {limit})", True)
        else:
            self.lost.emit(f"{reason}; it was started again {limit} already, so it stays stopped", False)

    def retry(self) -> None:
        """Start the service again now, after it was lost (the user asked: the restart limit starts over)."""
        self.restarts.clear()
        self._restart()

    def _restart(self) -> None:
        if self._released or not self._closed:
            return
        self._restart_timer.stop()
        try:
            service, reader = self._start()
        except OSError as error:  # no process could be started
            self.lost.emit(f"the pipeline process could not be started: {error}", False)
            return
        old, old_reader = self.service, self._reader
        self.service, self._reader = service, reader
        self._closed = False
        self._end(old, old_reader)
        self.restarted.emit()

    def close(self) -> None:
        """End the child (a suggestion run stops after its current document) and the reader thread."""
        if self._released:
            return
        self._closed = self._released = True
        self._restart_timer.stop()
        self._requests.clear()
        self._end(self.service, self._reader)

    @staticmethod
    def _end(service: PipelineService, reader: threading.Thread) -> None:
        service.close()
        reader.join()
        service.release()
