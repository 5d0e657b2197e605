"""Review mode: walk the chosen annotators' open disagreements and settle each with one key.

A take is one command on the window's undo stack, pushed through the editor, so Ctrl+Z
undoes it and the event log has it. What is left is read from the data after every change
(ADR 18), never kept beside it; counting every document runs in a worker on its own
connection, and a document is counted on the spot when the walk needs it before then.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.actions.change import Change
from annotator.agreement.review import Disagreement
from annotator.gui.plain import menu_text, plain_label
from annotator.gui.review_panel import ReviewPanel, left_text
from annotator.gui.workers import Worker, start
from annotator.problems import ProgressCallback, StopCheck
from annotator.store import Project, Span
from annotator.team.review import FinishReview, take
from annotator.team.review_walk import DocumentReview, count_open, done_by, review_document

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow


ROOM = 360  # pixels the review panel's column gets, when the article can spare them
# The disagreement's text in the article: amber, apart from the selection's and the labels' colours.
TINT = QColor(255, 190, 0, 110)


def _place(disagreement: Disagreement) -> tuple[int, int, str]:
    return (disagreement.start, disagreement.end, disagreement.kind)


class ChooseAnnotators(QDialog):
    """Which annotators' versions to compare: a box per merged annotator, all ticked at first."""

    def __init__(
        self, names: Sequence[str], ticked: Sequence[str], shared_only: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review disagreements")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Compare the versions of:"))
        self.boxes: dict[str, QCheckBox] = {}
        for name in names:
            box = QCheckBox(menu_text(name))
            box.setChecked(name in ticked)
            box.toggled.connect(self._sync)
            layout.addWidget(box)
            self.boxes[name] = box
        self.shared_only = QCheckBox("Only documents two or more of them marked done")
        self.shared_only.setChecked(shared_only)
        layout.addWidget(self.shared_only)
        note = plain_label("With one annotator ticked, each of their spans is reviewed in turn.")
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Review")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._sync()

    def _sync(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.names()))
        self.shared_only.setEnabled(len(self.names()) > 1)

    def names(self) -> list[str]:
        """The ticked annotators."""
        return [name for name, box in self.boxes.items() if box.isChecked()]


class ReviewMode(QObject):
    """The window's review mode: the panel, the walk over disagreements, and the keys' steps."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = ReviewPanel()
        column = window.inspector.parentWidget().layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(0, self.panel, 1)  # above the selected span; the legend makes room
        self.panel.hide()
        self._sizes: list[int] | None = None  # the splitter's sizes before review widened the panel
        self.panel.take.connect(self.take_version)
        self.panel.take_all.connect(self.take_all)
        self.panel.take_none.connect(self.take_none)
        self.panel.step.connect(self.step)
        window.stack.indexChanged.connect(self.reread)
        self.has_annotators = False
        self.names: list[str] | None = None
        self.shared_only = True  # with two or more annotators, only documents two of them marked done
        self.documents: dict[int, list[str]] = {}  # reviewed documents: who marked each done
        self.counts: dict[int, int] = {}  # open disagreements per document, where known
        self.current: DocumentReview | None = None
        self.index = 0
        self._fresh: set[int] = set()  # documents counted here since the worker started
        self._counting: tuple[int, int] | None = None
        self._worker: Worker | None = None
        self._last_first = False  # the next document shown starts at its last disagreement

    @property
    def active(self) -> bool:
        """Whether the window is in review mode."""
        return self.names is not None

    # ------------------------------------------------------------ entering

    def project_opened(self) -> None:
        """A project was opened: leave any review; show the Review menu only if it has annotators."""
        self.leave(quiet=True)
        project = self.window.project
        self.has_annotators = project is not None and bool(project.layer_names())
        self.window.keys.menus["Review"].menuAction().setVisible(self.has_annotators)

    def choose(self) -> None:
        """Review ▸ Review disagreements: ask whose versions to compare, then start."""
        project = self.window.project
        if project is None:
            return
        names = project.layer_names()
        dialog = ChooseAnnotators(names, self.names or names, self.shared_only, self.window)
        if dialog.exec() and dialog.names():
            self.shared_only = dialog.shared_only.isChecked()
            self.start(dialog.names())
        self.window.activateWindow()

    def start(self, names: Sequence[str], document_id: int | None = None) -> None:
        """Compare ``names`` from ``document_id`` (None: the open document, else the first with any open)."""
        project = self.window.project
        if project is None:
            return
        self._stop_counting()
        self.names = sorted(names)
        self.documents = done_by(project, self.names, shared_only=self.shared_only)
        self.counts, self._fresh, self.current = {}, set(), None
        self.panel.set_names(self.names)
        self._make_room()
        self.window.keys.set_mode("review")
        self._count_in_background(project)
        shown = self.window.view.state
        chosen = document_id
        if chosen is None and shown is not None and shown.id in self.documents:
            chosen = shown.id
        if chosen is None or (shown is not None and shown.id == chosen):
            self.document_shown()
        else:
            self.window.open_document(chosen)
        if document_id is None and (self.current is None or not self.current.open):
            self.step(1)

    def leave(self, quiet: bool = False) -> None:
        """Review ▸ Leave review: back to annotating, keys as usual."""
        if not self.active:
            return
        self._stop_counting()
        self.names, self.current = None, None
        self.panel.hide()
        self.window.legend.show()
        if self._sizes is not None:
            self.window.splitter.setSizes(self._sizes)
            self._sizes = None
        self.window.view.setExtraSelections([])
        self.window.keys.set_mode(None)
        if not quiet:
            self.window.tell("Left review: the keys annotate as usual.")

    def _make_room(self) -> None:
        """Show the panel in place of the legend, the column widened to ``ROOM`` from the article's side."""
        self.panel.show()
        self.window.legend.hide()
        splitter = self.window.splitter
        sizes = splitter.sizes()
        if self._sizes is None and len(sizes) == 3 and 0 < sizes[2] < ROOM:
            self._sizes = sizes
            grow = min(ROOM - sizes[2], max(0, sizes[1] - 360))
            splitter.setSizes([sizes[0], sizes[1] - grow, sizes[2] + grow])

    # ------------------------------------------------------------- walking

    def document_shown(self) -> None:
        """The window opened a document: show its first open disagreement (its last, walking back)."""
        if not self.active:
            return
        state = self.window.view.state
        last, self._last_first = self._last_first, False
        if state is None or state.id not in self.documents:
            self.current = None
            self._show()
            return
        self._read(state.id)
        assert self.current is not None
        self.index = len(self.current.open) - 1 if last else 0
        self._show()

    def step(self, direction: int) -> None:
        """Tab (+1) or Shift+Tab (-1): the next or previous open disagreement, in this or another document."""
        if not self.active:
            return
        if self.current is not None and 0 <= self.index + direction < len(self.current.open):
            self.index += direction
            self._show()
            return
        following = self._next_document(direction)
        if following is None:
            self._show()
            return
        shown = self.window.view.state
        if shown is not None and shown.id == following:  # the only one with any left: round again
            assert self.current is not None
            self.index = 0 if direction > 0 else len(self.current.open) - 1
            self._show()
            return
        self._last_first = direction < 0
        self.window.open_document(following)

    def _next_document(self, direction: int) -> int | None:
        """The next document (round the end) with a disagreement open, counting those not known yet."""
        ids = list(self.documents)
        if direction < 0:
            ids.reverse()
        shown = self.window.view.state
        here = ids.index(shown.id) if shown is not None and shown.id in ids else -1
        for document_id in ids[here + 1 :] + ids[: here + 1]:
            if document_id not in self.counts:
                self._count(document_id)
            if self.counts[document_id]:
                return document_id
        return None

    # -------------------------------------------------------------- taking

    def disagreement(self) -> Disagreement | None:
        """The disagreement shown, if any."""
        if self.current is None or not 0 <= self.index < len(self.current.open):
            return None
        return self.current.open[self.index]

    def can_take(self, number: int) -> bool:
        """Whether there is a version ``number`` (from 1) to take."""
        shown = self.disagreement()
        return self.active and shown is not None and number <= len(shown.versions)

    def take_version(self, number: int) -> None:
        """1-9: settle the disagreement with that annotator's version."""
        shown = self.disagreement()
        if shown is None or not 1 <= number <= len(shown.versions):
            return
        name = list(shown.versions)[number - 1]
        self._take(shown, [name], f"Take {name}'s version")

    def take_all(self) -> None:
        """B: take every annotator's version (both of two)."""
        shown = self.disagreement()
        if shown is not None:
            names = list(shown.versions)
            self._take(shown, names, "Take both versions" if len(names) == 2 else "Take every version")

    def take_none(self) -> None:
        """N or 0: reject every version's spans here."""
        shown = self.disagreement()
        if shown is not None:
            self._take(shown, [], "Take neither version")

    def _take(self, shown: Disagreement, names: list[str], title: str) -> None:
        editor, current = self.window.editor, self.current
        if editor is None or current is None:
            return
        edits = take(current.versions, shown, names)
        if current.open == [shown]:  # the last one: the document is settled, as review --auto leaves it
            edits.append(FinishReview(current.versions.document_id))
            title += "; document reviewed"
        if not editor.push(Change(title, edits)):
            return
        # The stack's indexChanged has re-read the document: the settled one is gone, the next is here.
        if self.disagreement() is None:
            self.step(1)

    # ------------------------------------------------------------- reading

    def _read(self, document_id: int) -> None:
        """Read the document's versions and open disagreements now, and count them."""
        assert self.window.project is not None
        self.current = review_document(self.window.project, document_id, self.documents[document_id])
        self.counts[document_id] = len(self.current.open)
        self._fresh.add(document_id)

    def _count(self, document_id: int) -> None:
        assert self.window.project is not None
        found = review_document(self.window.project, document_id, self.documents[document_id])
        self.counts[document_id] = len(found.open)
        self._fresh.add(document_id)

    def reread(self, _index: int = 0) -> None:
        """Read the open document's disagreements again, keeping the place.

        After a command is done, undone or redone, and after another connection changed the document.

        A disagreement that came back (an undone take) becomes the one shown.
        """
        state = self.window.view.state
        if not self.active or state is None or state.id not in self.documents:
            return
        if state.project is not self.window.project:  # another project is being opened
            return
        before = self.current if self.current and self.current.versions.document_id == state.id else None
        shown = self.disagreement()
        self._read(state.id)
        assert self.current is not None
        places = [_place(d) for d in self.current.open]
        if before is not None:
            known = {_place(d) for d in before.open}
            back = [place for place in places if place not in known]
            at = back[0] if back else (_place(shown) if shown else None)
            self.index = next((n for n, place in enumerate(places) if at and place >= at), len(places))
        else:
            self.index = 0
        self._show()

    # ------------------------------------------------------------- showing

    def _show(self) -> None:
        view = self.window.view
        state = view.state
        shown = self.disagreement()
        assert self.names is not None
        self.panel.set_names(self.names, list(self.current.versions.marks) if self.current else None)
        if shown is None or state is None:
            view.setExtraSelections([])
            self.panel.show_nothing(self._nothing())
        else:
            assert self.current is not None
            position = (self.index + 1, len(self.current.open))
            self.panel.show_disagreement(shown.kind, state.text, shown, position)
            self._highlight(shown)
        self._show_left()
        self.window.keys.sync()

    def _nothing(self) -> str:
        """What the panel says when no disagreement is shown."""
        state = self.window.view.state
        if not self.documents:
            return "None of them has marked a document done yet: there is nothing to compare."
        if state is None or state.id not in self.documents:
            return "None of them marked this document done, so it is not reviewed. Tab goes to the next one."
        if self._all_known() and not sum(self.counts.values()):
            return "No disagreements left: every one is settled. Review ▸ Leave review returns to annotating."
        if self.current is not None and not self.current.open:
            return "No disagreements left in this document. Tab goes to the next document with any."
        return "Tab goes to the next disagreement."

    def _all_known(self) -> bool:
        return all(document_id in self.counts for document_id in self.documents)

    def _show_left(self) -> None:
        here = len(self.current.open) if self.current is not None else None
        everywhere = sum(self.counts.values()) if self._all_known() else None
        self.panel.set_left(left_text(here, everywhere, self._counting))

    def _highlight(self, shown: Disagreement) -> None:
        """Tint the disagreement's text, select the reviewed version's span there (if any), scroll to it."""
        view = self.window.view
        state = view.state
        assert state is not None
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(shown.start))
        cursor.setPosition(view.offsets.to_qt(shown.end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[misc]
        selection.format.setBackground(TINT)  # type: ignore[attr-defined]
        view.setExtraSelections([selection])
        places = {(m.kind, m.start, m.end) for marks in shown.versions.values() for m in marks}
        own = [
            s for s in state.spans.values() if (s.kind, s.start, s.end) in places and s.status == "accepted"
        ]
        own = own or [s for s in state.spans.values() if (s.kind, s.start, s.end) in places]
        if own:
            view.select_span(min(own, key=lambda s: (s.start, s.end)).id)
            return
        view.select_span(None)
        view.reveal(Span(0, state.id, shown.start, shown.end, "", shown.kind, "", ""))

    # ---------------------------------------------------------- background

    def _count_in_background(self, project: Project) -> None:
        path, annotator, documents = project.path, self.window.settings.annotator, dict(self.documents)

        def work(progress: ProgressCallback, should_stop: StopCheck) -> dict[int, int]:
            with Project.open(path, annotator=annotator, read_only=True) as own:
                return count_open(own, documents, progress, should_stop)

        self._counting = (0, len(documents))
        worker = start(self.window, work, lambda counts: self._counted(worker, counts), self._failed,
                       lambda done, total: self._progress(worker, done, total))  # fmt: skip
        self._worker = worker

    def _progress(self, worker: Worker, done: int, total: int) -> None:
        if worker is self._worker:
            self._counting = (done, total)
            self._show_left()

    def _counted(self, worker: Worker, counts: dict[int, int]) -> None:
        if worker is not self._worker:
            return
        self._worker, self._counting = None, None
        self.counts.update({d: n for d, n in counts.items() if d not in self._fresh})
        self._show_left()
        if self.current is None or not self.current.open:
            self.panel.show_nothing(self._nothing())

    def _failed(self, message: str) -> None:
        self._worker, self._counting = None, None
        self.window.tell(f"Counting the disagreements failed: {message.splitlines()[0]}")

    def _stop_counting(self) -> None:
        if self._worker is not None:
            self._worker.stop_requested = True
        self._worker, self._counting = None, None
