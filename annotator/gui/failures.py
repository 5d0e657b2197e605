"""Failures nobody caught (the project file read-only, full, locked or gone) shown in a message box.

An exception raised in a key handler or slot would otherwise only print a
traceback on a terminal the annotator never sees, and the action would seem to
have worked. The change itself was rolled back by its transaction, so the box
only has to say what happened and that everything before it is saved.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.plain import warn
from annotator.store import explain


def message_for(error: BaseException, project_path: Path | None) -> tuple[str, str]:
    """(title, text) of the box for ``error``."""
    explained = explain(error, project_path or Path("the project file"))
    if explained is not None:
        return "Not saved", f"{explained[:1].upper()}{explained[1:]}."
    return (
        "Something went wrong",
        f"{type(error).__name__}: {error}\n\nEvery action before this one is saved. "
        "The details are printed on the terminal, for a bug report.",
    )


def show_failure(parent: QWidget | None, error: BaseException, project_path: Path | None) -> None:
    """Tell the user about ``error`` in a warning box over ``parent``."""
    title, text = message_for(error, project_path)
    warn(parent, title, text)


def install(window: QWidget) -> None:
    """Show every uncaught exception over ``window`` (and still print its traceback)."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        traceback.print_exception(kind, error, trace)
        if isinstance(error, KeyboardInterrupt) or QApplication.instance() is None:
            return
        project = getattr(window, "project", None)
        show_failure(window, error, getattr(project, "path", None))

    sys.excepthook = hook
