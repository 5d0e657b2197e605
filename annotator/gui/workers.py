"""Long work (import, export, the overview's figures) in a QThread; the GUI thread only paints.

spaCy runs in its own process.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from annotator.problems import ProgressCallback, StopCheck

Work = Callable[[ProgressCallback, StopCheck], Any]


class Worker(QObject):
    """Runs ``work(progress, should_stop)`` once and reports the result or the error."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.stop_requested = False

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.progress.emit, lambda: self.stop_requested)
        except Exception as error:  # shown to the user as a message, never as a crash
            self.failed.emit(f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=3)}")
        else:
            self.finished.emit(result)


class Relay(QObject):
    """Lives on the GUI thread, so the callbacks it calls run there too."""

    def __init__(self, parent: QObject, callbacks: dict[str, Callable[..., None]]) -> None:
        super().__init__(parent)
        self.callbacks = callbacks

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        if "progress" in self.callbacks:
            self.callbacks["progress"](done, total)

    @Slot(object)
    def finished(self, result: Any) -> None:
        self.callbacks["finished"](result)
        self.deleteLater()

    @Slot(str)
    def failed(self, message: str) -> None:
        self.callbacks["failed"](message)
        self.deleteLater()


def start(
    parent: QObject,
    work: Work,
    done: Callable[[Any], None],
    failed: Callable[[str], None],
    progress: ProgressCallback | None = None,
) -> Worker:
    """Run ``work`` on a new thread owned by ``parent``; the callbacks run on the GUI thread."""
    thread = QThread(parent)
    worker = Worker(work)
    worker.moveToThread(thread)
    relay = Relay(parent, {"finished": done, "failed": failed} | ({"progress": progress} if progress else {}))
    thread.started.connect(worker.run)
    worker.progress.connect(relay.progress)
    worker.finished.connect(relay.finished)
    worker.failed.connect(relay.failed)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    # Keep Python references until the thread ends.
    jobs: list[Any] = parent.__dict__.setdefault("_running_jobs", [])
    jobs.append((thread, worker))
    thread.finished.connect(lambda: jobs.remove((thread, worker)))
    thread.start()
    return worker


class Wanted:
    """Whether the result of one piece of background work is still wanted; once dropped, for good.

    A plain object, not a QObject: the worker's thread reads it, and it must outlive the worker.
    """

    def __init__(self) -> None:
        self.dropped = False

    def drop(self) -> None:
        """The result is no longer wanted: the work stops early and its callbacks are not called."""
        self.dropped = True


def start_wanted(
    parent: QObject, work: Work, done: Callable[[Any], None], failed: Callable[[str], None]
) -> Wanted:
    """Like :func:`start`, for a result that may stop being wanted before it comes (see :class:`Wanted`).

    ``work``'s stop check turns true once the result is dropped, as when the window closes.
    """
    wanted = Wanted()

    def guarded(progress: ProgressCallback, should_stop: StopCheck) -> Any:
        return work(progress, lambda: wanted.dropped or should_stop())

    start(
        parent,
        guarded,
        lambda result: None if wanted.dropped else done(result),
        lambda message: None if wanted.dropped else failed(message),
    )
    return wanted


def stop_all(parent: QObject) -> None:
    """Ask every job of ``parent`` to stop and wait for its thread (at window close).

    Jobs stop between batches. A thread destroyed while running would abort the process.
    """
    for thread, worker in list(parent.__dict__.get("_running_jobs", [])):
        if not isValid(thread):  # finished, and deleteLater ran before the list was updated
            continue
        worker.stop_requested = True
        thread.quit()
        thread.wait()


class JobDialog(QProgressDialog):
    """A modal progress dialog for one background job: it closes before the job's callbacks run."""

    def __init__(
        self, parent: QWidget, title: str, done: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        super().__init__(title, "Cancel", 0, 0, parent)
        self.title, self._done, self._failed = title, done, failed
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def finish(self, result: Any) -> None:
        """The job is done: close, then hand on its result."""
        self.close()
        self._done(result)

    def fail(self, message: str) -> None:
        """The job failed: close, then hand on why."""
        self.close()
        self._failed(message)

    def show_progress(self, count: int, total: int) -> None:
        """``count`` of ``total`` done (total 0: unknown)."""
        self.setMaximum(max(total, 0))
        self.setValue(min(count, total) if total else 0)
        self.setLabelText(f"{self.title} {count} of {total}" if total else self.title)

    def on_cancel(self, stop: Callable[[], None], stopping: str) -> None:
        """Cancel calls ``stop`` and shows ``stopping`` until the job ends."""

        def cancel() -> None:
            stop()
            self.setLabelText(stopping)

        self.canceled.connect(cancel)


def start_with_progress(
    parent: QWidget,
    title: str,
    work: Work,
    done: Callable[[Any], None],
    failed: Callable[[str], None],
) -> QProgressDialog:
    """Like :func:`start`, with a modal progress dialog whose Cancel asks the work to stop."""
    dialog = JobDialog(parent, title, done, failed)
    worker = start(parent, work, dialog.finish, dialog.fail, dialog.show_progress)
    dialog.on_cancel(lambda: setattr(worker, "stop_requested", True), "Stopping after the current batch…")
    return dialog
