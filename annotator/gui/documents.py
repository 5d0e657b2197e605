"""The document list: a table model that reads only the rows on screen.

Filtering keeps just the matching ids in memory; titles, statuses and pending counts
are read a page at a time when the view asks for them, so 100,000 documents cost
one id query and a few small page queries. In the order "least certain first" the
documents' certainties are read in the background (:mod:`annotator.gui.certainties`) and kept;
the list keeps its order until they come.
A click in the overview narrows the list to an explicit set of ids, on top of the status
filter, the search and the order.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.certainties import Certainties
from annotator.gui.plain import plain_label, plain_tooltip
from annotator.gui.usersettings import IN_ORDER, LEAST_CERTAIN
from annotator.store import Project
from annotator.store.window_reads import least_certain_first

PAGE = 200
COLUMNS = ("", "Title", "To do")
STATUS_NAMES = {"new": "new", "in_progress": "in progress", "done": "done", "skipped": "skipped"}
# A narrow column of marks leaves the width to titles; the tooltip says the status in words.
STATUS_MARKS = {"new": "○", "in_progress": "◐", "done": "✓", "skipped": "–"}

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """Documents of a project, filtered by status, by words in their text and by the overview's choice.

    ``owner`` reads the certainties in the background (the window, whose closing stops the read).
    """

    ordered = Signal()  # the list was put in order by certainties just read

    def __init__(self, project: Project, order: str = IN_ORDER, owner: QObject | None = None) -> None:
        super().__init__()
        self.project = project
        self.status: str | None = None
        self.search = ""
        self.order = order
        # The overview's choice: only these documents (None: no such filter), and what it stands for.
        self.only: frozenset[int] | None = None
        self.only_description = ""
        self.ids: list[int] = []
        self._rows_of: dict[int, int] | None = None  # id -> row, when ids are not ascending
        # Each document's least certainty, read in the background when first needed.
        self.certainties = Certainties(project, owner)
        self.certainties.read.connect(self._certainties_read)
        self._pages: dict[int, list[tuple[str, str, int]]] = {}
        self.refresh()

    def set_filter(self, status: str | None, search: str) -> None:
        """Show documents with ``status`` (None: all) whose title or text has every word of ``search``."""
        self.status, self.search = status, search.strip()
        self._read_ids()

    def set_only(self, ids: list[int] | None, description: str = "") -> None:
        """Show only the documents in ``ids`` (None: no such filter); ``description`` says which they are."""
        self.only = None if ids is None else frozenset(ids)
        self.only_description = description if ids is not None else ""
        self._read_ids()

    def set_order(self, order: str) -> None:
        """List the documents in import order (``IN_ORDER``) or least certain first (``LEAST_CERTAIN``).

        Least certain first, the list is in the order of the certainties known (none: import order)
        until those read in the background come.
        """
        self.order = order
        if order != LEAST_CERTAIN:
            self.certainties.stop()
        self._read_ids()

    def refresh(self) -> None:
        """Read the list again after the project changed (imports, suggestions, another program)."""
        self.certainties.outdate()
        self._read_ids()

    def _certainties_read(self) -> None:
        if self.order == LEAST_CERTAIN:
            self._read_ids()
            self.ordered.emit()

    def _read_ids(self) -> None:
        """Read the ids that pass the filter, in the chosen order.

        Words are looked up in the full-text index (each as a word prefix), which
        stays fast at 100,000 documents where scanning every text does not. Documents
        without a pending stance guess follow the others in import order.
        """
        self.beginResetModel()
        if self.search:
            self.ids = self.project.search_document_ids(self.search, self.status)
        else:
            self.ids = self.project.document_ids(self.status)
        if self.only is not None:
            self.ids = [doc_id for doc_id in self.ids if doc_id in self.only]
        self._rows_of = None
        known = self.certainties.known
        if self.order == LEAST_CERTAIN and known is not None:
            self.ids = least_certain_first(self.ids, known)
            self._rows_of = {doc_id: row for row, doc_id in enumerate(self.ids)}
        self._pages.clear()
        self.endResetModel()
        if self.order == LEAST_CERTAIN:
            self.certainties.want()

    def certainty(self, document_id: int) -> float | None:
        """The document's least certainty (lowest p of its pending stance guesses), if known and any."""
        return self.certainties.get(document_id)

    def document_changed(self, document_id: int, status: str, pending: int) -> None:
        """Show a document's new status and pending count (known to the caller, so not re-read).

        Its certainty is read again (one small query) for the next time the list is ordered, but its
        row stays where it is: rows moving under the annotator while they work would lose their place.
        """
        self.certainties.document_changed(document_id)
        row = self.row_of(document_id)
        if row is None:
            return
        page = self._pages.get(row // PAGE)
        if page is not None:
            title = page[row % PAGE][0]
            page[row % PAGE] = (title, status, pending)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, document_id: int) -> int | None:
        """The row showing ``document_id``, if it passes the filter."""
        if self._rows_of is not None:
            return self._rows_of.get(document_id)
        row = bisect_left(self.ids, document_id)  # in import order the ids ascend
        return row if row < len(self.ids) and self.ids[row] == document_id else None

    def _page(self, number: int) -> list[tuple[str, str, int]]:
        if number not in self._pages:
            ids = self.ids[number * PAGE : (number + 1) * PAGE]
            found = self._rows(ids)
            self._pages[number] = [found[doc_id] for doc_id in ids]
        return self._pages[number]

    def _rows(self, ids: list[int]) -> dict[int, tuple[str, str, int]]:
        """Title (or the text's start), status and pending count of each document in ``ids``."""
        found = {
            doc_id: (" ".join(row.title.split()), row.status, row.pending)
            for doc_id, row in self.project.document_rows(ids).items()
        }
        return {doc_id: found.get(doc_id, ("(deleted)", "", 0)) for doc_id in ids}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[row]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.TextAlignmentRole and column != 1:
                align = Qt.AlignmentFlag.AlignRight if column == 2 else Qt.AlignmentFlag.AlignHCenter
                return int(align | Qt.AlignmentFlag.AlignVCenter)
            return None
        title, status, pending = self._page(row // PAGE)[row % PAGE]
        if role == Qt.ItemDataRole.ToolTipRole:
            waiting = f", {pending} suggestions to review" if pending else ""
            certainty = self.certainty(self.ids[row]) if self.order == LEAST_CERTAIN else None
            if certainty is not None:
                waiting += f", least sure stance guess {round(certainty * 100)} %"
            state = STATUS_NAMES.get(status, status)
            return plain_tooltip(f"Document {self.ids[row]} ({state}{waiting}): {title}")
        return (STATUS_MARKS.get(status, status), title, pending or "")[column]

    def empty_message(self) -> str:
        """What an empty list says: why nothing is listed (the filter, the search, or no documents)."""
        name = STATUS_NAMES.get(self.status or "", self.status or "")
        if self.only is not None:
            which = f" {name}" if name else ""
            matching = f" matching “{self.search}”" if self.search else ""
            return f"No{which} documents{matching} among {self.only_description}."
        if self.search:
            which = f"{name} documents" if name else "documents"
            return f"No {which} match “{self.search}”."
        if name:
            return f"No documents are {name}."
        return "No documents yet: File ▸ Import, or drop files here."

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


FILTERS = (("All documents", None), *((f"Only {name}", status) for status, name in STATUS_NAMES.items()))
ORDERS = (("In order", IN_ORDER), ("Least certain first", LEAST_CERTAIN))
ORDER_TIP = (
    "In order: as imported. Least certain first: documents whose stance guesses the project's model is\n"
    "least sure of come first (those without a guess follow), and Tab visits those guesses first."
)


class DocumentTable(QTableView):
    """The list's table; when nothing is listed it says why instead of staying blank."""

    def placeholder(self) -> str:
        """The message shown now ("" while documents are listed)."""
        model = self.model()
        if not isinstance(model, DocumentListModel) or model.rowCount():
            return ""
        return model.empty_message()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        message = self.placeholder()
        if not message:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(10, 12, -10, -10)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), message)
        painter.end()


class DocumentPanel(QWidget):
    """The list with its status filter, its order and text search above it."""

    filter_changed = Signal()
    order_changed = Signal()
    only_cleared = Signal()  # the overview's choice cleared (its button, or Esc in the list)
    done_searching = Signal()  # Esc in the search box: back to the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        self.filter = QComboBox()
        for text, status in FILTERS:
            self.filter.addItem(text, status)
        self.order = QComboBox()
        for text, order in ORDERS:
            self.order.addItem(text, order)
        self.order.setToolTip(plain_tooltip(ORDER_TIP))
        self.order.currentIndexChanged.connect(lambda _index: self.order_changed.emit())
        # Side by side where both show their longest choice whole, else one above the other (resizeEvent).
        self.choices = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.choices.setSpacing(4)
        for combo in (self.filter, self.order):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            self.choices.addWidget(combo, 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search in text…")
        self.search.setClearButtonEnabled(True)
        self.filter.currentIndexChanged.connect(lambda _index: self.filter_changed.emit())
        self.search.returnPressed.connect(self.filter_changed.emit)
        self.search.textChanged.connect(lambda text: text or self.filter_changed.emit())
        self.search.installEventFilter(self)
        # While the certainties are read in the background: the list keeps its order meanwhile.
        self.ordering = plain_label("Putting the least certain first…")
        self.ordering.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.ordering.setWordWrap(True)
        self.ordering.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.ordering.setAccessibleName("Ordering the list")
        self.ordering.hide()
        self.table = DocumentTable()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Two lines per title: a narrow list (1024 px screens) still shows most of each.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 8)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.installEventFilter(self)
        # The overview's choice, when there is one: what it is, and a button to show every document again.
        self.only_bar = QWidget()
        bar = QHBoxLayout(self.only_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.only_label = plain_label()
        self.only_label.setWordWrap(True)
        self.only_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clear_only = QToolButton()
        self.clear_only.setText("✕ Clear")
        self.clear_only.setToolTip("Show every document again (Esc in the list)")
        self.clear_only.clicked.connect(self.only_cleared.emit)
        bar.addWidget(self.only_label, 1)
        bar.addWidget(self.clear_only)
        self.only_bar.hide()
        layout.addLayout(self.choices)
        for widget in (self.search, self.ordering, self.only_bar, self.table):
            layout.addWidget(widget)

    def show_ordering(self, reading: bool) -> None:
        """Say (or stop saying) that the list is being put least certain first."""
        self.ordering.setVisible(reading)

    def show_only(self, description: str | None, count: int = 0) -> None:
        """Say which documents the overview's choice lists (None: hide the bar)."""
        self.only_bar.setVisible(description is not None)
        if description is not None:
            shown = f"{count} document{'s' * (count != 1)}: {description}"
            self.only_label.setText(shown)
            self.only_label.setToolTip(plain_tooltip(shown))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self.layout().contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        needed = sum(natural_width(combo) for combo in (self.filter, self.order)) + self.choices.spacing()
        direction = QBoxLayout.Direction.LeftToRight if needed <= room else QBoxLayout.Direction.TopToBottom
        if self.choices.direction() != direction:
            self.choices.setDirection(direction)

    def choose_order(self, order: str) -> None:
        """Show ``order`` as chosen (a remembered setting, or the menu's toggle)."""
        self.order.setCurrentIndex(max(0, self.order.findData(order)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys typed in the search box are text, not annotation shortcuts (Return searches).

        Tab still goes to the next suggestion; Esc returns to the article.
        """
        if watched is self.table and not self.only_bar.isHidden() and is_escape(event):
            if event.type() == QEvent.Type.KeyPress:
                self.only_cleared.emit()
            event.accept()
            return True
        if watched is not self.search or event.type() not in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            return super().eventFilter(watched, event)
        key = event.key()  # type: ignore[attr-defined]
        if key == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.KeyPress:
                self.done_searching.emit()
            event.accept()
            return True
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
        typing = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and typing
            and key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            event.accept()
            return True
        return super().eventFilter(watched, event)


def is_escape(event: QEvent) -> bool:
    """Whether ``event`` is Esc pressed (or about to be taken as a shortcut)."""
    keys = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
    return event.type() in keys and event.key() == Qt.Key.Key_Escape  # type: ignore[attr-defined]


def natural_width(combo: QComboBox) -> int:
    """The width ``combo`` needs to show its longest choice whole."""
    metrics = combo.fontMetrics()
    text = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    size = QSize(text, metrics.height())
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, size, combo).width()


def show_model(table: QTableView, model: DocumentListModel) -> None:
    """Put ``model`` in ``table``: titles stretch, the status mark and count keep a fixed width."""
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    metrics = table.fontMetrics()
    # Fixed widths: sizing to contents would read every row after each change.
    for column, sample in ((0, "◐"), (2, "To do")):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
