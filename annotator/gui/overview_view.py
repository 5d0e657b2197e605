"""View ▸ Overview: the project at a glance, in place of the article, every bar a filter for the list.

The figures come from :func:`annotator.overview.figures.project_overview`, fast enough to read
on the GUI thread when the overview is shown (< 500 ms at 100,000 documents); agreement, which
compares every annotator's layer, is computed in a worker on its own connection and fills the
heatmap when it arrives. While the overview is shown, a change to the project (an action, an
import, another program) reads the figures again after a short pause.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from annotator.gui.chart_painter import ChartView
from annotator.gui.heatmap_painter import HeatmapView
from annotator.gui.painted_targets import keeps_key
from annotator.gui.plain import plain_label
from annotator.gui.style import QUOTE_COLOURS, label_colour
from annotator.gui.workers import start
from annotator.overview.figures import project_overview
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
        self.back = QPushButton("Back to the article")
        self.back.clicked.connect(self.closed.emit)
        top.addWidget(self.counts, 1)
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

    def show_overview(self, overview: Overview, label_colours: dict[str, QColor] | None = None) -> None:
        """Show ``overview``'s counts and charts (its heatmap, if it has one; else it waits for one)."""
        self.overview = overview
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
    """Keeps the window's overview page up to date: figures now, agreement in a worker, again on changes."""

    def __init__(self, window: MainWindow, page: OverviewPage) -> None:
        self.window, self.page = window, page
        self.generation = 0  # an agreement result from before the latest change is dropped
        self.stale = True
        self.shown_path: Path | None = None
        self.timer = QTimer(page)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def project_changed(self) -> None:
        """The project changed: read the figures again soon if the overview is shown, else when it is."""
        self.stale = True
        if self.page.isVisible():
            self.timer.start()

    def refresh(self) -> None:
        """Read the figures (on this thread) and start computing agreement (in a worker)."""
        project = self.window.project
        if project is None:
            return
        self.stale = False
        self.generation += 1
        if project.path != self.shown_path:  # another project: its heatmap is not this one's
            self.shown_path = project.path
            self.page.show_agreement(None, "Computing agreement…")
        self.page.show_overview(project_overview(project, agreement=False), self._label_colours(project))
        self.page.heatmap.setVisible(self.window.review.has_annotators)
        if not self.window.review.has_annotators:  # one annotator: nothing to compare
            return
        if self.page.heatmap.matrix is None:
            self.page.show_agreement(None, "Computing agreement…")
        generation, path, annotator = self.generation, project.path, self.window.settings.annotator

        def work(_progress: ProgressCallback, _should_stop: StopCheck) -> Matrix | None:
            with Project.open(path, annotator=annotator, read_only=True) as own:
                return project_overview(own, agreement=True).agreement

        def arrived(matrix: Matrix | None) -> None:
            if isValid(self.page) and generation == self.generation:
                self.page.show_agreement(matrix, "No two annotators marked the same document done yet.")

        def failed(message: str) -> None:
            if isValid(self.page) and generation == self.generation:
                self.page.show_agreement(None, f"Agreement could not be computed: {message.splitlines()[0]}")

        start(self.window, work, arrived, failed)

    def shown(self) -> None:
        """The page was shown: bring it up to date if anything changed meanwhile."""
        if self.stale:
            self.refresh()

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
