"""Any of the project's entity labels, not only the first nine: a popup to type a label's name in.

L (Span ▸ Label ▸ More labels…), the right-click menu and a click on the legend all
end in :func:`apply_label`, which runs the same rule as the number keys
(``annotator.actions.labels.set_label``) through the window's editor: selected text
becomes a new entity of that label (snapped to tokens as the number keys do), a
selected entity is relabelled and accepted. No rule lives here.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap, QTextCursor
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.actions import labels
from annotator.actions.catalogue import BY_ID
from annotator.gui.style import label_colour

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

NAME_ROLE = Qt.ItemDataRole.UserRole


def apply_label(window: MainWindow, name: str) -> bool:
    """Label the selected text or entity ``name``, as the number keys do; False if refused or nothing open."""
    editor = window.editor
    if editor is None:
        return False
    # The number keys' declaration, with this label instead of the nth: same rule, enabled state and `then`.
    rule = partial(labels.set_label, label=name)
    action = replace(BY_ID["label_1"], id="label_named", title=name, run=rule)
    done = editor.perform(action)
    window.keys.sync()
    return done


def open_picker(window: MainWindow) -> LabelPicker | None:
    """L: the popup listing the project's labels, placed at the selection; choosing one applies it."""
    if window.project is None:
        return None
    picker = LabelPicker(window.project.setting("entity_labels"), window)
    picker.chosen.connect(lambda name: apply_label(window, name))
    picker.place(_anchor(window))
    picker.open()
    return picker


def _anchor(window: MainWindow) -> QRect:
    """Where the selection is on screen (the view's centre top if it is out of sight)."""
    view = window.view
    rect = view.cursorRect()
    span = view.state.spans.get(view.selected) if view.state and view.selected is not None else None
    if span is not None and not view.textCursor().hasSelection():  # a clicked entity: below its end
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(span.end))
        rect = view.cursorRect(cursor)
    viewport = view.viewport().rect()
    if not viewport.intersects(rect):
        rect = QRect(viewport.center().x() - 100, viewport.top() + 40, 1, 1)
    return QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())


class LabelPicker(QDialog):
    """The project's labels under a filter box.

    Type to narrow, Up/Down to move, Enter or a click to choose, Esc to cancel.
    """

    chosen = Signal(str)

    def __init__(self, entity_labels: list[dict[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("label-picker")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type a label…")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.empty = QLabel("No label matches.")
        self.empty.setEnabled(False)
        self.empty.hide()
        hint = QLabel("Enter: choose · Esc: cancel")
        hint.setEnabled(False)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addWidget(hint)
        for number, label in enumerate(entity_labels):
            key = f"{number + 1}  " if number < 9 else "    "
            item = QListWidgetItem(_swatch(label_colour(label)), f"{key}{label['name']}")
            item.setData(NAME_ROLE, label["name"])
            self.list.addItem(item)
        rows = min(len(entity_labels), 12)
        self.list.setFixedHeight(max(rows, 1) * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 2)
        self.setMinimumWidth(max(220, self.list.sizeHintForColumn(0) + 40))
        self.filter.textChanged.connect(self._narrow)
        self.filter.returnPressed.connect(self._choose_current)
        self.filter.installEventFilter(self)
        self.list.itemClicked.connect(self._choose)
        self._narrow("")

    def place(self, anchor: QRect) -> None:
        """Below ``anchor`` (global), or above it if there is no room, always on its screen."""
        self.adjustSize()
        size = self.sizeHint()
        screen = self.screen().availableGeometry()
        if self.parentWidget() is not None and self.parentWidget().screen() is not None:
            screen = self.parentWidget().screen().availableGeometry()
        x = min(max(anchor.left(), screen.left()), screen.right() - size.width())
        y = anchor.bottom() + 4
        if y + size.height() > screen.bottom():
            y = max(screen.top(), anchor.top() - size.height() - 4)
        self.move(QPoint(x, y))

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self.filter.setFocus()

    def names(self) -> list[str]:
        """The labels the filter lets through, in the project's order."""
        return [
            self.list.item(row).data(NAME_ROLE)
            for row in range(self.list.count())
            if not self.list.item(row).isHidden()
        ]

    def _narrow(self, text: str) -> None:
        wanted = text.strip().casefold().replace(" ", "_")
        best: QListWidgetItem | None = None
        best_starts = False
        for row in range(self.list.count()):
            item = self.list.item(row)
            name = str(item.data(NAME_ROLE)).casefold()
            shown = wanted in name or (wanted.isdigit() and wanted == str(row + 1))
            item.setHidden(not shown)
            # The first label that starts with what was typed, else the first that contains it.
            if shown and (best is None or (name.startswith(wanted) and not best_starts)):
                best, best_starts = item, name.startswith(wanted)
        self.list.setCurrentItem(best)
        self.empty.setVisible(best is None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up, Down, PgUp, PgDown in the filter box move the list's current row."""
        if watched is self.filter and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}
            if event.key() in steps:
                self._step(steps[Qt.Key(event.key())])
                return True
        return super().eventFilter(watched, event)

    def _step(self, step: int) -> None:
        shown = [row for row in range(self.list.count()) if not self.list.item(row).isHidden()]
        if not shown:
            return
        current = self.list.currentRow()
        at = shown.index(current) if current in shown else -1
        self.list.setCurrentRow(shown[max(0, min(len(shown) - 1, at + step))])

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        name = str(item.data(NAME_ROLE))
        self.accept()
        self.chosen.emit(name)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
