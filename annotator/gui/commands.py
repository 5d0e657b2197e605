"""Every user action as one undoable command: one transaction to do it, one to undo it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.actions.edits import Edit, apply_all
from annotator.store import Project, StoreError

# Told after each do/undo: (document id, ids of the spans touched, span to select or None).
Changed = Callable[[int, set[int], int | None], None]


class StoreCommand(QUndoCommand):
    """A list of edits applied together; undo applies their inverses together."""

    def __init__(
        self,
        project: Project,
        document_id: int,
        text: str,
        edits: list[Edit],
        changed: Changed,
        focus: int | None = None,
        done: bool = False,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """``done``: the edits were applied already (``edits`` are then the ones that undo them)."""
        super().__init__(text)
        self.project = project
        self.document_id = document_id
        self.edits = edits
        self.changed = changed
        self.focus = focus
        self._done = done
        self.refused = refused

    def do_first(self) -> None:
        """Apply the command now, so a refusal (``StoreError``) reaches the caller before it is pushed."""
        self.edits = self._run(self.edits)
        self._done = True

    def _run(self, edits: list[Edit]) -> list[Edit]:
        inverses = apply_all(self.project, edits)
        touched: set[int] = set()
        for edit in (*edits, *inverses):
            touched |= edit.span_ids()
        if self.focus is None:
            self.focus = next((span_id for edit in edits for span_id in edit.span_ids()), None)
        self.changed(self.document_id, touched, self.focus)
        return inverses

    def _run_or_tell(self) -> None:
        try:
            self.edits = self._run(self.edits)
        except StoreError as error:
            # The data moved on (another program changed it); this step cannot be replayed.
            self.setObsolete(True)
            if self.refused is not None:
                self.refused(f"Cannot undo or redo “{self.text()}”: {error}")

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run_or_tell()

    def undo(self) -> None:
        self._run_or_tell()
