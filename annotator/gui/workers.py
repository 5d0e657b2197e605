"""Long work (loading spaCy, import, export, suggestions) in a QThread; the GUI thread only paints."""

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


def stop_all(parent: QObject) -> None:
    """Ask every job of ``parent`` to stop and wait for its thread (at window close).

    Jobs stop between batches; loading a pipeline cannot be interrupted and takes
    a few seconds at most. A thread destroyed while running would abort the process.
    """
    for thread, worker in list(parent.__dict__.get("_running_jobs", [])):
        if not isValid(thread):  # finished, and deleteLater ran before the list was updated
            continue
        worker.stop_requested = True
        thread.quit()
        thread.wait()


def start_with_progress(
    parent: QWidget,
    title: str,
    work: Work,
    done: Callable[[Any], None],
    failed: Callable[[str], None],
) -> QProgressDialog:
    """Like :func:`start`, with a modal progress dialog whose Cancel asks the work to stop."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def finish(result: Any) -> None:
        dialog.close()
        done(result)

    def fail(message: str) -> None:
        dialog.close()
        failed(message)

    def show_progress(count: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(count, total) if total else 0)
        dialog.setLabelText(f"{title} {count} of {total}" if total else title)

    worker = start(parent, work, finish, fail, show_progress)

    def cancel() -> None:
        worker.stop_requested = True
        dialog.setLabelText("Stopping after the current batch…")

    dialog.canceled.connect(cancel)
    return dialog
