"""The window's actions: menus, keys and tooltips from one table, which are enabled, the context menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.gui import tasks
from annotator.gui.actions import LABEL_KEYS, SPECS, STANCE_ACTIONS
from annotator.vocabulary import CUE as CUE_LABEL
from annotator.vocabulary import SPEAKER as SPEAKER_LABEL

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

NEEDS_SPAN = {
    "accept", "reject", "delete", "quote_type", "stance_favor", "stance_against", "stance_neutral",
    "stance_unclear", "end_right", "end_left", "start_left", "start_right", "end_right_char",
    "end_left_char", "start_left_char", "start_right_char",
}  # fmt: skip
NEEDS_DOCUMENT = {"next_suggestion", "previous_suggestion", "accept_all", "done_next", "next_document",
                  "previous_document", "zoom_in", "zoom_out"}  # fmt: skip
NEEDS_PROJECT = {"import", "export", "project_settings"}
EDGE_MOVES = {
    "end_right": ("end", 1, True), "end_left": ("end", -1, True),
    "start_left": ("start", -1, True), "start_right": ("start", 1, True),
    "end_right_char": ("end", 1, False), "end_left_char": ("end", -1, False),
    "start_left_char": ("start", -1, False), "start_right_char": ("start", 1, False),
}  # fmt: skip
SEPARATOR_AFTER = {"export", "redo", "delete", "stance_unclear", "start_right_char"}


class WindowKeys:
    """Builds the menus and shortcuts of ``window`` and keeps them in step with what is selected."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        menus: dict[str, QMenu] = {}
        handlers = self._handlers()
        for spec in SPECS:
            if spec.menu not in menus:
                menus[spec.menu] = window.menuBar().addMenu(f"&{spec.menu}")
                menus[spec.menu].setToolTipsVisible(True)
            custom = window.settings.shortcuts.get(spec.name)
            keys = [custom] if isinstance(custom, str) and custom else list(spec.keys)
            action = self._add(spec.text, keys, handlers[spec.name], menus[spec.menu])
            shown = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            action.setToolTip(f"{spec.help} ({shown})" if shown else spec.help)
            action.setStatusTip(spec.help)
            self.actions[spec.name] = action
            if spec.name in SEPARATOR_AFTER:
                menus[spec.menu].addSeparator()
        self.label_menu = menus["Span"].addMenu("&Label")
        self.label_actions = [
            self._add(key, [key], lambda _=False, n=number: self._label_key(n), self.label_menu)
            for number, key in enumerate(LABEL_KEYS)
        ]
        self.escape = self._add("Cancel", [QKeySequence(Qt.Key.Key_Escape).toString()], self._escape, None)
        self.actions["suggest"].setVisible(tasks.available("annotator.suggest"))
        # Key combination -> actions with that shortcut, built on first use.
        self._owners: dict[int, list[QAction]] | None = None

    def _add(self, text: str, keys: list[str], handler: Callable[..., object], menu: QMenu | None) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.triggered.connect(handler)
        self.window.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _handlers(self) -> dict[str, Callable[[], object]]:
        window = self.window

        def editor(method: str, *args: object) -> Callable[[], object]:
            return lambda: window.editor and getattr(window.editor, method)(*args)

        handlers: dict[str, Callable[[], object]] = {
            "new_project": window.new_project,
            "open_project": window.choose_project,
            "quit": window.close,
            "undo": window.stack.undo,
            "redo": window.stack.redo,
            "settings": window.edit_settings,
            "project_settings": window.edit_project,
            "next_suggestion": editor("go_to_suggestion"),
            "previous_suggestion": editor("go_to_suggestion", True),
            "accept": editor("accept"),
            "reject": editor("reject"),
            "delete": editor("delete"),
            "new_quote": editor("new_quote"),
            "quote_type": editor("cycle_quote_type"),
            "set_speaker": lambda: self._relation_key(SPEAKER_LABEL),
            "set_cue": lambda: self._relation_key(CUE_LABEL),
            "accept_all": editor("accept_all"),
            "done_next": window.done_and_next,
            "next_document": lambda: window.step_document(1),
            "previous_document": lambda: window.step_document(-1),
            "zoom_in": lambda: window.zoom(1),
            "zoom_out": lambda: window.zoom(-1),
            "shortcuts": window.show_shortcuts,
            "about": window.show_about,
        }
        for name in STANCE_ACTIONS:
            handlers[name] = lambda _=False, n=name: self._stance_key(n)
        for name, (edge, direction, by_token) in EDGE_MOVES.items():
            handlers[name] = editor("move_edge", edge, direction, by_token)
        return handlers | tasks.handlers(window)

    # ------------------------------------------------------------------ state

    def sync(self) -> None:
        """Enable what applies to the current document, span and text selection."""
        window = self.window
        state, view = window.view.state, window.view
        span = state.spans.get(view.selected) if state and view.selected is not None else None
        has_text = view.textCursor().hasSelection()
        picking = bool(window.editor and window.editor.picking)
        enabled = {name: state is not None for name in NEEDS_DOCUMENT}
        enabled |= {name: span is not None for name in NEEDS_SPAN}
        enabled |= {name: window.project is not None for name in NEEDS_PROJECT}
        enabled["quote_type"] = span is not None and span.kind == "quote"
        enabled["new_quote"] = has_text
        enabled["set_speaker"] = enabled["set_cue"] = picking or (span is not None and span.kind == "quote")
        enabled["suggest"] = state is not None and window.pipeline is not None
        enabled["undo"], enabled["redo"] = window.stack.canUndo(), window.stack.canRedo()
        for name, value in enabled.items():
            self.actions[name].setEnabled(value)
        for action in self.label_actions:
            action.setEnabled(has_text or (span is not None and span.kind == "entity"))
        undo, redo = window.stack.undoText(), window.stack.redoText()
        self.actions["undo"].setText(f"&Undo {undo}" if undo else "&Undo")
        self.actions["redo"].setText(f"&Redo {redo}" if redo else "&Redo")

    def show_labels(self, labels: list[dict[str, str]], stances: list[str]) -> None:
        """Name the label keys 1-9 and the stance keys after the project's labels."""
        for number, action in enumerate(self.label_actions):
            name = labels[number]["name"] if number < len(labels) else None
            action.setText(f"{number + 1}  {name}" if name else str(number + 1))
            action.setVisible(name is not None)
        for name, number in STANCE_ACTIONS.items():
            self.actions[name].setVisible(number < len(stances))
            if number < len(stances):
                self.actions[name].setText(f"Stance: {stances[number]}")

    def owns_key(self, event: QKeyEvent) -> bool:
        """Whether a key pressed in the article belongs to an enabled action rather than to the text."""
        if self._owners is None:
            self._owners = {}
            for action in (*self.actions.values(), *self.label_actions, self.escape):
                for sequence in action.shortcuts():
                    self._owners.setdefault(sequence[0].toCombined(), []).append(action)
        owners = self._owners.get(event.keyCombination().toCombined(), [])
        return any(action.isEnabled() for action in owners)

    # ------------------------------------------------------------------- keys

    def _escape(self) -> None:
        editor, view = self.window.editor, self.window.view
        if editor and editor.picking:
            editor.cancel_picking()
        elif view.textCursor().hasSelection():
            view.clear_selection()
        else:
            view.select_span(None)

    def _label_key(self, number: int) -> None:
        window = self.window
        if window.editor is None or window.project is None:
            return
        labels = window.project.setting("entity_labels")
        if number < len(labels):
            window.editor.set_label(labels[number]["name"])

    def _stance_key(self, name: str) -> None:
        window = self.window
        if window.editor is None or window.project is None:
            return
        stances = window.project.setting("stance_labels")
        if STANCE_ACTIONS[name] < len(stances):
            window.editor.set_stance(stances[STANCE_ACTIONS[name]])

    def _relation_key(self, label: str) -> None:
        editor = self.window.editor
        if editor is None:
            return
        if editor.picking and editor.picking[1] == label and self.window.view.textCursor().hasSelection():
            editor.pick_text()
        else:
            editor.start_picking(label)
        self.sync()

    def context_menu(self, point: QPoint) -> None:
        """Right-click in the article: what can be done with the selected text or span."""
        window, actions = self.window, self.actions
        menu = QMenu(window)
        if window.view.textCursor().hasSelection():
            label_menu = menu.addMenu("New entity")
            label_menu.addActions([a for a in self.label_actions if a.isVisible()])
            menu.addAction(actions["new_quote"])
            if window.editor and window.editor.picking:
                menu.addAction(
                    actions["set_speaker" if window.editor.picking[1] == SPEAKER_LABEL else "set_cue"]
                )
        elif window.view.selected is not None:
            for name in ("accept", "reject", "delete"):
                menu.addAction(actions[name])
            menu.addMenu(self.label_menu)
            stance = menu.addMenu("Stance")
            stance.addActions([actions[name] for name in STANCE_ACTIONS if actions[name].isVisible()])
            for name in ("quote_type", "set_speaker", "set_cue"):
                if actions[name].isEnabled():
                    menu.addAction(actions[name])
        if not menu.isEmpty():
            menu.exec(window.view.viewport().mapToGlobal(point))
