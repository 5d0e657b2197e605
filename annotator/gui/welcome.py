"""The first screen when no project is open: new, open, demo, recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.assets import resource


def _icon_path() -> str:
    try:
        return str(resource("icons", "annotator-64.png"))
    except FileNotFoundError:
        return ""


class Welcome(QWidget):
    """Buttons for the ways into a project; double-click a recent one to open it."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, demo_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        title = QLabel("annotator")
        font = QFont(title.font())
        font.setPointSize(font.pointSize() * 2)
        font.setBold(True)
        title.setFont(font)
        heading = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QIcon(_icon_path()).pixmap(48, 48))
        heading.addWidget(icon)
        heading.addWidget(title)
        heading.addStretch()
        column.addLayout(heading)
        intro = QLabel("Named entities, quotes with their speakers, and stance, in news articles.")
        intro.setWordWrap(True)
        column.addWidget(intro)
        buttons = QHBoxLayout()
        for text, signal, shown in (
            ("New project…", self.new_requested, True),
            ("Open project…", self.open_requested, True),
            ("Open the demo", self.demo_requested, demo_available),
        ):
            if shown:
                button = QPushButton(text)
                button.clicked.connect(signal.emit)
                buttons.addWidget(button)
        buttons.addStretch()
        column.addLayout(buttons)
        self.recent_title = QLabel("Recent projects (double-click to open)")
        column.addWidget(self.recent_title)
        self.recent = QListWidget()
        self.recent.setMaximumHeight(220)
        self.recent.setSpacing(3)
        self.recent.itemActivated.connect(
            lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        column.addWidget(self.recent)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(column, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_recent(self, paths: list[str]) -> None:
        """List the recent projects that still exist."""
        self.recent.clear()
        existing = [path for path in paths if Path(path).exists()]
        for path in existing:
            item = QListWidgetItem(f"{Path(path).stem}  —  {path}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
        self.recent_title.setVisible(bool(existing))
        self.recent.setVisible(bool(existing))
