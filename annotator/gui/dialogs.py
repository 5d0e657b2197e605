"""Dialogs: the annotator's settings, the project's labels, problems, keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
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
        layout.addWidget(
            QLabel("Entity labels (the first nine get keys 1-9; double-click a colour to change it)")
        )
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Label", "Colour"])
        self.table.horizontalHeader().setStretchLastSection(True)
        for item in values.get("entity_labels") or []:
            self._add_row(item["name"], item.get("colour", "#cccccc"))
        self.table.cellDoubleClicked.connect(self._pick_colour)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        add, remove = QPushButton("Add label"), QPushButton("Remove label")
        add.clicked.connect(lambda: self._add_row("NEW_LABEL", "#dddddd", edit=True))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        layout.addLayout(row)
        _buttons(self, layout)

    def _add_row(self, name: str, colour: str, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        swatch = QTableWidgetItem(colour)
        swatch.setBackground(QColor(colour))
        self.table.setItem(row, 1, swatch)
        if edit:
            self.table.editItem(self.table.item(row, 0))

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 1:
            return
        item = self.table.item(row, 1)
        colour = QColorDialog.getColor(QColor(item.text()), self, "Label colour")
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
                labels.append({"name": name, "colour": colour if QColor(colour).isValid() else "#cccccc"})
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
        heading = QLabel(summary)
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
    """Every action and its keys, as currently configured."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 600)
        layout = QVBoxLayout(self)
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels(["Keys", "Action", "What it does"])
        table.verticalHeader().hide()
        for row, values in enumerate(rows):
            table.insertRow(row)
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table)
        layout.addWidget(QLabel('Change keys in the "shortcuts" object of the settings file.'))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
