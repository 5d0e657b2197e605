"""Modal dialogs that give the keyboard back to the window they were opened from.

When a modal dialog closes, a window manager usually activates the window under it. Without
one (offscreen, a bare X server, some remote desktops) no window is active afterwards, and the
next key goes nowhere: after R and a name, the annotator's next A was lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget


def give_back(parent: QWidget | None) -> None:
    """Make ``parent``'s window the active one again, its focused widget taking the next key."""
    if parent is not None and parent.isVisible():
        parent.window().activateWindow()


def run_modal(dialog: QDialog) -> int:
    """``dialog.exec()``, then the window it was opened from is active again; its result code."""
    result = dialog.exec()
    give_back(dialog.parentWidget())
    return result
