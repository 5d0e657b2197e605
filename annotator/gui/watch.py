"""What another program committed to the open project (``annotator import``, a second window), shown soon.

SQLite's ``PRAGMA data_version`` changes only when another connection commits,
and reading it costs no file access, so the window polls it every two seconds
and whenever it becomes active again. On a change the document list is re-read,
and the open document too if the event log says it was touched, once the
annotator is between actions (:mod:`annotator.gui.refresh`): only its spans
are replaced, so nothing the annotator is doing is lost.

Other connections write for the window too: its workers (import, export) and its
pipeline process (suggestions, training). They write under the window's session
(``annotator.store.new_session``), so their changes are shown without a word, as
the window's own: the work says what it did when it ends. Only a change logged
under another session is said to be another program's (every program of ours logs
what it changes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.store import Project, new_session

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

POLL_MS = 2000


class OutsideChanges(QObject):
    """Polls the open project for commits by other connections and refreshes ``window`` after them.

    ``session`` is the window's: the project it opens, its workers and its pipeline process write under it.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = new_session()
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
        """Refresh the window if another connection committed since the last look.

        True if another program did (the window then says so); False for none, or for the window's
        own workers and pipeline process.
        """
        project = self.window.project
        if project is None or project.in_transaction():
            return False
        if self._seen is None or self._seen[0] is not project:
            self.watch(project)
            return False
        version = project.data_version()
        if version == self._seen[1]:
            return False
        seen, newest = self._seen[2], project.last_event_id()
        # Read after ``newest``, these take in what lands meanwhile too: looked at again next time.
        touched = project.documents_changed_since(seen)
        others = project.others_logged_since(seen)
        self._seen = (project, version, newest)
        self._refresh(touched, others)
        return others

    def _refresh(self, touched: set[int], others: bool) -> None:
        window = self.window
        if window.model is None:
            return
        window.model.refresh()
        state = window.view.state
        if state is None:
            window.refresh_all()
            return
        window.select_in_list(state.id)
        if state.id in touched:
            window.article_refresh.request()
        if others:
            window.tell("Updated with changes another program saved to this project.")
        window.update_status()
