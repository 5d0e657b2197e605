"""Start the annotation window: ``run(project_path)`` is what ``annotator`` and ``annotator open`` call."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator.gui import failures, tasks
from annotator.gui.plain import warn
from annotator.gui.style import apply_theme
from annotator.gui.usersettings import load_settings
from annotator.gui.window import MainWindow

# Measuring start-up: set it to the launch time (`date +%s.%N`); the window reports and closes when shown.
STARTUP_CLOCK = "ANNOTATOR_STARTUP_CLOCK"


def _icon() -> QIcon:
    from annotator.assets import resource

    icon = QIcon()
    try:
        for size in (16, 24, 32, 48, 64, 128, 256):
            icon.addFile(str(resource("icons", f"annotator-{size}.png")))
    except FileNotFoundError:
        pass
    return icon


def build_window(project_path: Path | None, *, background: bool = True) -> MainWindow:
    """The window with ``project_path`` (else the last project, else the welcome page) open.

    With ``background`` the pipeline service starts, in a process of its own, once
    the window is up, and loads the project's spaCy pipeline; tests leave it off.
    """
    settings, warning = load_settings()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, settings.theme)
    window = MainWindow(settings)
    window.setWindowIcon(_icon())
    target = project_path or (Path(settings.last_project) if settings.last_project else None)
    if target is not None and (project_path is not None or target.exists()):
        window.open_project(target)
    if warning:
        QTimer.singleShot(0, lambda: warn(window, "Settings reset", warning))
    if background:
        name = window.project.setting("pipeline") if window.project else None
        QTimer.singleShot(0, lambda: tasks.pipeline_service(window, name))
    return window


def run(project_path: Path | None) -> int:
    """Show the window and run until it is closed; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setDesktopFileName("annotator")
    window = build_window(project_path)
    failures.install(window)
    window.show()
    window.raise_()
    window.activateWindow()
    if os.environ.get(STARTUP_CLOCK):
        QTimer.singleShot(0, lambda: _report_startup(window))
    return int(app.exec())


def _report_startup(window: MainWindow) -> None:
    """Print the seconds from launch (STARTUP_CLOCK) to a window taking events, then close it."""
    try:
        launched = float(os.environ[STARTUP_CLOCK])
    except ValueError:
        print(f"{STARTUP_CLOCK} must be the launch time in seconds since the epoch", file=sys.stderr)
    else:
        print(f"window usable {time.time() - launched:.2f} s after launch", flush=True)
    window.close()


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
