"""R (Span ▸ Name the speaker…): type or pick the person the selected quote's speaker stands for.

The names offered are the document's people and the names already given; the rule is
``annotator.actions.quotes.name_speaker``, run through the window's editor like every action.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QInputDialog, QLabel

from annotator.actions import quotes
from annotator.actions.catalogue import BY_ID
from annotator.gui.modal import run_modal

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow


def apply_name(window: MainWindow, name: str) -> bool:
    """Give the selected quote's speaker this resolved name; False if refused."""
    editor = window.editor
    if editor is None:
        return False
    rule = partial(quotes.name_speaker, name=name)
    action = replace(BY_ID["quote_type"], id="name_speaker", title="Name the speaker", run=rule, then=None)
    return editor.perform(action)


def ask_name(window: MainWindow) -> bool:
    """Ask for the name (an editable list of the document's names) and set it."""
    editor, state = window.editor, window.view.state
    quote = state.spans.get(window.view.selected) if state and window.view.selected is not None else None
    if editor is None or state is None or quote is None or quote.kind != "quote":
        window.tell("Select a quote first.")
        return False
    names = quotes.speaker_names(state)
    current = quote.attributes.get("speaker_name") or ""
    if current and current not in names:
        names.insert(0, current)
    speaker = state.speaker(quote)
    said = f" (the text says “{state.text[speaker.start : speaker.end]}”)" if speaker else ""
    dialog = QInputDialog(window)
    dialog.setWindowTitle("Name the speaker")
    dialog.setLabelText(f"Who is speaking{said}? Type a name or pick one from the article:")
    for label in dialog.findChildren(QLabel):  # the article's words, never markup
        label.setTextFormat(Qt.TextFormat.PlainText)
    dialog.setComboBoxEditable(True)
    dialog.setComboBoxItems(names or [""])
    dialog.setTextValue(current or (names[0] if names else ""))
    combo = dialog.findChild(QComboBox)
    if combo is not None and combo.completer() is not None:
        # Completion inline, in the field: one Return takes the completed name and closes the dialog
        # (the field keeps the Return that takes a completion from the dialog's OK button).
        combo.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        combo.lineEdit().returnPressed.connect(dialog.accept)
    return bool(run_modal(dialog)) and apply_name(window, dialog.textValue())
