"""The article view: the text, read-only and selectable, with spans painted on and under it.

Spans are painted for the visible lines only (never as one extra selection each), so
an article with 20,000 spans paints as fast as one with twenty. Entity backgrounds go
under the text; lines, outlines and strike-throughs over it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegion,
    QResizeEvent,
    QTextCursor,
    QTextLine,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.actions.state import DocumentState, suggested_stance
from annotator.gui.offsets import OffsetMap, display_text
from annotator.gui.plain import plain_tooltip
from annotator.gui.style import SpanColours, is_dark
from annotator.store import Span

MARGIN = 22
# The longest line, in characters of ordinary text: wider windows get white space either side.
MEASURE = 90
# Measures the average character of running text.
SAMPLE = "The council said on Monday that the harbour would reopen, according to a statement. "
# A possessive ending a double-clicked word: the word is selected without it.
POSSESSIVE = ("’s", "'s", "’S", "'S")
SERIF = ["Source Serif 4", "Georgia", "Noto Serif", "DejaVu Serif", "Liberation Serif", "serif"]


def reading_font(size: int) -> QFont:
    """A serif face at ``size`` points, for long stretches of reading."""
    font = QFont()
    font.setFamilies(SERIF)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSize(size)
    return font


class ArticleView(QPlainTextEdit):
    """Shows one document; reports clicks on spans and text selections in code points."""

    span_clicked = Signal(object)  # a span id, or None for plain text
    zoom_requested = Signal(int)  # +1 / -1
    span_selected = Signal()  # the outlined span changed (or was re-read)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(True)
        # The white space beside a capped measure is the view's own background, not the window's.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.document().setDocumentMargin(MARGIN)
        self.state: DocumentState | None = None
        self.offsets = OffsetMap("")
        self.selected: int | None = None
        self.exact_selection = False
        self.selecting = False  # the left button is down: words are being selected with the mouse
        # Span rectangles computed during one paint event (each is needed under and over the text).
        self._memo: dict[tuple[int, int], list[QRectF]] | None = None
        self.colours = SpanColours([], False)
        self._pens: dict[tuple[int, str, float], QPen] = {}
        # What the last paint event drew, per span id ("fill", "dashed", "strike", "underline",
        # "bar", "box", "outline", "tint"): what tests check instead of pixels.
        self.drawn: dict[int, set[str]] = {}
        # Decides which keys go to window actions rather than to text navigation.
        self.owns_key: Callable[[QKeyEvent], bool] = lambda _event: False

    # ----------------------------------------------------------------- content

    def show_document(self, state: DocumentState | None) -> None:
        """Replace the text; the view starts at the top with nothing selected."""
        self.state = state
        self.offsets = OffsetMap(state.text if state else "")
        self.selected = None
        self.setPlainText(display_text(state.text) if state else "")

    def show_spans(self, state: DocumentState) -> None:
        """Show ``state``, the shown document read again, over the same text.

        The text is not replaced, so the scroll position, the caret and the selected text stay, and
        so does the selected span if it is still there.
        """
        assert self.state is not None and state.text == self.state.text
        self.state = state
        if self.selected not in state.spans:
            self.selected = None
        self.viewport().update()
        self.span_selected.emit()

    def set_colours(self, entity_labels: list[dict[str, str]]) -> None:
        """Use these label colours (and the palette's light or dark variants)."""
        self.colours = SpanColours(entity_labels, is_dark(QGuiApplication.palette()))
        self._pens = {}
        self.viewport().update()

    def select_span(self, span_id: int | None, reveal: bool = True) -> None:
        """Outline ``span_id`` and (``reveal``) scroll it into view."""
        marked_before = self.marked()
        again = span_id == self.selected
        self.selected = span_id
        if span_id is not None and reveal and self.state and span_id in self.state.spans:
            self.reveal(self.state.spans[span_id], again)
        self.update_spans(marked_before + self.marked())
        self.span_selected.emit()

    def reveal(self, span: Span, again: bool = False) -> None:
        """Scroll so the whole span is in view, unless it is already; the caret goes to its start.

        A span that fits is placed with a few lines of what comes before it above it
        (a quarter of the view at most: the speaker is often there); a span taller
        than the view starts on the top line, except when it was selected already
        (``again``) and is on screen: the annotator may be reading its end.
        """
        if self._extent(span, only_if_shown=True) is not None:
            return
        if again and self._fills_view(span):
            return
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(span.start))
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(self._line_number(self.offsets.to_qt(span.start)))
        height = self.viewport().height()
        extent = self._extent(span)
        if extent is None or extent[1] > height:
            return  # taller than the view: its first line stays on top
        context = min(height - extent[1], height // 4)
        for _ in range(64):  # back a line at a time while the span still fits below its context
            if bar.value() == 0:
                break
            bar.setValue(bar.value() - 1)
            extent = self._extent(span)
            if extent is None or extent[0] > context:
                bar.setValue(bar.value() + 1)
                break

    def _fills_view(self, span: Span) -> bool:
        """Whether the span is taller than the view and covers part of it."""
        first, last = self._range_between(0, self.viewport().height())
        if span.end <= first or span.start >= last:
            return False
        extent = self._extent(span)
        return extent is not None and extent[1] - extent[0] > self.viewport().height()

    def _line_number(self, position: int) -> int:
        """The visual line (the vertical scroll bar's unit) holding Qt position ``position``."""
        block = self.document().findBlock(position)
        self.document().documentLayout().blockBoundingRect(block)  # lays the block out if it is not yet
        line = block.layout().lineForTextPosition(position - block.position())
        return block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)

    def _extent(self, span: Span, only_if_shown: bool = False) -> tuple[float, float] | None:
        """Top of the span's first line and bottom of its last, in viewport coordinates.

        ``only_if_shown``: None unless the whole span is inside the viewport (measured
        only then, so a span far away costs nothing).
        """
        first = self.offsets.to_qt(span.start)
        last = max(first, self.offsets.to_qt(span.end) - 1)
        height = self.viewport().height()
        if only_if_shown:
            shown_first = self.firstVisibleBlock().position()
            shown_last = self.cursorForPosition(QPoint(self.viewport().width(), height)).position()
            if first < shown_first or last > shown_last:
                return None
        top, bottom = self._line_box(first)[0], self._line_box(last)[1]
        if only_if_shown and (top < 0 or bottom > height):
            return None
        return top, bottom

    def _line_box(self, position: int) -> tuple[float, float]:
        """Top and bottom of the visual line holding Qt position ``position``, in viewport coordinates."""
        block = self.document().findBlock(position)
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        line = block.layout().lineForTextPosition(position - block.position())
        if not line.isValid():
            return top, top
        return top + line.y(), top + line.y() + line.height()

    def marked(self) -> list[Span | None]:
        """The selected span and the spans drawn as belonging to it (its quote, speaker, cue)."""
        if self.state is None or self.selected is None:
            return []
        selected = self.state.spans.get(self.selected)
        return [selected, *self._linked(selected).values()]

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selected text as code points ``(start, end)``, if any is selected."""
        cursor = self.textCursor()
        if not self.state or not cursor.hasSelection():
            return None
        to_py = self.offsets.to_py
        return to_py(cursor.selectionStart()), to_py(cursor.selectionEnd())

    def set_selection(self, start: int, end: int) -> None:
        """Select code points ``start``-``end`` on screen."""
        if not self.state:
            return
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def put_caret(self, offset: int) -> None:
        """Put the cursor before code point ``offset``, selecting no text."""
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        """Drop the text selection, keeping the cursor where it is."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def set_font_size(self, size: int) -> None:
        """Show the article at ``size`` points."""
        self.setFont(reading_font(size))
        self._fit_measure()

    def _fit_measure(self) -> None:
        """Keep lines near ``MEASURE`` characters: a wider view centres the text between margins."""
        metrics = QFontMetricsF(self.font())
        longest = metrics.horizontalAdvance(SAMPLE) / len(SAMPLE) * MEASURE + 2 * MARGIN
        available = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        spare = max(0, int(available - longest))
        margins = self.viewportMargins()
        if (margins.left(), margins.right()) != (spare // 2, spare - spare // 2):
            self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    # ------------------------------------------------------------------ events

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self.owns_key(event):  # type: ignore[arg-type]
            event.ignore()
            return True
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event.pos(), event.globalPos())  # type: ignore[attr-defined]
            return True
        return super().event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_requested.emit(1 if event.angleDelta().y() > 0 else -1)
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.selecting = event.button() == Qt.MouseButton.LeftButton
        if event.button() == Qt.MouseButton.RightButton:
            offset = self.offset_at(event.position().toPoint())
            inside = self.selection_offsets()
            if offset is not None and not (inside and inside[0] <= offset < inside[1]):
                span = self.state.span_at(offset) if self.state else None
                self.put_caret(offset)
                self.span_clicked.emit(span.id if span else None)
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Select the word, without a possessive ’s (“Washington’s” selects “Washington”)."""
        super().mouseDoubleClickEvent(event)
        selected = self.selection_offsets()
        if self.state is None or selected is None:
            return
        start, end = selected
        if end - start > 2 and self.state.text[end - 2 : end] in POSSESSIVE:
            self.set_selection(start, end - 2)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.selecting = False
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or not self.state:
            return
        selected = self.selection_offsets()
        if selected is None:
            offset = self.offset_at(event.position().toPoint())
            if offset is not None:
                self.put_caret(offset)  # before the character clicked, wherever in it the click fell
            span = self.state.span_at(offset) if offset is not None else None
            self.span_clicked.emit(span.id if span else None)
            return
        self.exact_selection = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if not self.exact_selection:
            start, end = self.state.tokens.snap(*selected)
            if (start, end) != selected:
                self.set_selection(start, end)

    def offset_at(self, point: QPoint) -> int | None:
        """The code point of the character under ``point`` (not the gap nearest to it)."""
        if not self.state:
            return None
        block = self.cursorForPosition(point).block()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if top + line.y() <= point.y() < top + line.y() + line.height():
                position = line.xToCursor(point.x(), QTextLine.CursorPosition.CursorOnCharacter)
                if position >= block.length() - 1 and not line.naturalTextRect().contains(
                    point.x(), line.y()
                ):
                    return None
                return self.offsets.to_py(block.position() + position)
        return None

    def _show_tooltip(self, point: QPoint, global_point: QPoint) -> None:
        offset = self.offset_at(point)
        span = self.state.span_at(offset) if self.state and offset is not None else None
        if span is None:
            QToolTip.hideText()
            return
        what = span.attributes.get("type", "") + " quote" if span.kind == "quote" else span.label
        stance = f", {span.stance}" if span.stance else ""
        guess = suggested_stance(span)
        if guess is not None:  # the model's guess, as a question: it is not a decision
            label, p = guess
            stance = f", suggested stance {label}?" + (f" {round(p * 100)} %" if p is not None else "")
        QToolTip.showText(global_point, plain_tooltip(f"{what.strip()} ({span.status}{stance})"), self)

    # ---------------------------------------------------------------- painting

    def _rects(self, start: int, end: int) -> list[QRectF]:
        """Screen rectangles, one per visual line, covering code points ``start``-``end``."""
        assert self.state is not None
        if self._memo is not None and (start, end) in self._memo:
            return self._memo[start, end]
        first, last = self.offsets.to_qt(start), self.offsets.to_qt(end)
        block = self.document().findBlock(first)
        offset = self.contentOffset()
        bottom = self.viewport().height()
        rects = []
        while block.isValid() and block.position() < last:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if geometry.bottom() >= 0:
                base = block.position()
                layout = block.layout()
                line = layout.lineForTextPosition(max(first - base, 0))
                while line.isValid():
                    line_start = base + line.textStart()
                    if line_start >= last:
                        break
                    a, b = max(first, line_start), min(last, line_start + line.textLength())
                    if a < b:
                        x1, x2 = line.cursorToX(a - base)[0], line.cursorToX(b - base)[0]
                        if x1 != x2:
                            top = geometry.top() + line.y()
                            rects.append(
                                QRectF(geometry.left() + min(x1, x2), top, abs(x2 - x1), line.height())
                            )
                    line = (
                        layout.lineAt(line.lineNumber() + 1)
                        if line.lineNumber() + 1 < layout.lineCount()
                        else QTextLine()
                    )
            block = block.next()
        if self._memo is not None:
            self._memo[start, end] = rects
        return rects

    def _range_between(self, top: int, bottom: int) -> tuple[int, int]:
        """Code points shown between viewport heights ``top`` and ``bottom``."""
        assert self.state is not None
        # The start of the line at ``top`` and the end of the line at ``bottom``.
        first = self.cursorForPosition(QPoint(0, top)).position()
        last = self.cursorForPosition(QPoint(self.viewport().width(), bottom)).position()
        end = min(last + 1, self.document().characterCount() - 1)
        return self.offsets.to_py(first), self.offsets.to_py(end)

    def update_spans(self, spans: list[Span | None]) -> None:
        """Repaint only where these spans are (or were), with room for outlines and margin bars."""
        area = QRegion()
        for span in spans:
            if span is None:
                continue
            for rect in self._rects(span.start, span.end):
                area += rect.adjusted(-4, -3, 4, 3).toAlignedRect()
                if span.kind == "quote":
                    area += QRect(0, int(rect.top()), MARGIN, int(rect.height()) + 1)
        if not area.isEmpty():
            self.viewport().update(area)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.state:
            super().paintEvent(event)
            return
        shown = event.rect()
        start, end = self._range_between(shown.top(), shown.bottom())
        spans = list(self.state.visible(start, end))
        selected = self.state.spans.get(self.selected) if self.selected is not None else None
        linked = self._linked(selected)
        self._memo = {}
        self.drawn = {}
        try:
            painter = QPainter(self.viewport())
            # Fills are rectangles with small corners: no antialiasing, several times faster.
            self._paint_under(painter, spans, selected)
            painter.end()
            super().paintEvent(event)
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_over(painter, spans, selected, linked)
            painter.end()
        finally:
            self._memo = None

    def _linked(self, selected: Span | None) -> dict[int, Span]:
        """Spans to mark because they belong to the selected span's quote."""
        if selected is None or self.state is None:
            return {}
        quotes = [selected] if selected.kind == "quote" else self.state.quotes_of(selected)
        found = {}
        for quote in quotes:
            found[quote.id] = quote
            for child in (self.state.speaker(quote), self.state.cue(quote)):
                if child is not None:
                    found[child.id] = child
        return found

    def _paint_under(self, painter: QPainter, spans: list[Span], selected: Span | None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        if selected is not None and selected.kind == "quote":
            tint = self.colours.quote(selected.attributes.get("type"))
            tint.setAlphaF(0.16)
            for rect in self._rects(selected.start, selected.end):
                painter.fillRect(rect, tint)
                self._drew(selected, "tint")
        for span in spans:
            if span.kind != "entity" or span.status == "rejected":
                continue
            fill = self.colours.fill(span.label, span.status)
            for rect in self._rects(span.start, span.end):
                painter.fillRect(rect.adjusted(-1, 1, 1, -1), fill)
                self._drew(span, "fill")

    def _drew(self, span: Span, mark: str) -> None:
        self.drawn.setdefault(span.id, set()).add(mark)

    def _paint_over(
        self, painter: QPainter, spans: list[Span], selected: Span | None, linked: dict[int, Span]
    ) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for span in spans:
            if span.kind == "quote":
                self._paint_quote(painter, span, span.id in linked)
            elif span.kind == "entity":
                self._paint_entity(painter, span)
            else:
                self._paint_speaker_or_cue(painter, span, linked)
        self._paint_entity_links(painter, linked)
        if selected is not None:
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in self._rects(selected.start, selected.end) if selected.kind != "quote" else ():
                painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 4, 4)
                self._drew(selected, "outline")

    def _paint_entity_links(self, painter: QPainter, linked: dict[int, Span]) -> None:
        """The selected quote's speaker boxed (and cue underlined) when that span is an entity.

        Speaker and cue spans draw their own marks; an entity keeps its fill and outline,
        and gets a solid box around them only while its quote is selected.
        """
        if self.state is None:
            return
        for quote in linked.values():
            if quote.kind != "quote":
                continue
            colour = self.colours.quote(quote.attributes.get("type"))
            for child, mark in ((self.state.speaker(quote), "box"), (self.state.cue(quote), "underline")):
                if child is None or child.kind != "entity":
                    continue
                solid = "rejected" if child.status == "rejected" else "accepted"
                painter.setPen(self._pen(colour, solid, 2.0))
                for rect in self._rects(child.start, child.end):
                    if mark == "box":
                        painter.drawRoundedRect(rect.adjusted(-3, -1, 3, 1), 4, 4)
                    else:
                        y = rect.bottom() - 1
                        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                    self._drew(child, mark)

    def _pen(self, colour: QColor, status: str, width: float) -> QPen:
        key = (colour.rgba(), status, width)
        if key not in self._pens:
            if status == "rejected":
                pen = QPen(self.colours.rejected, 1.2)
                pen.setStyle(Qt.PenStyle.DotLine)
            else:
                pen = QPen(colour, width)
                if status == "suggested":
                    pen.setStyle(Qt.PenStyle.DashLine)
            self._pens[key] = pen
        return self._pens[key]

    def _paint_entity(self, painter: QPainter, span: Span) -> None:
        rects = list(self._rects(span.start, span.end))
        if span.status == "suggested":
            painter.setPen(self._pen(self.colours.entity(span.label).darker(150), "suggested", 1.2))
            for rect in rects:
                painter.drawRect(rect.adjusted(-1, 1, 1, -1))
                self._drew(span, "dashed")
        elif span.status == "rejected":
            self._strike(painter, span, rects)

    def _strike(self, painter: QPainter, span: Span, rects: list[QRectF]) -> None:
        """A rejected span: a grey line through the middle of its text."""
        painter.setPen(QPen(self.colours.rejected, 1.4))
        for rect in rects:
            middle = rect.center().y()
            painter.drawLine(QPointF(rect.left(), middle), QPointF(rect.right(), middle))
            self._drew(span, "strike")

    def _paint_quote(self, painter: QPainter, quote: Span, selected: bool) -> None:
        colour = self.colours.quote(quote.attributes.get("type"))
        width = 3.0 if selected else 2.0
        parts = quote.attributes.get("parts") or [[quote.start, quote.end]]
        if quote.status == "rejected":  # struck through like a rejected entity, not underlined
            for part_start, part_end in parts:
                self._strike(painter, quote, self._rects(part_start, part_end))
        else:
            painter.setPen(self._pen(colour, quote.status, width))
            for part_start, part_end in parts:
                for rect in self._rects(part_start, part_end):
                    y = rect.bottom() - 1
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                    self._drew(quote, "underline")
        bar = self._pen(colour, quote.status, 6.0 if selected else 3.5)
        bar.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(bar)
        x = MARGIN / 2 - 2
        for rect in self._rects(quote.start, quote.end):
            painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x, rect.bottom() - 2))
            self._drew(quote, "bar")

    def _paint_speaker_or_cue(self, painter: QPainter, span: Span, linked: dict[int, Span]) -> None:
        quotes = [q for q in linked.values() if q.kind == "quote"] or (
            self.state.quotes_of(span) if self.state else []
        )
        colour = self.colours.quote(quotes[0].attributes.get("type") if quotes else None)
        painter.setPen(self._pen(colour, span.status, 2.0 if span.id in linked else 1.0))
        for rect in self._rects(span.start, span.end):
            if span.kind == "speaker":
                painter.drawRoundedRect(rect.adjusted(-1, 1, 1, -1), 3, 3)
                self._drew(span, "box")
            else:
                y = rect.bottom() - 1
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                self._drew(span, "underline")
