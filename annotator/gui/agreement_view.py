"""Review ▸ Agreement: a heatmap of one measure for every pair of annotators, and the documents behind a cell.

The numbers are ``agreement_report``'s, computed in a worker on its own connection; the
table model only reads them. Double-clicking a cell (or Enter) lists the documents that
pair disagrees on most; choosing one opens it in review mode comparing the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from annotator.agreement.marks import Layers
from annotator.agreement.report import agreement_report, pair_documents
from annotator.gui.plain import plain_label, plain_tooltip
from annotator.gui.workers import start
from annotator.overview import palette
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project
from annotator.team.marks import layer_marks

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

Index = QModelIndex | QPersistentModelIndex
CELL_WIDTH, CELL_HEIGHT = 96, 44
Pair = dict[str, Any]


@dataclass(frozen=True)
class Measure:
    """One number of a pair's report: its title, where it is, and what it counts (for the tooltip)."""

    title: str
    value: Callable[[Pair], float | None]
    counted: Callable[[Pair], str]


def _f1(part: str, how: str) -> Measure:
    def counted(pair: Pair) -> str:
        scores = pair[part][how]
        return f"{scores['matched']} matched of {scores['n_a']} and {scores['n_b']} {part}"

    return Measure(f"{part.capitalize()} F1, {how}", lambda pair: pair[part][how]["f1"], counted)


def _share(part: str, title: str, value: str, unit: str) -> Measure:
    return Measure(title, lambda pair: pair[part][value], lambda pair: f"n = {pair[part]['n']} {unit}")


MEASURES = (
    _f1("entities", "exact"),
    _f1("entities", "overlap"),
    _f1("quotes", "exact"),
    _f1("quotes", "overlap"),
    _share("speaker", "Speaker agreement", "agreement", "matched quotes with a speaker"),
    _share("cue", "Cue agreement", "agreement", "matched quotes with a cue"),
    _share("stance", "Stance kappa", "kappa", "matched spans with a stance on both sides"),
    _share("quote_type", "Quote type kappa", "kappa", "matched quotes with a type on both sides"),
)


def heat(value: float) -> QColor:
    """The cell colour of ``value``, as the HTML report colours it."""
    return QColor(palette.heat(value))


def readable_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    return QColor(palette.ink(colour.name()))


class AgreementMatrix(QAbstractTableModel):
    """Annotators x annotators, each cell a pair's value of the chosen measure (the diagonal empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.pairs: dict[tuple[str, str], Pair] = {}
        self.measure = MEASURES[0]

    def set_report(self, report: dict[str, Any]) -> None:
        """Show ``report`` (``agreement_report``'s output)."""
        self.beginResetModel()
        self.names = list(report["annotators"])
        self.pairs = {}
        for pair in report["pairs"]:
            self.pairs[pair["a"], pair["b"]] = self.pairs[pair["b"], pair["a"]] = pair
        self.endResetModel()

    def set_measure(self, measure: Measure) -> None:
        """Colour and number the cells by ``measure``."""
        self.measure = measure
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.names) - 1, len(self.names) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.names)

    def pair_at(self, index: Index) -> tuple[str, str] | None:
        """The pair of annotators of a cell off the diagonal."""
        if not index.isValid() or index.row() == index.column():
            return None
        return self.names[index.row()], self.names[index.column()]

    def value(self, index: Index) -> float | None:
        """The measure's value in a cell (None: undefined, or the diagonal)."""
        pair = self.pair_at(index)
        return None if pair is None else self.measure.value(self.pairs[pair])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.pair_at(index)
        if pair is None:
            if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
                return QApplication.palette().color(QPalette.ColorRole.Window)  # the diagonal
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        value = self.value(index)
        report = self.pairs[pair]
        if role == Qt.ItemDataRole.DisplayRole:
            return "–" if value is None else f"{value:.2f}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole and value is not None:
            return heat(value)
        if role == Qt.ItemDataRole.ForegroundRole and value is not None:
            return readable_on(heat(value))
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = "undefined" if value is None else f"{value:.3f}"
            return plain_tooltip(
                f"{pair[0]} and {pair[1]}: {self.measure.title} {shown}\n"
                f"{self.measure.counted(report)}, in {report['documents']} documents both marked done\n"
                "Double-click: the documents they disagree on most"
            )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.names):
            return self.names[section]
        return None


class HeatDelegate(QStyledItemDelegate):
    """Cells keep their heat colour when chosen; the chosen one gets a frame in its text's colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chosen = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        plain.state &= ~QStyle.StateFlag.State_HasFocus  # type: ignore[attr-defined]
        super().paint(painter, plain, index)
        if chosen:
            colour = index.data(Qt.ItemDataRole.ForegroundRole)
            if not isinstance(colour, QColor):
                colour = option.palette.text().color()  # type: ignore[attr-defined]
            painter.save()
            painter.setPen(QPen(colour, 3))
            painter.drawRect(option.rect.adjusted(2, 2, -3, -3))  # type: ignore[attr-defined]
            painter.restore()


class MatrixView(QTableView):
    """The matrix; Enter on a cell does what a double-click does."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.doubleClicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class AgreementDialog(QDialog):
    """The measure chooser, the matrix, alpha of stance, and the documents of the chosen pair."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Agreement")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.layers: Layers = {}
        self.titles: dict[int, str] = {}
        self.pair: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(plain_label("Measure:"))
        self.measures = QComboBox()
        for measure in MEASURES:
            self.measures.addItem(measure.title)
        self.measures.currentIndexChanged.connect(lambda n: self.matrix.set_measure(MEASURES[n]))
        top.addWidget(self.measures)
        top.addStretch()
        layout.addLayout(top)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFormat("")
        self.status = plain_label("Computing agreement…")
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        self.matrix = AgreementMatrix()
        self.table = MatrixView()
        self.table.setModel(self.matrix)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(HeatDelegate(self.table))
        self.table.horizontalHeader().setMinimumSectionSize(CELL_WIDTH)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(CELL_HEIGHT)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.table.doubleClicked.connect(self._cell_chosen)
        self.alpha = plain_label()
        self.alpha.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.alpha)
        hint = plain_label(
            "Red is low agreement, pale yellow middling, blue high; – is undefined (the tooltip says why). "
            "Double-click a cell (or press Enter) for the documents that pair disagrees on most."
        )
        hint.setWordWrap(True)
        left_layout.addWidget(hint)
        left_layout.addStretch()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.documents_title = plain_label("No pair chosen yet.")
        self.documents_title.setWordWrap(True)
        self.documents = QListWidget()
        self.documents.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.documents.itemActivated.connect(self._document_chosen)
        self.open_button = QPushButton("Review this document")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._document_chosen(self.documents.currentItem()))
        self.documents.currentItemChanged.connect(
            lambda item, _old: self.open_button.setEnabled(item is not None)
        )
        right_layout.addWidget(self.documents_title)
        right_layout.addWidget(self.documents, 1)
        right_layout.addWidget(self.open_button)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout.addWidget(close)
        self.resize(min(900, window.width() - 40), min(560, window.height() - 40))

    def compute(self) -> None:
        """Read every annotator's layer and compute the report in a worker; show it when it comes."""
        project = self.window_.project
        if project is None:
            return
        path, annotator = project.path, self.window_.settings.annotator

        def work(_progress: ProgressCallback, _should_stop: StopCheck) -> tuple[Layers, dict[str, Any]]:
            with Project.open(path, annotator=annotator, read_only=True) as own:
                layers = layer_marks(own)
                ids = {document for marks in layers.values() for document in marks}
                return layers, agreement_report(layers, own.titles(ids))

        start(self.window_, work, self._alive(self._computed), self._alive(self._failed))

    def _alive(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback``, unless the dialog was closed (and deleted) before the worker finished."""
        return lambda result: callback(result) if isValid(self) else None

    def _computed(self, result: tuple[Layers, dict[str, Any]]) -> None:
        self.layers, report = result
        self.titles = {document["id"]: document["title"] for document in report["documents"]}
        self.matrix.set_report(report)
        self.matrix.set_measure(MEASURES[self.measures.currentIndex()])
        self.busy.hide()
        alpha = report["stance_alpha"]
        shown = "undefined" if alpha["alpha"] is None else f"{alpha['alpha']:.2f}"
        self.alpha.setText(
            f"Krippendorff's alpha of stance, all annotators: {shown} (n = {alpha['n']} units)"
        )
        done = len({document["id"] for document in report["documents"]})
        self.status.setText(
            f"{len(report['annotators'])} annotators; {done} documents marked done by at least two of them."
        )
        if len(report["annotators"]) > 1:
            self.table.setCurrentIndex(self.matrix.index(1, 0))
            self.table.setFocus()

    def _failed(self, message: str) -> None:
        self.busy.hide()
        self.status.setText(f"Agreement could not be computed: {message.splitlines()[0]}")

    def _cell_chosen(self, index: QModelIndex) -> None:
        pair = self.matrix.pair_at(index)
        if pair is None:
            return
        a, b = sorted(pair)
        self.pair = (a, b)
        self.documents.clear()
        self.documents_title.setText(f"Documents {a} and {b} disagree on most (computing…)")
        layers = self.layers
        start(self.window_, lambda _p, _s: pair_documents(layers, a, b),
              self._alive(lambda found: self._listed((a, b), found)), self._alive(self._failed))  # fmt: skip

    def _listed(self, pair: tuple[str, str], found: list[tuple[int, int]]) -> None:
        if pair != self.pair:
            return
        a, b = pair
        self.documents_title.setText(
            f"Documents {a} and {b} disagree on most ({len(found)} both marked done). "
            "Double-click or Enter opens one in review."
        )
        for document_id, count in found:
            title = " ".join(self.titles.get(document_id, "").split()) or f"document {document_id}"
            item = QListWidgetItem(f"{count:>3}  {title}")  # list items are plain text
            item.setData(Qt.ItemDataRole.UserRole, document_id)
            item.setToolTip(plain_tooltip(f"{title}\n{count} disagreements between {a} and {b}"))
            self.documents.addItem(item)
        if found:
            self.documents.setCurrentRow(0)
            self.documents.setFocus()

    def _document_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None or self.pair is None:
            return
        document_id = int(item.data(Qt.ItemDataRole.UserRole))
        window = self.window_
        self.close()
        window.review.start(list(self.pair), document_id)
        window.activateWindow()


def show_agreement(window: MainWindow) -> AgreementDialog | None:
    """Review ▸ Agreement: open the view (not modal) and start computing."""
    if window.project is None:
        return None
    dialog = AgreementDialog(window)
    dialog.show()
    dialog.compute()
    return dialog
