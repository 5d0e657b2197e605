"""How sure the stance model is of each document, for the list's order "least certain first".

:meth:`Project.least_certainties` reads every quote's attributes: about a second at 100,000
documents with 500,000 quotes, which on the GUI thread would freeze the window. So it is read in
a worker on a connection of its own, one read at a time, and kept; the list keeps its order until
the read ends. A change to the project while it reads has it read once more when it ends (never
a read dropped for a newer one: changes coming faster than reads would starve the list).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from annotator.gui.workers import Wanted, start_wanted
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project


class Certainties(QObject):
    """Each document's least certainty, read in the background when wanted; kept up to date per document.

    ``owner`` runs the reads: the window, whose closing stops them (without one, the application).
    """

    reading = Signal(bool)  # a read started (True), or none is under way any more (False)
    read = Signal()  # newer certainties are known
    failed = Signal(str)  # why a read failed

    def __init__(self, project: Project, owner: QObject | None = None) -> None:
        super().__init__()
        self.project = project
        self.owner = owner if owner is not None else QCoreApplication.instance()
        self.known: dict[int, float] | None = None  # None until first read
        self._outdated = True  # the project changed after the known ones were read
        self._wanted: Wanted | None = None  # the read under way
        # Documents changed while it reads, and their certainties since: newer than what it will bring.
        self._fresh: dict[int, float | None] = {}

    @property
    def busy(self) -> bool:
        """Whether a read is under way."""
        return self._wanted is not None

    def get(self, document_id: int) -> float | None:
        """The document's least certainty, if known and it has a pending stance guess."""
        return None if self.known is None else self.known.get(document_id)

    def outdate(self) -> None:
        """The project changed: the next :meth:`want` reads again (the known ones serve till then)."""
        self._outdated = True

    def want(self) -> None:
        """Read in the background, unless a read is under way or the known ones are up to date."""
        if self._wanted is not None or (self.known is not None and not self._outdated):
            return
        path = self.project.path

        def work(_progress: ProgressCallback, should_stop: StopCheck) -> dict[int, float]:
            with Project.open(path, read_only=True) as own:
                own.stop_reads_when(should_stop)
                return own.least_certainties()

        self._outdated, self._fresh = False, {}
        self._wanted = start_wanted(self.owner, work, self._arrived, self._failed)
        self.reading.emit(True)

    def stop(self) -> None:
        """Drop the read under way, if any: it stops, and what it would bring is not used."""
        if self._wanted is None:
            return
        self._wanted.drop()
        self._wanted, self._outdated = None, True
        self.reading.emit(False)

    def document_changed(self, document_id: int) -> None:
        """Read the changed document's certainty again (one small query on this thread)."""
        if self.known is None and self._wanted is None:
            return
        certainty = self.project.least_certainties([document_id]).get(document_id)
        if self._wanted is not None:
            self._fresh[document_id] = certainty
        if self.known is not None:
            put(self.known, document_id, certainty)

    def _arrived(self, certainties: dict[int, float]) -> None:
        for document_id, certainty in self._fresh.items():
            put(certainties, document_id, certainty)
        self.known, self._wanted = certainties, None
        self.read.emit()  # may want a read again at once, if the project changed meanwhile
        if self._wanted is None:
            self.reading.emit(False)

    def _failed(self, message: str) -> None:
        self._wanted = None
        self.reading.emit(False)
        self.failed.emit(message.splitlines()[0])


def put(certainties: dict[int, float], document_id: int, certainty: float | None) -> None:
    """Keep ``certainty`` as the document's (None: it has none, so it is left out)."""
    certainties.pop(document_id, None)
    if certainty is not None:
        certainties[document_id] = certainty
