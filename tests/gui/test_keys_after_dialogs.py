"""After a dialog opened from the keyboard closes, the next key reaches the article again.

Offscreen, as with no window manager, nothing activates the window when a modal dialog closes:
in a session, the key pressed after naming a speaker with R went nowhere.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.gui.export_dialog import ExportDialog
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key, when_shown

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def type_a_name(qtbot: QtBot) -> Callable[[QInputDialog], None]:
    def act(dialog: QInputDialog) -> None:
        field = dialog.focusWidget()
        qtbot.keyClick(field, K.Key_A, CTRL)
        qtbot.keyClicks(field, "Ana Ruiz")
        qtbot.keyClick(field, K.Key_Return)

    return act


def escape(qtbot: QtBot) -> Callable[[QWidget], None]:
    return lambda dialog: qtbot.keyClick(dialog.focusWidget() or dialog, K.Key_Escape)


DIALOGS = {  # the key that opens it, the dialog, what the annotator does in it
    "name the speaker (R)": (K.Key_R, NONE, QInputDialog, type_a_name),
    "mark done anyway? (Ctrl+Return), No": (K.Key_Return, CTRL, QMessageBox, escape),
    "keyboard shortcuts (F1)": (K.Key_F1, NONE, QDialog, escape),
    "settings (Ctrl+,)": (K.Key_Comma, CTRL, QDialog, escape),
    "export (Ctrl+E), cancelled": (K.Key_E, CTRL, ExportDialog, escape),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_the_key_after_a_dialog_reaches_the_article(
    qtbot: QtBot, window: MainWindow, stored: Project, name: str
) -> None:
    opening, modifiers, kind, act = DIALOGS[name]
    (quote,) = stored.spans(1, kind="quote")
    window.view.select_span(quote.id)
    when_shown(kind, act(qtbot))
    key(qtbot, window, opening, modifiers)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), K.Key_A)  # wherever the keyboard goes now, as a person types
    assert stored.span(quote.id).status == "accepted"
    if opening == K.Key_R:
        assert stored.span(quote.id).attributes["speaker_name"] == "Ana Ruiz"
    assert stored.document(1).status != "done"


def test_one_return_after_a_completed_name_closes_the_dialog_with_that_name(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    """Typing the start of a name the article gives completes it in the field; one Return takes it.

    In a session under X the first Return only took the completion and left the dialog open, and
    the keys pressed next (A, then a stance) were typed into the name.
    """
    (quote,) = stored.spans(1, kind="quote")
    window.view.select_span(quote.id)

    def type_the_start(dialog: QInputDialog) -> None:
        field = dialog.focusWidget()
        qtbot.keyClick(field, K.Key_A, CTRL)
        qtbot.keyClicks(field, "Li")
        qtbot.keyClick(field, K.Key_Return)

    when_shown(QInputDialog, type_the_start)
    key(qtbot, window, K.Key_R)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert stored.span(quote.id).attributes["speaker_name"] == "Li Wei"
