"""Which documents an overview bar stands for, read off the GUI thread.

At 100,000 documents the read takes 50 to 165 ms (it joins spans and stances per document), long
enough to stall a click. It runs in a worker on a connection of its own; a newer choice drops the
read under way, and so does clearing the choice, so the list only ever shows the last one asked for.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.gui.workers import Wanted, start_wanted
from annotator.overview.figures import document_ids_for
from annotator.overview.model import DocumentFilter
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project


class ChosenDocuments(QObject):
    """Reads the ids a :class:`DocumentFilter` stands for in the background; ``owner`` runs the reads."""

    listed = Signal(object, list)  # the filter and its documents' ids, ascending
    failed = Signal(str)  # why the read failed

    def __init__(self, owner: QObject) -> None:
        super().__init__()
        self.owner = owner
        self._wanted: Wanted | None = None

    @property
    def busy(self) -> bool:
        """Whether a read is under way."""
        return self._wanted is not None

    def choose(self, project: Project, chosen: DocumentFilter) -> None:
        """Read the documents ``chosen`` stands for, dropping any read under way."""
        self.drop()
        path = project.path

        def work(_progress: ProgressCallback, should_stop: StopCheck) -> list[int]:
            with Project.open(path, read_only=True) as own:
                own.stop_reads_when(should_stop)
                return document_ids_for(own, chosen)

        def done(ids: list[int]) -> None:
            self._wanted = None
            self.listed.emit(chosen, ids)

        def failed(message: str) -> None:
            self._wanted = None
            self.failed.emit(message)

        self._wanted = start_wanted(self.owner, work, done, failed)

    def drop(self) -> None:
        """Forget the read under way, if any: it stops and its result is not listed."""
        if self._wanted is not None:
            self._wanted.drop()
            self._wanted = None
