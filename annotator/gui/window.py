"""The main window: document list, article, inspector; menus and keys wired to the editor."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.actions.history import past_actions
from annotator.actions.state import DocumentState
from annotator.actions.tokens import TokenCache
from annotator.gui import tasks
from annotator.gui.actions import help_rows
from annotator.gui.article import ArticleView
from annotator.gui.background_training import BackgroundRetrain
from annotator.gui.chosen import ChosenDocuments
from annotator.gui.commands import StoreCommand
from annotator.gui.dialogs import ProjectDialog, SettingsDialog, ShortcutsDialog
from annotator.gui.documents import STATUS_NAMES, DocumentListModel, DocumentPanel, show_model
from annotator.gui.editor import Editor
from annotator.gui.heading import Heading
from annotator.gui.inspector import Inspector, Legend
from annotator.gui.keys import WindowKeys
from annotator.gui.modal import give_back, run_modal
from annotator.gui.overview_view import OverviewController, OverviewPage
from annotator.gui.pipeline import PipelineClient
from annotator.gui.plain import ask, plain_label, plain_tooltip, warn
from annotator.gui.refresh import ArticleRefresh
from annotator.gui.review_mode import ReviewMode
from annotator.gui.style import apply_theme
from annotator.gui.usersettings import IN_ORDER, LEAST_CERTAIN, UserSettings, save_settings
from annotator.gui.watch import OutsideChanges
from annotator.gui.welcome import Welcome
from annotator.gui.workers import stop_all
from annotator.overview.model import DocumentFilter
from annotator.paths import PROJECT_SUFFIX
from annotator.pipeline_service import Ready
from annotator.store import DamagedRow, FileError, Project, SchemaError, StoreError, explain


class MainWindow(QMainWindow):
    """One window, one open project at a time."""

    def __init__(self, settings: UserSettings) -> None:
        super().__init__()
        self.settings = settings
        self.project: Project | None = None
        self.model: DocumentListModel | None = None
        self.editor: Editor | None = None
        self.tokens = TokenCache()
        # The pipeline service (tasks.pipeline_service starts it) and, once loaded, its name and warning.
        self.service: PipelineClient | None = None
        self.retrain = BackgroundRetrain(self)
        self.pipeline: Ready | None = None
        self.stack = QUndoStack(self)
        self._sized = False
        # Least certain first, opening the first document and a word about the order wait for the order.
        self._first_pending = False
        self._tell_order = False
        self.setWindowTitle("annotator")
        self.setAcceptDrops(True)
        self._fit_to_screen()
        self._build_widgets(tasks.available("annotator.demo") and tasks.available("annotator.suggest"))
        self.keys = WindowKeys(self)
        self.actions_, self.label_actions = self.keys.actions, self.keys.label_actions
        self.view.owns_key = self.keys.owns_key
        confirm = self.actions_["confirm_stance"].shortcut()  # the settings file may have changed it
        self.inspector.confirm_key = confirm.toString(QKeySequence.SequenceFormat.NativeText)
        self.actions_["restart_pipeline"].setVisible(tasks.available("annotator.suggest"))
        self.review = ReviewMode(self)
        self.review.project_opened()
        # Connected through the window's own methods, so Qt drops them when the window goes.
        self.view.selectionChanged.connect(self._sync_actions)
        self.view.cursorPositionChanged.connect(self._sync_actions)  # Split follows the cursor
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.stack.canUndoChanged.connect(self._sync_actions)
        self.stack.canRedoChanged.connect(self._sync_actions)
        self._build_status_bar()
        self.article_refresh = ArticleRefresh(self)
        self.outside = OutsideChanges(self)
        self.show_welcome()

    # ------------------------------------------------------------------ build

    def _fit_to_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            self.resize(1280, 800)
        elif screen.width() < 1500:
            self.setGeometry(screen)
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(min(1600, screen.width() * 4 // 5), min(1000, screen.height() * 4 // 5))

    def _build_widgets(self, demo_available: bool) -> None:
        self.pages = QStackedWidget()
        self.welcome = Welcome(demo_available)
        self.welcome.new_requested.connect(self.new_project)
        self.welcome.open_requested.connect(self.choose_project)
        self.welcome.demo_requested.connect(lambda: tasks.open_demo(self))
        self.welcome.recent_chosen.connect(lambda path: self.open_project(Path(path)))
        self.pages.addWidget(self.welcome)

        left = DocumentPanel()
        left.choose_order(self.settings.document_order)
        left.filter_changed.connect(self._apply_filter)
        left.order_changed.connect(self._apply_order)
        left.done_searching.connect(lambda: self.view.setFocus())
        self.documents = left
        self.filter, self.order, self.search, self.table = left.filter, left.order, left.search, left.table

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 6, 0, 6)
        self.heading = Heading()
        self.view = ArticleView()
        self.view.set_font_size(self.settings.font_size)
        self.view.span_clicked.connect(self._span_clicked)
        self.view.span_selected.connect(self._selection_changed)
        self.view.zoom_requested.connect(self.zoom)
        centre_layout.addWidget(self.heading)
        centre_layout.addWidget(self.view)
        # View ▸ Overview takes the article's place (the list stays, to show what a bar stands for).
        self.article_page = centre
        self.overview = OverviewPage()
        self.overview.closed.connect(self.show_article)
        self.overview.filter_chosen.connect(self.show_chosen)
        self.chosen = ChosenDocuments(self)  # which documents a bar stands for, read in the background
        self.chosen.listed.connect(self._list_chosen)
        self.chosen.failed.connect(lambda why: self.tell(f"The documents could not be listed: {why}"))
        self.overview_figures = OverviewController(self, self.overview)
        self.centre = QStackedWidget()
        self.centre.addWidget(centre)
        self.centre.addWidget(self.overview)
        left.only_cleared.connect(self.clear_chosen)
        left.table.clicked.connect(lambda _index: self.show_article())

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        self.inspector = Inspector()
        self.legend = Legend()
        right_layout.addWidget(self.inspector)
        right_layout.addWidget(self.legend)
        right_layout.addStretch()

        self.splitter = QSplitter()
        self.inspector_panel = right
        for widget, stretch in ((left, 0), (self.centre, 1), (right, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setCollapsible(1, False)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.messageChanged.connect(self._message_gone)
        # The annotator's and the pipeline's names come from settings files: shown as plain text.
        self.progress_label = plain_label()
        self.annotator_label = plain_label()
        self.pipeline_label = plain_label()
        for label in (self.progress_label, self.annotator_label, self.pipeline_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = self.width()
            # The list needs room for two-line titles even on a 1024 px screen; the article keeps
            # about 55 characters a line there, and is capped near 90 on wide screens anyway.
            left, right = max(210, min(300, width // 4)), max(220, min(310, width // 5 + 10))
            self.splitter.setSizes([left, width - left - right, right])
            self.view.setFocus()

    # --------------------------------------------------------------- projects

    def show_welcome(self) -> None:
        """The welcome page (no project open)."""
        self.welcome.set_recent(self.settings.recent_projects)
        self.pages.setCurrentWidget(self.welcome)
        self._sync_actions()
        self.update_status()

    def new_project(self) -> None:
        """Ask where to create a project file and open it."""
        path, _ = QFileDialog.getSaveFileName(self, "New project", "", f"Projects (*{PROJECT_SUFFIX})")
        give_back(self)
        if path:
            target = Path(path)
            self.open_project(target if target.suffix else target.with_suffix(PROJECT_SUFFIX))

    def choose_project(self) -> None:
        """Ask for a project file and open it."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", f"Projects (*{PROJECT_SUFFIX});;All files (*)"
        )
        give_back(self)
        if path:
            self.open_project(Path(path))

    def open_project(self, path: Path) -> bool:
        """Open (or create) the project at ``path``; False with a message if it cannot be opened."""
        try:
            project = Project.open(path, annotator=self.settings.annotator, session=self.outside.session)
        except (SchemaError, StoreError, ValueError) as error:
            warn(self, "Cannot open the project", f"{path}\n\n{error}")
            return False
        except (FileError, OSError) as error:  # not a project file, read-only, unreachable
            warn(self, "Cannot open the project", explain(error, path) or str(error))
            return False
        if self.model is not None:
            self.model.certainties.stop()
        if self.project is not None:
            self.project.close()
        self.project = project
        self.outside.watch(project)
        self.stack.clear()
        self.model = DocumentListModel(project, self.order.currentData(), owner=self)
        self.model.ordered.connect(self._list_ordered)
        self.model.certainties.reading.connect(self.documents.show_ordering)
        self.model.certainties.failed.connect(self._ordering_failed)
        self.documents.show_ordering(self.model.certainties.busy)
        self.documents.show_only(None)
        show_model(self.table, self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.editor = Editor(
            project, self.stack, self.view, self._changed, self.tell, self.ask, catch_up=self.catch_up
        )
        self.editor.least_certain_first = self.order.currentData() == LEAST_CERTAIN
        # What is damaged in the file (rows changed outside annotator): said once it is open, never fatal.
        damaged = [f"{problem}." for problem in project.settings_problems()]
        try:
            history = past_actions(project, self.settings.annotator)
        except DamagedRow as error:
            history = []
            damaged.append(f"{error}: your earlier actions cannot be undone.")
        for action in history:
            self.stack.push(
                StoreCommand(
                    project,
                    action.document_id,
                    action.text,
                    action.undo,
                    self._changed,
                    done=True,
                    refused=self.tell,
                )
            )
        self.project_settings_changed()
        self.review.project_opened()
        self.settings.remember(path)
        save_settings(self.settings)
        self.setWindowTitle(f"{path.stem} — annotator")
        self.pages.setCurrentWidget(self.splitter)
        self.view.show_document(None)
        # Least certain first, which document comes first is known once the list is in that order.
        self._first_pending = self.model.certainties.busy
        if self._first_pending:
            self.heading.setText("<b>Putting the least certain documents first…</b>")
        else:
            self._open_first()
        self.update_status()
        if damaged:
            warn(
                self,
                "Parts of the project are damaged",
                f"{path}\n\n" + "\n".join(damaged) + "\n\nEverything else can be used as usual.",
            )
        return True

    def _open_first(self) -> None:
        """Open the first unfinished document in the list's order (every one done: the last worked on)."""
        assert self.project is not None and self.model is not None
        self._first_pending = False
        first = self._next_unfinished(after=None)
        if first is None and self.model.ids:
            first = self.project.last_worked_document() or self.model.ids[0]
            self.tell("Every document is done or skipped.")
        if first is not None:
            self.open_document(first)
        else:
            self.heading.setText(
                "<b>This project has no documents yet.</b> Use File ▸ Import or drop files here."
            )

    def project_settings_changed(self) -> None:
        """Show the project's labels and colours (after opening or editing them)."""
        assert self.project is not None
        labels = self.project.setting("entity_labels")
        self.view.set_colours(labels)
        self.legend.set_labels(labels)
        self.keys.show_labels(labels, self.project.setting("stance_labels"))
        if self.view.state is not None and self.view.state.project is self.project:
            self._show_heading()  # the topic may have changed

    # -------------------------------------------------------------- documents

    def open_document(self, document_id: int, focus: int | None = None) -> None:
        """Show a document (and select its row in the list)."""
        assert self.project is not None and self.model is not None
        self.editor.cancel_picking() if self.editor else None
        try:
            state: DocumentState | None = DocumentState(self.project, document_id, self.tokens.tokenize)
        except DamagedRow as error:  # a row changed outside annotator: say which, keep the list usable
            state = None
            self.view.show_document(None)
            self.heading.setText(f"<b>Document {document_id} cannot be shown.</b> {html.escape(str(error))}.")
            self.tell(f"Document {document_id} cannot be shown: the project file is damaged")
        if state is not None:
            self.view.show_document(state)
            self._ask_for_tokens(state.text)
            self._show_heading()
        if self.select_in_list(document_id):
            self.table.scrollTo(self.table.currentIndex())
        self.view.setFocus()
        if state is not None:
            self.view.select_span(focus)
        self.review.document_shown()

    def select_in_list(self, document_id: int) -> bool:
        """Make ``document_id``'s row the list's current one, if listed; whether it was not already."""
        row = self.model.row_of(document_id) if self.model is not None else None
        if self.model is None or row is None or self.table.currentIndex().row() == row:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def reread_document(self) -> None:
        """Show what the file holds now for the open document (other connections wrote to it).

        Only its spans are replaced, so the scroll position, the caret and selected text, the selected
        span (if it is still there), the focus and the undo history stay; a document whose text
        changed is opened again.
        """
        shown = self.view.state
        if shown is None or self.project is None or self.model is None:
            return
        try:
            state: DocumentState | None = DocumentState(self.project, shown.id, self.tokens.tokenize)
        except DamagedRow:  # opening it says what is damaged
            state = None
        if state is None or state.text != shown.text:
            self.open_document(shown.id)
            return
        self.view.show_spans(state)
        self._show_heading()
        self.model.document_changed(state.id, state.document.status, state.pending_count())
        self.review.reread()
        self.update_status()

    def catch_up(self) -> None:
        """Before an action: show what other connections committed since the last poll, even mid-action."""
        self.outside.check()
        self.article_refresh.apply_now()

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.model is None:
            return
        document_id = self.model.ids[current.row()]
        if self.view.state is None or self.view.state.id != document_id:
            self.show_article()
            self.open_document(document_id)

    def _apply_filter(self) -> None:
        if self.model is None:
            return
        self.model.set_filter(self.filter.currentData(), self.search.text())
        self._select_shown()
        self.update_status()

    def toggle_overview(self) -> None:
        """View ▸ Overview: show the project's figures in the article's place, or the article again."""
        if self.centre.currentWidget() is self.overview:
            self.show_article()
            return
        if self.project is None:
            return
        self.centre.setCurrentWidget(self.overview)
        self.inspector_panel.hide()  # the overview needs the room more than the (idle) inspector
        self.overview_figures.shown()
        self.overview.setFocus()

    def show_article(self) -> None:
        """Back from the overview to the article (nothing happens if it is already shown)."""
        if self.centre.currentWidget() is self.article_page:
            return
        self.overview_figures.stop()
        self.centre.setCurrentWidget(self.article_page)
        self.inspector_panel.show()
        self.view.setFocus()

    def show_chosen(self, chosen: DocumentFilter) -> None:
        """List only the documents a bar, segment or cell of the overview stands for, read in a worker."""
        if self.project is None or self.model is None:
            return
        self.tell(f"Finding the documents: {chosen.describe()}…")
        self.chosen.choose(self.project, chosen)

    def _list_chosen(self, chosen: DocumentFilter, ids: list[int]) -> None:
        if self.model is None:
            return
        self.model.set_only(ids, chosen.describe())
        self.documents.show_only(chosen.describe(), len(ids))
        self._select_shown()
        self.tell(f"Listing {len(ids)} document{'s' * (len(ids) != 1)}: {chosen.describe()}")

    def clear_chosen(self) -> None:
        """List every document again (the overview's choice cleared, and one still being read)."""
        self.chosen.drop()
        if self.model is not None:
            self.model.set_only(None)
        self.documents.show_only(None)
        self._select_shown()

    def _apply_order(self) -> None:
        """The order chosen beside the filter: list, Tab and "next unfinished" follow it; remembered."""
        order = self.order.currentData()
        self.settings.document_order = order
        save_settings(self.settings)
        if self.editor is not None:
            self.editor.least_certain_first = order == LEAST_CERTAIN
        if self.model is None:
            return
        self.model.set_order(order)
        self._select_shown()
        self._tell_order = order == LEAST_CERTAIN
        if not self.model.certainties.busy:
            self._list_ordered()

    def _list_ordered(self) -> None:
        """The list is in the order chosen: the open document's row selected, or the first opened.

        Just chosen least certain first, say so if no listed document has a guess to order it by.
        """
        assert self.model is not None
        self._open_first_if_pending()
        self._select_shown()
        ids, told, self._tell_order = self.model.ids, self._tell_order, False
        if told and self.model.order == LEAST_CERTAIN and ids and self.model.certainty(ids[0]) is None:
            self.tell("No listed document has a stance guess waiting, so the list stays in import order.")

    def _ordering_failed(self, reason: str) -> None:
        self.tell(f"The list could not be put least certain first: {reason}")
        self._open_first_if_pending()

    def _open_first_if_pending(self) -> None:
        """Open the first document if opening the project left that to the list's order and none is open."""
        if self._first_pending:
            self._first_pending = False
            if self.view.state is None:
                self._open_first()

    def toggle_order(self) -> None:
        """Document ▸ Least certain first: switch the list between that order and import order."""
        self.documents.choose_order(IN_ORDER if self.order.currentData() == LEAST_CERTAIN else LEAST_CERTAIN)

    def _select_shown(self) -> None:
        """Select (and scroll to) the open document's row after the list was read again."""
        current = self.view.state.id if self.view.state else None
        row = self.model.row_of(current) if self.model is not None and current is not None else None
        if row is not None and self.model is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _next_unfinished(self, after: int | None) -> int | None:
        """The next new or in-progress document after ``after``, wrapping round.

        In import order, or, while the list is least certain first, in the list's order (then, if
        the list shows none, in import order).
        """
        assert self.project is not None
        if self.model is not None and self.model.order == LEAST_CERTAIN:
            unfinished = set(self.project.document_ids("new")) | set(self.project.document_ids("in_progress"))
            ids = self.model.ids
            row = self.model.row_of(after) if after is not None else None
            start = 0 if row is None else row + 1
            for doc_id in ids[start:] + ids[:start]:
                if doc_id in unfinished and doc_id != after:
                    return doc_id
        return self.project.next_unfinished_document(after)

    def step_document(self, step: int) -> None:
        """Open the next (+1) or previous (-1) document of the list."""
        if self.model is None or not self.model.ids or self.view.state is None:
            return
        row = self.model.row_of(self.view.state.id)
        target = (row + step) if row is not None else 0
        if 0 <= target < len(self.model.ids):
            self.open_document(self.model.ids[target])

    def open_next_unfinished(self) -> None:
        """Open the next document still new or in progress (after Done or Skip)."""
        if self.view.state is None:
            return
        following = self._next_unfinished(after=self.view.state.id)
        if following is None:
            self.tell("Every document is done.")
            return
        self.open_document(following)

    def _changed(self, document_id: int, touched: set[int], focus: int | None) -> None:
        """A command changed the store: show it (opening its document if another one is shown)."""
        state = self.view.state
        if state is None or state.id != document_id:
            self.open_document(document_id, focus)
            status_changed = True
        else:
            before = [state.spans.get(span_id) for span_id in touched] + self.view.marked()
            status_before = state.document.status
            state.reload(touched)
            status_changed = state.document.status != status_before
            self.view.update_spans(before + [state.spans.get(span_id) for span_id in touched])
            if focus is not None and focus not in state.spans:
                focus = None
            self._show_heading()
            self.view.select_span(focus)  # scrolls only if it is not in view (undo: it may be far)
        shown = self.view.state
        if self.model is not None and shown is not None:
            self.model.document_changed(document_id, shown.document.status, shown.pending_count())
        if status_changed:
            self.update_status()
        self.overview_figures.project_changed()
        if shown is not None and shown.document.status == "done":
            self.retrain.check()

    # -------------------------------------------------------------- selection

    def _sync_actions(self) -> None:
        self.keys.sync()

    def _context_menu(self, point: QPoint) -> None:
        self.keys.context_menu(point)

    def _span_clicked(self, span_id: int | None) -> None:
        state = self.view.state
        if (
            self.editor
            and state
            and span_id is not None
            and self.editor.picking
            and (self.editor.pick_span(state.spans[span_id]))
        ):
            return
        self.view.select_span(span_id, reveal=False)

    def _selection_changed(self) -> None:
        state = self.view.state
        span = state.spans.get(self.view.selected) if state and self.view.selected is not None else None
        self.inspector.show_span(state, span)
        self._sync_actions()

    # ------------------------------------------------------------------- view

    def zoom(self, step: int) -> None:
        """Make the article text bigger (+1) or smaller (-1), remembered in the settings."""
        self.settings.font_size = max(6, min(48, self.settings.font_size + step))
        self.view.set_font_size(self.settings.font_size)
        save_settings(self.settings)

    def _show_heading(self) -> None:
        state = self.view.state
        if state is None:
            self.heading.setText("")
            return
        document = state.document
        title = document.title or " ".join(state.text[:80].split())
        pending = state.pending_count()
        stances = len(state.quotes_without_stance())
        details = [f"document {document.id}", STATUS_NAMES.get(document.status, document.status)]
        waiting = [f"{pending} suggestion{'s' * (pending != 1)}"] if pending else []
        waiting += [f"{stances} stance{'s' * (stances != 1)}"] if stances else []
        details.append(" and ".join(waiting) + " to decide" if waiting else "nothing left to decide")
        topic = self.project.setting("topic") if self.project is not None else ""
        self.heading.show_document(title, " ".join((topic or "").split()), details)

    def update_status(self) -> None:
        """Refresh the status bar: how many documents are done, and who is annotating."""
        if self.project is None:
            self.progress_label.setText("")
        else:
            done, total = self.project.count_documents("done"), self.project.count_documents()
            self.progress_label.setText(f"{done} of {total} documents done")
        self.overview_figures.project_changed()
        self.annotator_label.setText(f"Annotator: {self.settings.annotator}")

    def step_history(self, back: bool) -> None:
        """Undo (``back``) or redo the last action, and say which in the status bar."""
        text = self.stack.undoText() if back else self.stack.redoText()
        if not (self.stack.canUndo() if back else self.stack.canRedo()):
            return
        count = self.stack.count()
        self.stack.undo() if back else self.stack.redo()
        if self.stack.count() == count:  # else the store refused it, and the command said why
            self.tell(f"{'Undone' if back else 'Redone'}: {text}")

    def ask(self, question: str) -> bool:
        """A yes-or-no question; No is the default, so a reflexive Enter changes nothing."""
        return ask(self, "annotator", question)

    def tell(self, message: str) -> None:
        """A short message in the status bar; one asking for a speaker or cue stays while it is asked.

        Another message meanwhile (a refused key, work that ended) goes as usual, and the question comes back.
        """
        asking = self.editor is not None and bool(message) and message == self.editor.question()
        self.statusBar().showMessage(message, 0 if asking else 8000 if message else 1)

    def _message_gone(self, message: str) -> None:
        if not message and self.editor is not None and self.editor.picking is not None:
            self.statusBar().showMessage(self.editor.question())

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard shortcuts: every action with the keys it has now."""
        keys = {
            name: [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
            for name, action in self.actions_.items()
        }
        run_modal(ShortcutsDialog(help_rows(keys), self))

    def show_about(self) -> None:
        """Help ▸ About: version, pipeline, licences."""
        from annotator.gui.about import AboutDialog

        run_modal(AboutDialog(getattr(self.pipeline, "name", None), self))

    def edit_settings(self) -> None:
        """Edit ▸ Settings: name, font size, theme."""
        dialog = SettingsDialog(self.settings, self)
        if not run_modal(dialog):
            return
        dialog.apply_to(self.settings)
        save_settings(self.settings)
        if self.project is not None:
            self.project.annotator = self.settings.annotator
        self.view.set_font_size(self.settings.font_size)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.theme)
        if self.project is not None:
            self.project_settings_changed()
        self.update_status()

    def edit_project(self) -> None:
        """Edit ▸ Project settings: labels, colours, stance labels, topic."""
        if self.project is None:
            return
        dialog = ProjectDialog(self.project.settings(), self)
        if not run_modal(dialog):
            return
        with self.project.transaction():
            for key, value in dialog.values().items():
                self.project.set_setting(key, value)
        self.project_settings_changed()

    # ------------------------------------------------------ background work

    def refresh_all(self) -> None:
        """Re-read the list and the open document after work that changed many of them.

        The open document is read again once the annotator is between actions (:mod:`annotator.gui.refresh`).
        """
        if self.model is None or self.project is None:
            return
        self.model.refresh()
        if self.view.state is not None:
            self.select_in_list(self.view.state.id)
            self.article_refresh.request()
        else:
            first = self._next_unfinished(after=None)
            if first is not None:
                self.open_document(first)
        self.update_status()

    def pipeline_ready(self, info: Ready) -> None:
        """The pipeline has loaded: say which, and ask it for the open document's tokens."""
        self.pipeline = info
        self.pipeline_label.setText(f"Pipeline: {info.name}" + (" ⚠" if info.warning else ""))
        self.pipeline_label.setToolTip(
            plain_tooltip(info.warning or "Loaded; Document ▸ Suggest runs it on this document.")
        )
        if self.view.state is not None:
            self._ask_for_tokens(self.view.state.text)
        self._sync_actions()

    def pipeline_lost(self, reason: str, restarting: bool) -> None:
        """The pipeline service cannot serve (failed to load, or its process ended): why, and what next."""
        loaded = self.pipeline is not None
        self.pipeline_label.setText(
            "Pipeline: stopped ⚠" if loaded or restarting else "Pipeline: failed to load"
        )
        self.pipeline = None
        retry = "" if restarting else "\nDocument ▸ Restart pipeline tries again."
        self.pipeline_label.setToolTip(plain_tooltip(reason + retry))
        self._sync_actions()

    def pipeline_restarted(self) -> None:
        """The pipeline service started again after it was lost: it is loading."""
        self.pipeline_label.setText("Pipeline: loading…")
        self._sync_actions()

    def _ask_for_tokens(self, text: str) -> None:
        """Have the service tokenize ``text`` (once per text); snapping uses its boundaries when they come."""
        if self.service is None or self.pipeline is None or text in self.tokens:
            return
        self.service.tokens(text, lambda pairs: self._tokens_arrived(text, pairs))

    def _tokens_arrived(self, text: str, pairs: list[tuple[int, int]]) -> None:
        self.tokens.store(text, pairs)
        if self.view.state is not None and self.view.state.text == text:
            self.view.state.retokenize()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.project is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            tasks.import_files(self, paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.overview_figures.stop()
        if self.model is not None:
            self.model.certainties.stop()
        stop_all(self)
        if self.service is not None:
            self.service.close()
        save_settings(self.settings)
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)
