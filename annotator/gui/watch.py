"""What another program committed to the open project (``annotator import``, a second window), shown soon.

SQLite's ``PRAGMA data_version`` changes only when another connection commits,
and reading it costs no file access, so the window polls it every two seconds
and whenever it becomes active again. On a change the document list is re-read,
and the open document too if the event log says it was touched; the selected
span and the scroll position are kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.store import Project

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

POLL_MS = 2000


class OutsideChanges(QObject):
    """Polls the open project for commits by other programs and refreshes ``window`` after them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # The project last looked at, its data_version then, and its newest event then.
        self._seen: tuple[Project, int, int] | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(POLL_MS)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._state_changed)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def watch(self, project: Project) -> None:
        """Start from what ``project`` holds now (call when the window opens it)."""
        self._seen = (project, project.data_version(), project.last_event_id())

    def check(self) -> bool:
        """Refresh the window if another program committed since the last look; True if it did."""
        project = self.window.project
        if project is None or project.in_transaction():
            return False
        if self._seen is None or self._seen[0] is not project:
            self.watch(project)
            return False
        version = project.data_version()
        if version == self._seen[1]:
            return False
        touched = project.documents_changed_since(self._seen[2])
        self._seen = (project, version, project.last_event_id())
        self._refresh(touched)
        return True

    def _refresh(self, touched: set[int]) -> None:
        window = self.window
        if window.model is None:
            return
        window.model.refresh()
        state = window.view.state
        if state is None:
            window.refresh_all()
            return
        if state.id in touched:
            selected, scrolled = window.view.selected, window.view.verticalScrollBar().value()
            window.open_document(state.id)
            if window.view.state is not None and selected in window.view.state.spans:
                window.view.select_span(selected, reveal=False)
            window.view.verticalScrollBar().setValue(scrolled)
        else:
            row = window.model.row_of(state.id)
            if row is not None:
                window.table.selectionModel().setCurrentIndex(
                    window.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
        window.tell("Updated with changes another program saved to this project.")
        window.update_status()
