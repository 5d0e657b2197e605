"""Above the article: the document's title on one line, then the project's topic and the document's state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from annotator.gui.plain import plain_tooltip


class Heading(QWidget):
    """Two lines that never wrap (cut with "…" when narrow, whole in their tooltips), or one message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 2)
        layout.setSpacing(0)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.details = QLabel()
        small = self.details.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.details.setFont(small)
        for label in (self.title, self.details):
            label.setTextFormat(Qt.TextFormat.PlainText)
            # Eliding, not the text's width, decides: a long title never widens the article's column.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.message)
        self._full = ("", "")
        self.setText("")

    def show_document(self, title: str, topic: str, details: list[str]) -> None:
        """``title`` on the first line; "Topic: …" (unless empty) and ``details`` on the second."""
        if topic:
            details = [f"Topic: {topic}", *details]
        self._full = (title, " · ".join(details))
        self.message.hide()
        for label, text in zip((self.title, self.details), self._full, strict=True):
            label.setToolTip(plain_tooltip(text))
            label.show()
        self._elide()

    def setText(self, text: str) -> None:
        """Show a message (rich text, wrapped; escape what comes from the project) instead of a heading."""
        self._full = ("", "")
        self.title.hide()
        self.details.hide()
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def text(self) -> str:
        """What the heading says, in full (lines joined by newlines)."""
        return "\n".join(self._full) if any(self._full) else self.message.text()

    def shown(self) -> tuple[str, str]:
        """The two lines as they are on screen (cut to fit)."""
        return self.title.text(), self.details.text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        for label, text in zip((self.title, self.details), self._full, strict=True):
            width = self.contentsRect().width() - 16
            label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(width, 40)))
