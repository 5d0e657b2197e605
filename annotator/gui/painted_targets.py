"""Painted figures whose parts are targets: hover shows exact counts, a click or Enter chooses one.

The overview's charts and heatmap keep what they drew as targets (a rectangle, a
:class:`DocumentFilter` and a tooltip), so the mouse, the arrow keys and the tests all work
on the same rectangles.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.gui.plain import plain_tooltip
from annotator.overview.model import DocumentFilter


@dataclass(frozen=True)
class Target:
    """Something drawn that a click turns into a filter: a segment, or a whole bar (its name)."""

    rect: QRectF
    filter: DocumentFilter
    tip: str
    bar: str
    segment: str | None


class TargetsView(QWidget):
    """A painted figure whose targets show their counts on hover and emit ``chosen`` on a click.

    The arrow keys frame one target after another and Enter or Space chooses it. Keys without
    Ctrl or Alt stay here while it has focus: the article's one-key actions must not act on a
    document the overview hides.
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets: list[Target] = []
        self.current = -1  # the target the arrow keys are on
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    def paint_focus(self, painter: QPainter) -> None:
        """Frame the target the arrow keys are on, while the figure has focus."""
        if self.hasFocus() and 0 <= self.current < len(self.targets):
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.targets[self.current].rect.adjusted(-2, -2, 2, 2))

    def target_at(self, point: QPoint | QPointF) -> int:
        """The index of the target under ``point`` (-1: none)."""
        for number, target in enumerate(self.targets):
            if target.rect.contains(QPointF(point)):
                return number
        return -1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and keeps_key(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.target_at(event.pos())
            if found >= 0:
                QToolTip.showText(event.globalPos(), plain_tooltip(self.targets[found].tip), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.target_at(event.position()) >= 0
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        found = self.target_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and found >= 0:
            self.current = found
            self.update()
            self.chosen.emit(self.targets[found].filter)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows walk the bars and segments, Enter or Space lists the documents of the one framed."""
        key = event.key()
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}
        if key in steps and self.targets:
            self.current = max(0, min(len(self.targets) - 1, self.current + steps[key]))
            target = self.targets[self.current]
            self.update()
            centre = self.mapToGlobal(target.rect.center().toPoint())
            QToolTip.showText(centre, plain_tooltip(target.tip), self)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and 0 <= self.current < len(
            self.targets
        ):
            self.chosen.emit(self.targets[self.current].filter)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QEvent) -> None:  # type: ignore[override]
        if self.current < 0 and self.targets:
            self.current = 0
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.update()

    def focusOutEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.update()


def keeps_key(event: QKeyEvent) -> bool:
    """Whether the overview keeps a key rather than let it be a window shortcut.

    It keeps the keys typed without Ctrl or Alt (the article's one-key actions would act on a
    document it hides), except the function keys (F1 still lists every key).
    """
    held = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    return not held and not Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35
