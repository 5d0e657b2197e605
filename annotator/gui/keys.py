"""Menus, shortcuts, enabled state and the right-click menu, all built from the declared actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.actions.catalogue import BY_ID, STANCES
from annotator.actions.change import Context
from annotator.actions.declared import Action
from annotator.gui import tasks
from annotator.gui.actions import ALL_ACTIONS
from annotator.gui.editor import LINK_ACTIONS
from annotator.gui.labelpicker import apply_label
from annotator.gui.plain import menu_text

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow


class WindowKeys:
    """Builds the menus and shortcuts of ``window`` and keeps them in step with what is selected."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        self._keys: dict[str, list[QKeySequence]] = {}  # each action's keys outside any mode
        self.menus: dict[str, QMenu] = {}
        self.mode: str | None = None  # "review" while the window is in review mode
        for declared in ALL_ACTIONS:
            action = self._add(declared)
            if declared.menu is not None:
                menu = self._menu(declared.menu)
                menu.addAction(action)
                if declared.separator_after:
                    menu.addSeparator()
        self.label_menu = self.menus["Span/&Label"]
        self.label_actions = [self.actions[f"label_{n}"] for n in range(1, 10)]
        self.label_count = 0  # the project's entity labels: past nine, the right-click menu offers the rest
        window.legend.label_clicked.connect(lambda name: apply_label(window, name))  # as L then the name
        self.actions["suggest"].setVisible(tasks.available("annotator.suggest"))
        # Key combination -> actions with that shortcut, built on first use.
        self._owners: dict[int, list[QAction]] | None = None

    def _menu(self, path: str) -> QMenu:
        """The menu (``"Span"``) or submenu (``"Span/&Label"``) at ``path``, made on first use."""
        if path not in self.menus:
            parent, _, name = path.rpartition("/")
            owner = self._menu(parent) if parent else self.window.menuBar()
            self.menus[path] = owner.addMenu(name if parent else f"&{name}")
            self.menus[path].setToolTipsVisible(True)
        return self.menus[path]

    def _add(self, declared: Action) -> QAction:
        custom = self.window.settings.shortcuts.get(declared.id)
        keys = [custom] if isinstance(custom, str) and custom else list(declared.keys)
        action = QAction(declared.title, self.window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        self._keys[declared.id] = action.shortcuts()
        action.triggered.connect(lambda _checked=False, d=declared: self._trigger(d))
        shown = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{declared.help} ({shown})" if shown else declared.help)
        action.setStatusTip(declared.help)
        self.window.addAction(action)
        self.actions[declared.id] = action
        return action

    def set_mode(self, mode: str | None) -> None:
        """Enter ``mode`` (None: leave it): its actions work, with keys the others give up meanwhile."""
        self.mode = mode
        taken = {key.toString() for d in ALL_ACTIONS if mode and d.mode == mode for key in self._keys[d.id]}
        for declared in ALL_ACTIONS:
            if declared.mode is None:
                kept = [key for key in self._keys[declared.id] if key.toString() not in taken]
                self.actions[declared.id].setShortcuts(kept)
        self._owners = None
        self.sync()

    # ---------------------------------------------------------------- running

    def _trigger(self, declared: Action) -> None:
        window, editor = self.window, self.window.editor
        if declared.id not in BY_ID:
            declared.run(window)
            return
        if editor is None:
            return
        if declared.id in LINK_ACTIONS:
            editor.link_key(declared.id)
        elif editor.perform(declared) and declared.then == "next_unfinished":
            window.open_next_unfinished()
        self.sync()

    def escape(self) -> None:
        """Esc: stop choosing a speaker or cue, else drop the text selection, else the selected span."""
        editor, view = self.window.editor, self.window.view
        if editor and editor.picking:
            editor.cancel_picking()
        elif view.textCursor().hasSelection():
            view.clear_selection()
        else:
            view.select_span(None)

    # ------------------------------------------------------------------ state

    def sync(self) -> None:
        """Enable what applies to the current document, span and text selection."""
        window = self.window
        editor = window.editor
        context = editor.context() if editor else Context(None)
        for declared in ALL_ACTIONS:
            target = context if declared.id in BY_ID else window
            in_mode = declared.mode is None or declared.mode == self.mode
            self.actions[declared.id].setEnabled(in_mode and declared.when(target))
        undo, redo = window.stack.undoText(), window.stack.redoText()
        # Undo texts name labels and stances, which may hold an "&".
        self.actions["undo"].setText(f"&Undo {menu_text(undo)}" if undo else "&Undo")
        self.actions["redo"].setText(f"&Redo {menu_text(redo)}" if redo else "&Redo")

    def show_labels(self, labels: list[dict[str, str]], stances: list[str]) -> None:
        """Name the label keys 1-9 and the stance keys after the project's labels."""
        self.label_count = len(labels)
        for number, action in enumerate(self.label_actions):
            name = labels[number]["name"] if number < len(labels) else None
            action.setText(menu_text(name) if name else str(number + 1))
            action.setVisible(name is not None)
        for number, (name, _, _) in enumerate(STANCES):
            self.actions[name].setVisible(number < len(stances))
            if number < len(stances):
                self.actions[name].setText(f"Stance: {menu_text(stances[number])}")

    def owns_key(self, event: QKeyEvent) -> bool:
        """Whether a key pressed in the article belongs to an enabled action rather than to the text."""
        if self._owners is None:
            self._owners = {}
            for action in self.actions.values():
                for sequence in action.shortcuts():
                    self._owners.setdefault(sequence[0].toCombined(), []).append(action)
        owners = self._owners.get(event.keyCombination().toCombined(), [])
        return any(action.isEnabled() for action in owners)

    def context_menu(self, point: QPoint) -> None:
        """Right-click in the article: the enabled actions declared for the selected text or span."""
        window = self.window
        if window.view.textCursor().hasSelection():
            offered, families = ("text", "any"), {"Label": "New entity"}
        elif window.view.selected is not None:
            offered, families = ("span", "any"), {"Label": "Label", "Stance": "Stance"}
        else:
            return
        menu = QMenu(window)
        submenus: dict[str, QMenu] = {}
        for declared in ALL_ACTIONS:
            action = self.actions[declared.id]
            family = declared.family
            if declared.id == "pick_label":  # "More labels…" ends the label submenu, if there are more
                if self.label_count <= len(self.label_actions):
                    continue
                family = "Label"
            if declared.context in offered and action.isEnabled() and action.isVisible():
                if family in families:
                    if family not in submenus:
                        submenus[family] = menu.addMenu(families[family])
                    submenus[family].addAction(action)
                else:
                    menu.addAction(action)
            if declared.separator_after:
                menu.addSeparator()  # collapsible: Qt shows none at the ends or two in a row
        if not menu.isEmpty():
            menu.exec(window.view.viewport().mapToGlobal(point))
