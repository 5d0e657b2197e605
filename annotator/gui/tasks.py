"""Import, export, suggestions and the demo, run in the background with a progress dialog.

Import and export run in workers, each on its own connection to the project file
(SQLite connections are not shared between threads); suggestions and the demo run
in the pipeline service, a process of its own that opens the file itself. The
window re-reads what changed when the work finishes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QProgressDialog,
)

from annotator.gui.dialogs import ProblemsDialog
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.modal import give_back, run_modal
from annotator.gui.pipeline import PipelineClient
from annotator.gui.plain import plain_tooltip, warn
from annotator.gui.workers import JobDialog, start_with_progress
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

IMPORT_FILTER = "Documents (*.txt *.jsonl *.csv);;All files (*)"


def available(module: str) -> bool:
    """Whether an optional part of annotator (suggestions, export, …) is installed."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def handlers(window: MainWindow) -> dict[str, Callable[[], object]]:
    """The window's File and Document actions that run as background work."""
    return {
        "import": lambda: choose_and_import(window),
        "export": lambda: choose_and_export(window),
        "suggest": lambda: suggest_current(window),
        "restart_pipeline": lambda: restart_pipeline(window),
    }


def run_in_project(
    window: MainWindow, title: str, job: Callable[[Project, ProgressCallback, StopCheck], Any]
) -> QProgressDialog:
    """Run ``job`` on its own connection to the window's project, with a progress dialog.

    ``title`` is the verb shown while it runs (``Import``); the report it returns is
    summarised in the status bar, its problems listed in a dialog. The connection writes
    under the window's session: what it changes is the window's own.
    """
    assert window.project is not None
    path, annotator, session = window.project.path, window.settings.annotator, window.outside.session

    def work(progress: ProgressCallback, should_stop: StopCheck) -> Any:
        with Project.open(path, annotator=annotator, session=session) as project:
            return job(project, progress, should_stop)

    return start_with_progress(
        window,
        f"{title.rstrip('e')}ing",
        work,
        lambda report: _report(window, title, report),
        _failed(window, f"{title} failed"),
    )


def summarise(report: Any) -> str:
    """One line about a finished job: the report's own summary, or its counts."""
    if hasattr(report, "summary"):
        return str(report.summary())
    if hasattr(report, "spans_added"):  # a suggestion run
        stopped = " (stopped)" if report.cancelled else ""
        return (
            f"{report.documents} document{'s' * (report.documents != 1)} with {report.pipeline}: "
            f"{report.spans_added} suggestions added, {report.spans_removed} outdated removed{stopped}"
        )
    return str(report)


def _report(window: MainWindow, title: str, report: Any) -> None:
    window.refresh_all()
    problems = list(getattr(report, "problems", []))
    summary = summarise(report)
    window.tell(f"{title}: {summary}")
    if problems:
        run_modal(ProblemsDialog(title, summary, problems, window))


def _failed(window: MainWindow, title: str) -> Callable[[str], None]:
    def show(message: str) -> None:
        window.refresh_all()
        warn(window, title, message.split("\n\n")[0])

    return show


# ----------------------------------------------------------------------- import


def choose_and_import(window: MainWindow) -> None:
    """File ▸ Import: choose files and import them."""
    paths, _ = QFileDialog.getOpenFileNames(window, "Import documents", "", IMPORT_FILTER)
    give_back(window)
    if paths:
        import_files(window, [Path(p) for p in paths])


def import_files(window: MainWindow, paths: list[Path]) -> QProgressDialog | None:
    """Import ``paths`` into the open project in the background; the progress dialog, if started."""
    if window.project is None:
        window.tell("Open or create a project first, then import.")
        return None
    from annotator.importing import import_paths

    return run_in_project(
        window,
        "Import",
        lambda p, progress, stop: import_paths(p, paths, progress=progress, should_stop=stop),
    )


# ----------------------------------------------------------------------- export


def choose_and_export(window: MainWindow) -> None:
    """File ▸ Export: choose format, file and filters, then export in the background."""
    if window.project is None:
        return
    dialog = ExportDialog(window.project.path, window.project.count_by_status(), window)
    if not run_modal(dialog):
        return
    out, options = dialog.target(), dialog.options()

    def job(project: Project, progress: ProgressCallback, stop: StopCheck) -> Any:
        from annotator.exporting import export

        return export(project, out, options, progress=progress, should_stop=stop)

    run_in_project(window, "Export", job)


# ------------------------------------------------------------------ suggestions


def pipeline_service(window: MainWindow, name: str | None = None) -> PipelineClient | None:
    """The window's pipeline service, started (loading ``name``) if it has none; None if it cannot start.

    The status bar follows it: loading, then the pipeline's name (⚠ with its warning), or why it failed.
    A service lost without being asked starts again by itself (``PipelineClient`` says how often). It
    writes under the window's session, so the window takes its changes for its own.
    """
    if window.service is not None:
        return window.service
    if not available("annotator.suggest"):
        window.pipeline_label.setText("Pipeline: not installed")
        return None
    window.pipeline_label.setText("Pipeline: loading…")
    try:
        window.service = PipelineClient(window, name, session=window.outside.session)
    except OSError as error:  # no process could be started
        window.pipeline_label.setText("Pipeline: failed to load")
        window.pipeline_label.setToolTip(plain_tooltip(f"the pipeline process could not be started: {error}"))
        return None
    window.service.ready.connect(window.pipeline_ready)
    window.service.lost.connect(window.pipeline_lost)
    window.service.restarted.connect(window.pipeline_restarted)
    return window.service


def restart_pipeline(window: MainWindow) -> None:
    """Document ▸ Restart pipeline: start the service again after it stopped or failed (or never started)."""
    if window.service is None:
        pipeline_service(window, window.project.setting("pipeline") if window.project else None)
    elif not window.service.running:
        window.service.retry()


def suggest_current(window: MainWindow) -> None:
    """Document ▸ Suggest: the pipeline service suggests on the open document, with a progress dialog."""
    service = window.service
    if window.project is None or window.view.state is None or service is None:
        return
    dialog = JobDialog(
        window,
        "Suggesting",
        lambda report: _report(window, "Suggest", report),
        _failed(window, "Suggest failed"),
    )
    job = service.suggest(
        window.project.path,
        window.settings.annotator,
        [window.view.state.id],
        dialog.finish,
        dialog.fail,
        dialog.show_progress,
    )
    dialog.on_cancel(lambda: service.cancel(job), "Stopping after the current document…")


def open_demo(window: MainWindow) -> None:
    """Create the demo project (with suggestions, by the pipeline service) and open it."""
    service = pipeline_service(window)
    if service is None:
        return
    dialog = JobDialog(
        window,
        "Preparing the demo",
        lambda report: window.open_project(report.path),
        _failed(window, "The demo could not be created"),
    )
    service.create_demo(dialog.finish, dialog.fail)
    dialog.setCancelButton(None)
