"""Dialogs: the annotator's settings, the project's labels, problems, keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.modal import give_back
from annotator.gui.plain import plain_label, plain_tooltip
from annotator.gui.style import label_colour, safe_colour
from annotator.gui.usersettings import THEMES, UserSettings
from annotator.problems import Problem


def _buttons(dialog: QDialog, layout: QVBoxLayout | QFormLayout) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    if isinstance(layout, QFormLayout):
        layout.addRow(box)
    else:
        layout.addWidget(box)


class SettingsDialog(QDialog):
    """Annotator name, font size and theme."""

    def __init__(self, settings: UserSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        form = QFormLayout(self)
        self.name = QLineEdit(settings.annotator)
        self.font_size = QSpinBox()
        self.font_size.setRange(6, 48)
        self.font_size.setValue(settings.font_size)
        self.theme = QComboBox()
        self.theme.addItems(THEMES)
        self.theme.setCurrentText(settings.theme)
        form.addRow("Your name (recorded with each change)", self.name)
        form.addRow("Article font size", self.font_size)
        form.addRow("Theme", self.theme)
        _buttons(self, form)

    def apply_to(self, settings: UserSettings) -> None:
        """Copy the chosen values into ``settings`` (a blank name keeps the old one)."""
        settings.annotator = self.name.text().strip() or settings.annotator
        settings.font_size = self.font_size.value()
        settings.theme = self.theme.currentText()


class ProjectDialog(QDialog):
    """Entity labels and their colours, stance labels and the topic of one project."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project settings")
        self.resize(460, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.topic = QLineEdit(values.get("topic") or "")
        self.topic.setPlaceholderText("what stance is about, e.g. deployment of THAAD in South Korea")
        self.stances = QLineEdit(", ".join(values.get("stance_labels") or []))
        form.addRow("Topic", self.topic)
        form.addRow("Stance labels", self.stances)
        layout.addLayout(form)
        explained = QLabel(
            "Entity labels, in the order of the keys: the first nine get keys 1-9, the rest L "
            "(type the name). Move the ones you use most to the top; double-click a colour to change it."
        )
        explained.setWordWrap(True)
        layout.addWidget(explained)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Label", "Colour"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for item in values.get("entity_labels") or []:
            self._add_row(item["name"], label_colour(item))
        self.table.cellDoubleClicked.connect(self._pick_colour)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        add, remove = QPushButton("Add label"), QPushButton("Remove label")
        add.clicked.connect(lambda: self._add_row("NEW_LABEL", "#dddddd", edit=True))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        self.up, self.down = QPushButton("Move up"), QPushButton("Move down")
        self.up.setShortcut(QKeySequence("Alt+Up"))
        self.down.setShortcut(QKeySequence("Alt+Down"))
        self.up.setToolTip("Move the selected label up: a lower number key (Alt+Up)")
        self.down.setToolTip("Move the selected label down (Alt+Down)")
        self.up.clicked.connect(lambda: self.move_label(-1))
        self.down.clicked.connect(lambda: self.move_label(1))
        for button in (add, remove, self.up, self.down):
            row.addWidget(button)
        self.table.currentCellChanged.connect(self._can_move)
        self._can_move(self.table.currentRow())
        row.addStretch()
        layout.addLayout(row)
        _buttons(self, layout)

    def _add_row(self, name: str, colour: str, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        swatch = QTableWidgetItem(colour)
        swatch.setBackground(QColor(safe_colour(colour)))
        self.table.setItem(row, 1, swatch)
        if edit:
            self.table.editItem(self.table.item(row, 0))

    def _can_move(self, row: int, *_: int) -> None:
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < self.table.rowCount() - 1)

    def move_label(self, step: int) -> None:
        """Move the selected label ``step`` rows up (-1) or down (+1), keeping it selected."""
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        moving = [self.table.takeItem(row, column) for column in range(2)]
        other = [self.table.takeItem(target, column) for column in range(2)]
        for column in range(2):
            self.table.setItem(target, column, moving[column])
            self.table.setItem(row, column, other[column])
        self.table.setCurrentCell(target, max(0, self.table.currentColumn()))

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 1:
            return
        item = self.table.item(row, 1)
        colour = QColorDialog.getColor(QColor(safe_colour(item.text())), self, "Label colour")
        give_back(self)
        if colour.isValid():
            item.setText(colour.name())
            item.setBackground(colour)

    def values(self) -> dict[str, Any]:
        """The settings as the project stores them."""
        labels = []
        for row in range(self.table.rowCount()):
            name = (self.table.item(row, 0).text() or "").strip().upper()
            colour = self.table.item(row, 1).text().strip()
            if name and name not in {label["name"] for label in labels}:
                labels.append({"name": name, "colour": label_colour({"name": name, "colour": colour})})
        stances = [s.strip() for s in self.stances.text().split(",") if s.strip()]
        return {"entity_labels": labels, "stance_labels": stances, "topic": self.topic.text().strip()}


class ProblemsDialog(QDialog):
    """A summary line and the problems found, one per row, selectable and copyable."""

    def __init__(
        self, title: str, summary: str, problems: Sequence[Problem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 360 if problems else 140)
        layout = QVBoxLayout(self)
        heading = plain_label(summary)  # names files and documents
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if problems:
            listing = QListWidget()
            listing.addItems([str(problem) for problem in problems])
            layout.addWidget(listing)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)


class ShortcutsDialog(QDialog):
    """Every action and its keys, as currently configured; type to find one.

    Sized to its rows within the screen (and resizable); the description column
    takes the room left and wraps.
    """

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find a key, action or description (e.g. ctrl+z, stance, speaker)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.narrow)
        layout.addWidget(self.filter)
        self.table = table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels(["Keys", "Action", "What it does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for row, values in enumerate(rows):
            table.insertRow(row)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        table.resizeColumnsToContents()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Rows grow to their wrapped text whenever the width changes.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(table)
        self.nothing = QLabel("No key matches. Clear the box to see them all.")
        self.nothing.setEnabled(False)
        self.nothing.hide()
        layout.addWidget(self.nothing)
        layout.addWidget(QLabel('Change keys in the "shortcuts" object of the settings file.'))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._fit(rows)
        self.filter.setFocus()

    def _fit(self, rows: list[tuple[str, str, str]]) -> None:
        """As wide as the keys, titles and (up to a readable measure) descriptions; as tall as the rows."""
        table = self.table
        metrics = table.fontMetrics()
        longest = max((metrics.horizontalAdvance(what) for _, _, what in rows), default=200)
        wanted_text = min(longest + 24, metrics.horizontalAdvance("x") * 70)
        chrome = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width() + 40
        width = table.columnWidth(0) + table.columnWidth(1) + wanted_text + chrome
        line = metrics.lineSpacing() + 8
        height = table.horizontalHeader().sizeHint().height() + line * len(rows) + 160
        screen = self.screen().availableGeometry()
        if self.parentWidget() is not None and self.parentWidget().screen() is not None:
            screen = self.parentWidget().screen().availableGeometry()
        width = min(width, screen.width() - 40)
        height = min(height, screen.height() - 60)
        # On a narrow screen the first two columns give way, so the descriptions keep some room.
        room = width - chrome - wanted_text
        if room < table.columnWidth(0) + table.columnWidth(1):
            share = max(room, 2 * metrics.horizontalAdvance("Ctrl+Shift+Right "))
            first = min(table.columnWidth(0), share // 2)
            table.setColumnWidth(0, first)
            table.setColumnWidth(1, min(table.columnWidth(1), share - first))
        self.resize(width, height)

    def narrow(self, text: str) -> None:
        """Show only the rows whose keys, action or description hold every word typed."""
        words = text.casefold().split()
        shown = 0
        for row in range(self.table.rowCount()):
            haystack = " ".join(self.table.item(row, column).text() for column in range(3)).casefold()
            hidden = not all(word in haystack for word in words)
            self.table.setRowHidden(row, hidden)
            shown += not hidden
        self.nothing.setVisible(shown == 0)

    def shown_rows(self) -> list[tuple[str, str, str]]:
        """The rows the filter lets through."""
        return [
            (self.table.item(row, 0).text(), self.table.item(row, 1).text(), self.table.item(row, 2).text())
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]
