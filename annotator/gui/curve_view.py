"""Learning curves painted with QPainter: dev score against the share of decisions a model was trained on.

A curve that still climbs at 100 % says more labelling would help; a flat one says it would not.
Painted by hand (two short lines on a fixed 0..1 scale) rather than with QtCharts, a large
dependency for so little.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Entity micro F1 and stance accuracy: a blue and an orange that read on light and dark themes.
COLOURS = (QColor("#2f7ed8"), QColor("#e0701b"))
SHARES = (0.25, 0.5, 0.75, 1.0)
SCORE_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Curve:
    """One model's curve: its name (``entity micro F1``), what ``n`` counts, and (share, n, score) points."""

    name: str
    unit: str
    points: tuple[tuple[float, int, float], ...]


class CurveView(QWidget):
    """Each curve as a labelled line; under each share, how many decisions each model had there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.curves: list[Curve] = []
        self.empty_text = "No learning curve yet."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 190)

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def set_curves(self, curves: list[Curve], empty_text: str = "No learning curve yet.") -> None:
        """Show ``curves`` (those without points are left out); ``empty_text`` when none has any."""
        self.curves = [curve for curve in curves if curve.points]
        self.empty_text = empty_text
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The curves as text (the widget's accessible description, and what tests read)."""
        if not self.curves:
            return self.empty_text
        return "; ".join(
            f"{curve.name}: "
            + ", ".join(
                f"{round(share * 100)} % ({n} {curve.unit}) {score:.2f}" for share, n, score in curve.points
            )
            for curve in self.curves
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        faint = QColor(text)
        faint.setAlpha(60)
        metrics = painter.fontMetrics()
        line = metrics.height()
        if not self.curves:
            painter.setPen(text)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
            return
        left = metrics.horizontalAdvance("0.75") + 14
        top = line * len(self.curves) + 12
        bottom = line * (1 + len(self.curves)) + 10
        counts = [f"{n} {curve.unit}" for curve in self.curves for _, n, _ in curve.points]
        right = max(metrics.horizontalAdvance(count) for count in counts)
        plot = QRectF(
            left, top, max(40.0, self.width() - left - right / 2 - 8), max(40.0, self.height() - top - bottom)
        )

        def at(share: float, score: float) -> QPointF:
            x = plot.left() + (share - SHARES[0]) / (SHARES[-1] - SHARES[0]) * plot.width()
            return QPointF(x, plot.bottom() - max(0.0, min(1.0, score)) * plot.height())

        painter.setPen(QPen(faint, 1))
        for score in SCORE_TICKS:
            y = at(SHARES[0], score).y()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(text)
        for score in SCORE_TICKS:
            y = at(SHARES[0], score).y()
            painter.drawText(
                QRectF(0, y - line / 2, left - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{score:g}",
            )
        small = QFont(painter.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.9))
        for share in SHARES:
            x = at(share, 0).x()
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(text)
            painter.setFont(self.font())
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, line),
                Qt.AlignmentFlag.AlignHCenter,
                f"{round(share * 100)} %",
            )
            painter.setFont(small)
            for row, curve in enumerate(self.curves):
                counts = [n for point_share, n, _ in curve.points if abs(point_share - share) < 1e-6]
                if counts:
                    painter.setPen(COLOURS[row % len(COLOURS)])
                    box = QRectF(x - 50, plot.bottom() + 4 + line * (row + 1), 100, line)
                    painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, f"{counts[0]} {curve.unit}")
        painter.setFont(self.font())
        for row, curve in enumerate(self.curves):
            colour = COLOURS[row % len(COLOURS)]
            # The second curve dashed, over the first: where both score the same, both still show.
            pen = QPen(colour, 2, Qt.PenStyle.DashLine if row else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            points = [at(share, score) for share, _, score in curve.points]
            for start, end in pairwise(points):
                painter.drawLine(start, end)
            painter.setBrush(colour)
            painter.setPen(QPen(colour, 1))
            for point in points:
                if row:
                    painter.drawRect(QRectF(point.x() - 3, point.y() - 3, 6, 6))
                else:
                    painter.drawEllipse(point, 4.5, 4.5)
            painter.setPen(pen)
            y = 4 + row * line
            painter.drawLine(QPointF(left, y + line / 2), QPointF(left + 22, y + line / 2))
            painter.setPen(text)
            painter.drawText(
                QRectF(left + 28, y, self.width() - left - 28, line),
                Qt.AlignmentFlag.AlignVCenter,
                curve.name,
            )
        painter.end()
