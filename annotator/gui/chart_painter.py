"""One overview chart painted with QPainter: stacked bars (rows or columns) whose every part is a filter.

Painted by hand rather than with QtCharts (GPL or commercial only); each bar, segment and bar
name is a :class:`~annotator.gui.painted_targets.Target` carrying its documents' filter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.gui.painted_targets import Target, TargetsView
from annotator.overview.model import Bar, Chart
from annotator.overview.palette import segment_colours

MAX_NAME = 220  # pixels for a bar's name on the axis; longer names are elided (the tooltip has them whole)


def counts_text(chart: Chart, bar: Bar) -> str:
    """Every segment's count of ``bar`` (those of 0 left out), and the total: what a tooltip says exactly."""
    parts = [
        f"{segment or 'none'} {bar.counts[segment]}" for segment in chart.segments if bar.counts.get(segment)
    ]
    return ", ".join(parts) + f" (total {bar.total})" if len(parts) > 1 else (parts[0] if parts else "0")


def segment_tip(chart: Chart, bar: Bar, segment: str) -> str:
    """A segment's tooltip: its count, then the whole bar's when it has other segments."""
    name, whole = bar.key or "(none)", counts_text(chart, bar)
    others = f"\n{name}: {whole}" if "total" in whole else ""
    return f"{name}, {segment or 'none'}: {bar.counts[segment]}{others}\nClick: list these documents"


class ChartView(TargetsView):
    """One :class:`Chart`: title, note, legend, then a bar per row (``columns``: a column per bar).

    ``chosen`` carries the filter of a clicked (or Enter-ed) segment or bar. ``end_text`` may put
    a word after each row's bar (the outcomes chart's precision); ``bar_colours`` colour bars by
    their key (the labels chart, in the project's label colours), and then it has no legend.
    """

    def __init__(self, columns: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.chart: Chart | None = None
        self.empty_text = ""
        self.bar_colours: dict[str, QColor] = {}
        self.colours: dict[str, QColor] = {}  # by segment, as the HTML report colours them
        self.end_text: Callable[[Chart, Bar], str] = counts_total
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(300)

    def set_chart(self, chart: Chart, empty_text: str, bar_colours: dict[str, QColor] | None = None) -> None:
        """Show ``chart``; ``empty_text`` while it has no bars."""
        self.chart, self.empty_text = chart, empty_text
        self.bar_colours = bar_colours or {}
        shared = segment_colours(chart.segments, chart.left if chart.diverging else 0)
        self.colours = {segment: QColor(colour) for segment, colour in shared.items()}
        self.current = min(self.current, len(chart.bars) - 1)
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(self.describe())
        self._fit_height()
        self._place()
        self.update()

    def describe(self) -> str:
        """The chart as text (its accessible description)."""
        if self.chart is None or not self.chart.bars:
            return self.empty_text
        return "; ".join(f"{bar.key}: {counts_text(self.chart, bar)}" for bar in self.chart.bars)

    def bar_rect(self, key: str, segment: str | None = None) -> QRect:
        """Where the bar ``key`` (its name on the axis) or one of its segments is drawn (for tests)."""
        for target in self.targets:
            if target.bar == key and target.segment == segment:
                return target.rect.toRect()
        raise KeyError((key, segment))

    # ------------------------------------------------------------------ layout

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _row_height(self) -> int:
        return self._line() + 8

    def _header_height(self, width: int) -> int:
        """Title, the wrapped note in a smaller font, and the legend's rows."""
        line = self._line()
        height = line + 4
        if self.chart is not None and self.chart.note:
            metrics = self._small_metrics()
            flags = int(Qt.TextFlag.TextWordWrap)
            height += metrics.boundingRect(
                QRect(0, 0, max(50, width - 16), 10_000), flags, self.chart.note
            ).height()
            height += 4
        if self.chart is not None and self._has_legend():
            height += len(self._legend_rows(width)) * (line + 2) + 4
        return height

    def _has_legend(self) -> bool:
        """A legend names the segments, unless there is one, or the bars have their own colours."""
        return self.chart is not None and len(self.chart.segments) > 1 and not self.bar_colours

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        return font

    def _small_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._small_font())

    def _legend_rows(self, width: int) -> list[list[tuple[str, int]]]:
        """The legend's entries (segment, x) flowed into rows that fit ``width``."""
        assert self.chart is not None
        metrics = self.fontMetrics()
        rows: list[list[tuple[str, int]]] = [[]]
        x = 8
        for segment in self.chart.segments:
            needed = 16 + metrics.horizontalAdvance(segment or "none") + 14
            if x + needed > width and rows[-1]:
                rows.append([])
                x = 8
            rows[-1].append((segment, x))
            x += needed
        return rows

    def _body_height(self) -> int:
        if self.chart is None or not self.chart.bars:
            return self._line() + 12
        if self.columns:
            return 150 + 2 * self._line() + 8
        return len(self.chart.bars) * self._row_height() + 8

    def _fit_height(self) -> None:
        height = self._header_height(self.width()) + self._body_height()
        if height != self.height() or height != self.minimumHeight():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(460, self._header_height(460) + self._body_height())

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()
        self._place()

    def _place(self) -> None:
        """Work out every target's rectangle for the current width (paint and clicks use them)."""
        self.targets = []
        chart = self.chart
        if chart is None or not chart.bars:
            return
        top = self._header_height(self.width())
        if self.columns:
            self._place_columns(chart, top)
        else:
            self._place_rows(chart, top)

    def _name_width(self, chart: Chart) -> int:
        metrics = self.fontMetrics()
        # A few pixels spare: elidedText cuts a name whose advance is exactly the width it is given.
        widest = max(metrics.horizontalAdvance(bar.key or "(none)") for bar in chart.bars) + 4
        return min(widest, MAX_NAME, max(80, self.width() // 3))

    def _end_width(self, chart: Chart) -> int:
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(self.end_text(chart, bar)) for bar in chart.bars) + 10

    def _place_rows(self, chart: Chart, top: int) -> None:
        names, end = self._name_width(chart), self._end_width(chart)
        left_x = 8 + names + 8
        diverging = chart.diverging
        start_width = end if diverging else 0
        area = max(40, self.width() - left_x - end - start_width - 8)
        left_segments = chart.segments[: chart.left] if diverging else ()
        left_max = max((sum(bar.counts.get(s, 0) for s in left_segments) for bar in chart.bars), default=0)
        right_max = max(
            (
                sum(bar.counts.get(s, 0) for s in chart.segments if s not in left_segments)
                for bar in chart.bars
            ),
            default=0,
        )
        scale = area / max(1, left_max + right_max)
        centre = left_x + start_width + left_max * scale
        row = self._row_height()
        for number, bar in enumerate(chart.bars):
            y = top + number * row
            name_tip = f"{bar.key or '(none)'}: {counts_text(chart, bar)}\nClick: list these documents"
            self.targets.append(Target(QRectF(8, y + 2, names, row - 4), bar.filter, name_tip, bar.key, None))
            leftwards = centre
            rightwards = centre
            for segment in chart.segments:
                count = bar.counts.get(segment, 0)
                if not count:
                    continue
                width = count * scale
                if segment in left_segments:
                    leftwards -= width
                    x = leftwards
                else:
                    x = rightwards
                    rightwards += width
                tip = segment_tip(chart, bar, segment)
                rect = QRectF(x, y + 3, max(width, 2.0), row - 6)
                flt = bar.segment_filters.get(segment, bar.filter)
                self.targets.append(Target(rect, flt, tip, bar.key, segment))

    def _place_columns(self, chart: Chart, top: int) -> None:
        line = self._line()
        axis = self.fontMetrics().horizontalAdvance("0000") + 10
        area = max(40, self.width() - axis - 16)
        slot = area / len(chart.bars)
        width = max(2.0, min(28.0, slot * 0.75))
        highest = max(bar.total for bar in chart.bars) or 1
        plot_top, plot_height = top + 8, 150 - 8
        for number, bar in enumerate(chart.bars):
            x = axis + 8 + number * slot + (slot - width) / 2
            bottom = plot_top + plot_height
            name_tip = f"{bar.key}: {counts_text(chart, bar)}\nClick: list these documents"
            label_rect = QRectF(axis + 8 + number * slot, bottom + 2, slot, line)
            self.targets.append(Target(label_rect, bar.filter, name_tip, bar.key, None))
            for segment in chart.segments:
                count = bar.counts.get(segment, 0)
                if not count:
                    continue
                height = count / highest * plot_height
                bottom -= height
                tip = segment_tip(chart, bar, segment)
                flt = bar.segment_filters.get(segment, bar.filter)
                self.targets.append(Target(QRectF(x, bottom, width, height), flt, tip, bar.key, segment))

    # ------------------------------------------------------------------ paint

    def _colour(self, bar: Bar, segment: str) -> QColor:
        return self.bar_colours.get(bar.key, self.colours[segment])

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        faint = QColor(text)
        faint.setAlpha(70)
        chart = self.chart
        if chart is None:
            painter.end()
            return
        line = self._line()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(
            QRectF(8, 0, self.width() - 16, line + 4), Qt.AlignmentFlag.AlignVCenter, chart.title
        )
        y = line + 4
        painter.setFont(self._small_font())
        if chart.note:
            flags = int(Qt.TextFlag.TextWordWrap)
            box = self._small_metrics().boundingRect(
                QRect(0, 0, max(50, self.width() - 16), 10_000), flags, chart.note
            )
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(QRectF(8, y, self.width() - 16, box.height()), flags, chart.note)
            y += box.height() + 4
        painter.setFont(self.font())
        if self._has_legend():
            for row in self._legend_rows(self.width()):
                for segment, x in row:
                    painter.fillRect(QRectF(x, y + (line - 10) / 2, 10, 10), self.colours[segment])
                    painter.setPen(text)
                    painter.drawText(
                        QRectF(x + 16, y, 400, line), Qt.AlignmentFlag.AlignVCenter, segment or "none"
                    )
                y += line + 2
            y += 4
        if not chart.bars:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QRectF(8, y, self.width() - 16, line + 8), Qt.AlignmentFlag.AlignVCenter, self.empty_text
            )
            painter.end()
            return
        if self.columns:
            self._paint_columns(painter, chart, text, faint)
        else:
            self._paint_rows(painter, chart, text, faint)
        self.paint_focus(painter)
        painter.end()

    def _paint_rows(self, painter: QPainter, chart: Chart, text: QColor, faint: QColor) -> None:
        metrics = self.fontMetrics()
        bars = {bar.key: bar for bar in chart.bars}
        end_x = 0.0
        for target in self.targets:
            bar = bars[target.bar]
            if target.segment is None:
                painter.setPen(text)
                name = metrics.elidedText(
                    bar.key or "(none)", Qt.TextElideMode.ElideRight, int(target.rect.width())
                )
                painter.drawText(
                    target.rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name
                )
            else:
                fill_bar(painter, target.rect, self._colour(bar, target.segment))
                end_x = max(end_x, target.rect.right())
        row = self._row_height()
        names = [target for target in self.targets if target.segment is None]
        for target in names:
            bar = bars[target.bar]
            parts = [t.rect for t in self.targets if t.bar == bar.key and t.segment is not None]
            right = max((rect.right() for rect in parts), default=target.rect.right() + 8)
            left = min((rect.left() for rect in parts), default=right)
            painter.setPen(text)
            box = QRectF(right + 5, target.rect.top(), 200, target.rect.height())
            after = self.end_text(chart, bar)
            if chart.diverging:  # each side's own count; the name's tooltip has the total
                after = str(sum(bar.counts.get(s, 0) for s in chart.segments[chart.left :]) or "")
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, after)
            if chart.diverging:
                left_count = sum(bar.counts.get(s, 0) for s in chart.segments[: chart.left])
                if left_count:
                    box = QRectF(left - 205, target.rect.top(), 200, target.rect.height())
                    painter.drawText(
                        box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, str(left_count)
                    )
        if chart.diverging and names:
            centre = self._centre(chart)
            painter.setPen(QPen(faint, 1))
            first, last = names[0].rect, names[-1].rect
            painter.drawLine(QPointF(centre, first.top() - 2), QPointF(centre, last.top() + row - 2))

    def _centre(self, chart: Chart) -> float:
        """Where a diverging chart's zero is: where its right segments start."""
        for target in self.targets:
            if target.segment is not None and target.segment not in chart.segments[: chart.left]:
                return target.rect.left()
        lefts = [t.rect.right() for t in self.targets if t.segment is not None]
        return max(lefts, default=0.0)

    def _paint_columns(self, painter: QPainter, chart: Chart, text: QColor, faint: QColor) -> None:
        metrics = self.fontMetrics()
        bars = {bar.key: bar for bar in chart.bars}
        labels = [target for target in self.targets if target.segment is None]
        top = self._header_height(self.width()) + 8
        bottom = top + 150 - 8
        axis = metrics.horizontalAdvance("0000") + 10
        highest = max(bar.total for bar in chart.bars) or 1
        painter.setPen(QPen(faint, 1))
        for share in (0.0, 0.5, 1.0):
            y = bottom - share * (bottom - top)
            painter.drawLine(QPointF(axis + 4, y), QPointF(self.width() - 8, y))
        painter.setPen(text)
        for share in (0.0, 0.5, 1.0):
            y = bottom - share * (bottom - top)
            value = highest * share
            shown = f"{value:g}" if share in (0.0, 1.0) or value == int(value) else ""
            painter.drawText(
                QRectF(0, y - 10, axis, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
        for target in self.targets:
            if target.segment is not None:
                fill_bar(painter, target.rect, self._colour(bars[target.bar], target.segment))
        # Day labels where they fit: every nth, n chosen so that labels never overlap.
        widest = max(metrics.horizontalAdvance(short_day(t.bar)) for t in labels) + 8
        step = max(1, int(-(-widest // max(1.0, labels[0].rect.width()))))
        painter.setPen(text)
        for number, target in enumerate(labels):
            if number % step == 0:
                middle = target.rect.center().x()
                box = QRectF(middle - widest / 2, target.rect.top(), widest, target.rect.height())
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, short_day(target.bar))
        total = sum(bar.total for bar in chart.bars)
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(
            QRectF(axis, bottom + metrics.height() + 4, self.width() - axis - 8, metrics.height()),
            Qt.AlignmentFlag.AlignRight,
            f"{total} in {len(chart.bars)} days",
        )


def fill_bar(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A bar or segment in ``colour``, edged a little darker so that a pale label colour still shows."""
    painter.save()
    painter.setPen(QPen(colour.darker(135), 1))
    painter.setBrush(colour)
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    painter.restore()


def counts_total(_chart: Chart, bar: Bar) -> str:
    """The default word after a bar: its total."""
    return str(bar.total)


def short_day(day: str) -> str:
    """``2026-12-03`` as ``12-03`` (the tooltip has the whole date)."""
    return day[5:] if len(day) == 10 and day[4] == "-" else day
