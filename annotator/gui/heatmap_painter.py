"""The overview's agreement heatmap painted with QPainter: a cell per pair of annotators, each a filter.

Coloured as Review ▸ Agreement colours its matrix (red low, pale yellow middling, blue high),
so the two views read alike.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.gui.agreement_view import heat, readable_on
from annotator.gui.painted_targets import Target, TargetsView
from annotator.overview.model import Matrix

CELL_WIDTH, CELL_HEIGHT, MAX_NAME = 64, 34, 160


class HeatmapView(TargetsView):
    """Annotators down and across; each cell off the diagonal shows the pair's value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: Matrix | None = None
        self.message = "Computing agreement…"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def set_matrix(self, matrix: Matrix | None, message: str = "") -> None:
        """Show ``matrix``; without one, ``message`` (still computing, or why there is none)."""
        self.matrix, self.message = matrix, message
        self.current = -1
        self.setAccessibleName(matrix.title if matrix else "Agreement")
        self._fit()
        self._place()
        self.update()

    def cell_rect(self, a: str, b: str) -> QRectF:
        """Where the cell of row ``a``, column ``b`` is drawn (for tests)."""
        for target in self.targets:
            if (target.bar, target.segment) == (a, b):
                return target.rect
        raise KeyError((a, b))

    def _names_width(self) -> int:
        if self.matrix is None:
            return 0
        metrics = self.fontMetrics()
        return min(
            MAX_NAME, max((metrics.horizontalAdvance(name) for name in self.matrix.annotators), default=0)
        )

    def _top(self) -> int:
        """Title, wrapped note, then the column names."""
        line = self.fontMetrics().height()
        return line + 6 + self._note_rect().height() + 6 + line + 4

    def _note_rect(self) -> QRect:
        if self.matrix is None or not self.matrix.note:
            return QRect()
        flags = int(Qt.TextFlag.TextWordWrap)
        return self.fontMetrics().boundingRect(
            QRect(0, 0, max(50, self.width() - 16), 10_000), flags, self.matrix.note
        )

    def _fit(self) -> None:
        line = self.fontMetrics().height()
        rows = len(self.matrix.annotators) if self.matrix else 0
        self.setFixedHeight(self._top() + rows * CELL_HEIGHT + 8 if rows else 2 * line + 16)

    def sizeHint(self) -> QSize:
        return QSize(460, self.height())

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()  # the note wraps to the new width
        self._place()

    def _place(self) -> None:
        self.targets = []
        matrix = self.matrix
        if matrix is None:
            return
        left, top = 8 + self._names_width() + 8, self._top()
        names = matrix.annotators
        for row, a in enumerate(names):
            for column, b in enumerate(names):
                if a == b:
                    continue
                value = matrix.values.get((a, b), matrix.values.get((b, a)))
                shown = "undefined" if value is None else f"{value:.3f}"
                tip = f"{a} and {b}: {shown}\nClick: list the documents both marked done"
                rect = QRectF(
                    left + column * CELL_WIDTH, top + row * CELL_HEIGHT, CELL_WIDTH - 2, CELL_HEIGHT - 2
                )
                found = matrix.filters.get((a, b)) or matrix.filters.get((b, a))
                if found is not None:
                    self.targets.append(Target(rect, found, tip, a, b))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().text().color()
        metrics = self.fontMetrics()
        line = metrics.height()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        title = self.matrix.title if self.matrix else "Agreement"
        painter.drawText(QRectF(8, 0, self.width() - 16, line + 4), Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(self.font())
        if self.matrix is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QRectF(8, line + 6, self.width() - 16, line + 4), Qt.AlignmentFlag.AlignVCenter, self.message
            )
            painter.end()
            return
        painter.setPen(self.palette().placeholderText().color())
        if self.matrix.note:
            note = QRectF(8, line + 6, self.width() - 16, self._note_rect().height())
            painter.drawText(note, int(Qt.TextFlag.TextWordWrap), self.matrix.note)
        names, width = self.matrix.annotators, self._names_width()
        left, top = 8 + width + 8, self._top()
        painter.setPen(text)
        for number, name in enumerate(names):
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRectF(8, top + number * CELL_HEIGHT, width, CELL_HEIGHT - 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            across = metrics.elidedText(name, Qt.TextElideMode.ElideRight, CELL_WIDTH - 4)
            painter.drawText(
                QRectF(left + number * CELL_WIDTH, top - line - 4, CELL_WIDTH - 2, line),
                Qt.AlignmentFlag.AlignCenter,
                across,
            )
        for target in self.targets:
            a, b = target.bar, target.segment or ""
            value = self.matrix.values.get((a, b), self.matrix.values.get((b, a)))
            if value is None:
                painter.fillRect(target.rect, self.palette().alternateBase())
                painter.setPen(text)
                painter.drawText(target.rect, Qt.AlignmentFlag.AlignCenter, "n/a")
                continue
            colour = heat(value)
            painter.fillRect(target.rect, colour)
            painter.setPen(readable_on(colour))
            painter.drawText(target.rect, Qt.AlignmentFlag.AlignCenter, f"{value:.2f}")
        self.paint_focus(painter)
        painter.end()
