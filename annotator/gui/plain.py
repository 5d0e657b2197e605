"""Strings from a project (titles, text, labels, names, file names, messages) shown as what they are.

Qt reads a tooltip, a message box or a label as rich text when ``Qt.mightBeRichText``
says it looks like markup, so a title such as ``<img src="/etc/passwd">`` would load a
local file and ``<b>`` would turn bold. Every such string goes through one of these
helpers instead: labels get ``PlainText``, tooltips are escaped, message boxes are
plain, and an ``&`` in a menu entry stays an ``&`` rather than becoming a mnemonic.
"""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from annotator.gui.modal import give_back, run_modal


def plain_html(text: str) -> str:
    """``text`` as rich text that shows it literally, line breaks and spaces kept."""
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (unchanged when Qt would show it as plain text anyway)."""
    return plain_html(text) if QtGui.Qt.mightBeRichText(text) else text


def menu_text(text: str) -> str:
    """``text`` for a menu entry or button: an ``&`` in it is shown, not taken as a mnemonic."""
    return text.replace("&", "&&")


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never reads its text as markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning box showing ``text`` literally."""
    if not QtGui.Qt.mightBeRichText(text):  # Qt shows it as plain text: the standard box will do
        QMessageBox.warning(parent, title, text)
        give_back(parent)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    run_modal(box)


def ask(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes-or-no question showing ``question`` literally; No is the default."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    no = QMessageBox.StandardButton.No
    if not QtGui.Qt.mightBeRichText(question):  # Qt shows it as plain text: the standard box will do
        answer = QMessageBox.question(parent, title, question, buttons, no)
        give_back(parent)
        return answer == QMessageBox.StandardButton.Yes
    box = QMessageBox(QMessageBox.Icon.Question, title, question, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    run_modal(box)
    return box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
