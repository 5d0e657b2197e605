"""View ▸ Overview: the project at a glance, in place of the article, every bar a filter for the list.

The figures come from :func:`annotator.overview.figures.project_overview`, computed in a worker on
its own connection (0.3-1 s at 100,000 documents, seconds with a cold disk cache: the window stays
usable meanwhile, and says it is counting); agreement, which compares every annotator's layer, in
another worker, filling the heatmap when it arrives. While the overview is shown, a change to the
project (an action, an import, another program) counts again after a short pause; one count at a
time, so that changes coming faster than a count still see one finish. Figures still being counted
when the overview is closed are dropped, and the reads behind them stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.chart_painter import ChartView
from annotator.gui.heatmap_painter import HeatmapView
from annotator.gui.painted_targets import keeps_key
from annotator.gui.plain import plain_label
from annotator.gui.style import QUOTE_COLOURS, label_colour
from annotator.gui.workers import Wanted, start_wanted
from annotator.overview.figures import agreement_matrix, project_overview
from annotator.overview.model import Bar, Chart, Matrix, Overview
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

TWO_COLUMNS = 940  # content width from which the charts stand two side by side
REFRESH_MS = 400  # after a change, wait this long for the next before reading the figures again
PRECISION_NOTE = (
    "What became of the model's suggestions: its precision as the annotators judged it "
    "(accepted ÷ decided, after each bar)."
)
EMPTY = {
    "progress": "No document marked done yet.",
    "labels": "No entity or quote accepted yet.",
    "outcomes": "No suggestion made yet.",
    "speakers": "No accepted quote with a named speaker yet.",
}


def precision(_chart: Chart, bar: Bar) -> str:
    """Accepted of those decided (accepted, edited, rejected): the word after an outcomes bar."""
    accepted = bar.counts.get("accepted", 0)
    decided = accepted + bar.counts.get("edited", 0) + bar.counts.get("rejected", 0)
    return f"{bar.total}  ·  {round(100 * accepted / decided)} %" if decided else f"{bar.total}"


def counting_indicator() -> QWidget:
    """ "Counting…" and a bar that keeps moving; hidden when nothing is counted, its room kept."""
    indicator = QWidget()
    row = QHBoxLayout(indicator)
    row.setContentsMargins(12, 0, 0, 0)
    label = plain_label("Counting…")
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    bar = QProgressBar()
    bar.setRange(0, 0)  # no known end: the bar moves to and fro
    bar.setTextVisible(False)
    bar.setFixedWidth(80)
    row.addWidget(label)
    row.addWidget(bar)
    indicator.setAccessibleName("Counting")
    policy = indicator.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    indicator.setSizePolicy(policy)
    indicator.hide()
    return indicator


class OverviewPage(QWidget):
    """Counts, the four charts and the heatmap, in a scroll area that reflows to one or two columns."""

    closed = Signal()  # Esc or the button: back to the article
    filter_chosen = Signal(object)  # a DocumentFilter: list its documents

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: Overview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        self.counts = plain_label()
        font = self.counts.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.counts.setFont(font)
        self.counting = counting_indicator()
        self.back = QPushButton("Back to the article")
        self.back.clicked.connect(self.closed.emit)
        top.addWidget(self.counts)
        top.addWidget(self.counting)
        top.addStretch(1)
        top.addWidget(self.back)
        layout.addLayout(top)
        hint = plain_label(
            "Click a bar, a segment or a cell (or frame one with the arrow keys and press Enter) to list "
            "its documents on the left. Hover for the exact counts. Esc goes back to the article."
        )
        hint.setWordWrap(True)
        hint.setContentsMargins(8, 0, 8, 4)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(hint)
        self.progress = ChartView(columns=True)
        self.labels = ChartView()
        self.outcomes = ChartView()
        self.outcomes.end_text = precision
        self.speakers = ChartView()
        self.heatmap = HeatmapView()
        self.charts: list[QWidget] = [self.progress, self.labels, self.outcomes, self.speakers, self.heatmap]
        for chart in self.charts:
            chart.chosen.connect(self.filter_chosen.emit)  # type: ignore[attr-defined]
        self.content = QWidget()
        self.grid = QGridLayout(self.content)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(18)
        self.columns = 0
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setWidget(self.content)
        self.scroll.viewport().installEventFilter(self)
        layout.addWidget(self.scroll, 1)
        self._arrange(1)
        self.setFocusProxy(self.progress)

    def _arrange(self, columns: int) -> None:
        """Put the charts in ``columns`` columns: progress across the top, the heatmap last."""
        if columns == self.columns:
            return
        self.columns = columns
        for chart in self.charts:
            self.grid.removeWidget(chart)
        self.grid.addWidget(self.progress, 0, 0, 1, columns)
        for number, chart in enumerate(self.charts[1:]):
            row, column = divmod(number, columns)
            self.grid.addWidget(chart, 1 + row, column, Qt.AlignmentFlag.AlignTop)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        for first, second in zip(self.charts, self.charts[1:], strict=False):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.charts[-1], self.back)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._arrange(2 if self.scroll.viewport().width() >= TWO_COLUMNS else 1)
        return super().eventFilter(watched, event)

    def forget(self) -> None:
        """Show no figures (another project's are not this one's) until :meth:`show_overview`."""
        self.overview = None
        self.counts.setText("")
        self.content.hide()
        self.show_agreement(None, "Computing agreement…")

    def show_counting(self, counting: bool) -> None:
        """Show (or hide) that the figures are being counted; the figures shown, if any, stay meanwhile."""
        self.counting.setVisible(counting)

    def show_failure(self, message: str) -> None:
        """Say why the figures could not be counted."""
        self.counts.setText(f"The figures could not be counted: {message}")

    def show_overview(self, overview: Overview, label_colours: dict[str, QColor] | None = None) -> None:
        """Show ``overview``'s counts and charts (its heatmap, if it has one; else it waits for one)."""
        self.overview = overview
        self.content.show()
        share = f" ({round(100 * overview.done / overview.documents)} %)" if overview.documents else ""
        self.counts.setText(f"{overview.documents} documents, {overview.done} done{share}")
        self.progress.set_chart(overview.progress, EMPTY["progress"])
        self.labels.set_chart(overview.labels, EMPTY["labels"], label_colours)
        outcomes = overview.outcomes
        note = outcomes.note or PRECISION_NOTE
        self.outcomes.set_chart(
            Chart(outcomes.title, outcomes.segments, outcomes.bars, note, outcomes.diverging, outcomes.left),
            EMPTY["outcomes"],
        )
        self.speakers.set_chart(overview.speakers, EMPTY["speakers"])
        if overview.agreement is not None:
            self.show_agreement(overview.agreement)

    def show_agreement(self, matrix: Matrix | None, message: str = "") -> None:
        """Fill the heatmap (None: say ``message`` instead: computing, or why there is none)."""
        self.heatmap.set_matrix(matrix, message)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Keys without Ctrl or Alt are the overview's (Esc, Tab, Space on a button), not the article's."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and keeps_key(event):
            event.accept()
            return True
        return super().event(event)


class OverviewController:
    """Keeps the window's overview page up to date: counted in workers, counted again after changes."""

    def __init__(self, window: MainWindow, page: OverviewPage) -> None:
        self.window, self.page = window, page
        self.stale = True  # the project changed since the figures shown were counted
        self.shown_path: Path | None = None
        # The counts running now (figures, agreement), and the project they are of.
        self.running: dict[str, Wanted] = {}
        self.running_path: Path | None = None
        self.timer = QTimer(page)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def project_changed(self) -> None:
        """The project changed: count again soon if the overview is shown, else when it is."""
        self.stale = True
        if self.page.isVisible():
            self.timer.start()

    def refresh(self) -> None:
        """Count the figures and, with merged annotators, agreement, each in a worker; show each as it comes.

        While a count of the same project runs, it runs to its end and is shown; then, the project having
        changed meanwhile, counting starts again.
        """
        project = self.window.project
        if project is None:
            return
        if self.running and self.running_path == project.path:
            self.stale = True
            return
        self.stop()
        self.stale = False
        if project.path != self.shown_path:  # another project: none of the figures shown are its own
            self.shown_path = project.path
            self.page.forget()
        self.running_path = project.path
        colours = self._label_colours(project)
        self._count("figures", lambda own: project_overview(own, agreement=False), self._counted(colours))
        self.page.show_counting(True)
        has_annotators = self.window.review.has_annotators
        self.page.heatmap.setVisible(has_annotators)
        if has_annotators:  # with one annotator there is nothing to compare
            if self.page.heatmap.matrix is None:
                self.page.show_agreement(None, "Computing agreement…")
            self._count("agreement", agreement_matrix, self._agreed)

    def shown(self) -> None:
        """The page was shown: bring it up to date if anything changed meanwhile."""
        if self.stale:
            self.refresh()

    def stop(self) -> None:
        """Drop the counts running now (the page was closed, or so was the window): their reads stop."""
        self.timer.stop()
        if self.running:
            self.stale = True
        for wanted in self.running.values():
            wanted.drop()
        self.running.clear()
        self.page.show_counting(False)

    def _count(self, part: str, count: Callable[[Project], Any], show: Callable[[Any], None]) -> None:
        """Run ``count`` on a read-only connection of its own, in a worker; ``show`` its result."""
        path, annotator = self.running_path, self.window.settings.annotator

        def work(_progress: ProgressCallback, should_stop: StopCheck) -> Any:
            with Project.open(path, annotator=annotator, read_only=True) as own:
                own.stop_reads_when(should_stop)
                return count(own)

        def done(result: Any) -> None:
            self._finished(part)
            show(result)

        def failed(message: str) -> None:
            self._finished(part)
            reason = message.splitlines()[0]
            if part == "figures":
                self.page.show_failure(reason)
            else:
                self.page.show_agreement(None, f"Agreement could not be computed: {reason}")

        self.running[part] = start_wanted(self.window, work, done, failed)

    def _finished(self, part: str) -> None:
        """``part`` has come: once every part has, count again if the project changed meanwhile."""
        del self.running[part]
        if part == "figures":
            self.page.show_counting(False)
        if not self.running and self.stale and self.page.isVisible():
            self.refresh()

    def _counted(self, colours: dict[str, QColor]) -> Callable[[Overview], None]:
        return lambda overview: self.page.show_overview(overview, colours)

    def _agreed(self, matrix: Matrix | None) -> None:
        self.page.show_agreement(matrix, "No two annotators marked the same document done yet.")

    @staticmethod
    def _label_colours(project: Project) -> dict[str, QColor]:
        """The project's entity label colours, and the quote types' colours, by the labels chart's keys.

        Bars without one (an untyped quote, a label no longer in the settings) take the first segment's.
        """
        colours = {f"{name} quotes": QColor(colour) for name, colour in QUOTE_COLOURS.items()}
        for label in project.setting("entity_labels") or []:
            if isinstance(label, dict) and "name" in label:
                colours[str(label["name"])] = QColor(label_colour(label))
        return colours
