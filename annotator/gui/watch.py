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


def _newest_event(project: Project) -> int:
    return int(project.conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])


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
        version = int(project.conn.execute("PRAGMA data_version").fetchone()[0])
        self._seen = (project, version, _newest_event(project))

    def check(self) -> bool:
        """Refresh the window if another program committed since the last look; True if it did."""
        project = self.window.project
        if project is None or project.conn.depth:
            return False
        if self._seen is None or self._seen[0] is not project:
            self.watch(project)
            return False
        version = int(project.conn.execute("PRAGMA data_version").fetchone()[0])
        if version == self._seen[1]:
            return False
        after = self._seen[2]
        # NOT INDEXED: read only the new events by their ids. Left to itself SQLite scans the whole
        # events_document index for the distinct ids (100 ms at a million events, on every change).
        newer = "SELECT DISTINCT document_id FROM events NOT INDEXED WHERE id > ?"
        touched = {row[0] for row in project.conn.execute(newer, (after,))}
        self._seen = (project, version, _newest_event(project))
        self._refresh(touched)
        return True

    def _refresh(self, touched: set[int | None]) -> None:
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
