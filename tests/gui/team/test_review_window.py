"""Review mode in the window: Tab walks the disagreements, 1-9, B and N settle them, Ctrl+Z undoes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.gui.review_mode import ChooseAnnotators
from annotator.gui.window import MainWindow
from annotator.store import Project
from annotator.team.review_walk import done_by, review_document
from tests.gui.conftest import key, when_shown
from tests.gui.team.team_project import BRIDGE, PORT, QUOTE
from tests.texts import offset

Key = Qt.Key


def review(qtbot: QtBot, window: MainWindow, untick: tuple[str, ...] = ()) -> None:
    """Ctrl+R, untick ``untick`` in the question, press Review; wait for every document to be counted."""

    def answer(dialog: ChooseAnnotators) -> None:
        for name in untick:
            dialog.boxes[name].setChecked(False)
        dialog.accept()

    when_shown(ChooseAnnotators, answer)
    key(qtbot, window, Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.waitUntil(lambda: "in all" in window.review.panel.left.text())


def open_left(path: Path) -> dict[int, int]:
    """Open disagreements per document, read from the file by a second connection."""
    with Project.open(path, annotator="checker") as project:
        documents = done_by(project, project.layer_names())
        return {doc: len(review_document(project, doc, names).open) for doc, names in documents.items()}


def spans_at(path: Path, document_id: int, text: str, words: str) -> dict[str, tuple[str, str | None]]:
    """label -> (status, stance) of the reviewed version's spans exactly on ``words``."""
    with Project.open(path, annotator="checker") as project:
        where = offset(text, words)
        return {
            s.label: (s.status, s.stance) for s in project.spans(document_id) if (s.start, s.end) == where
        }


def test_the_review_menu_is_there_only_with_merged_annotators(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    assert window.keys.menus["Review"].menuAction().isVisible()
    window.open_project(project_path)  # one annotator's project: no layers
    assert not window.keys.menus["Review"].menuAction().isVisible()
    assert not window.actions_["review"].isEnabled()


def test_keys_settle_each_disagreement_and_ctrl_z_undoes_a_take(
    qtbot: QtBot, window: MainWindow, merged: Path
) -> None:
    review(qtbot, window)
    panel = window.review.panel
    assert window.view.state is not None and window.view.state.text == BRIDGE
    assert panel.lines() == [
        "1  ana: quote indirect, speaker «Ana Ruiz», no cue, stance favor",
        "2  ben: quote indirect, speaker «Ana Ruiz», no cue, stance against",
    ]
    assert panel.left.text() == "2 disagreements left in this document, 3 in all."
    assert panel.where.text() == f"Quote 1 of 2 open here: «{QUOTE}»"
    assert window.view.extraSelections()[0].cursor.selectedText() == QUOTE

    key(qtbot, window, Key.Key_2)  # ben's quote: against
    assert spans_at(merged, 1, BRIDGE, QUOTE) == {"QUOTE": ("accepted", "against")}
    assert panel.lines() == ["1  ana: PERSON «Bo Lee»", "2  ben: ORG «Bo Lee»"]
    assert panel.left.text() == "1 disagreement left in this document, 2 in all."
    assert open_left(merged) == {1: 1, 2: 1}

    key(qtbot, window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_at(merged, 1, BRIDGE, QUOTE) == {}
    assert "stance against" in panel.lines()[1]  # the undone one is shown again
    assert panel.left.text() == "2 disagreements left in this document, 3 in all."

    key(qtbot, window, Key.Key_1)
    assert spans_at(merged, 1, BRIDGE, QUOTE) == {"QUOTE": ("accepted", "favor")}
    key(qtbot, window, Key.Key_N)  # neither label for Bo Lee: on to the next document
    assert spans_at(merged, 1, BRIDGE, "Bo Lee") == {"PERSON": ("rejected", None), "ORG": ("rejected", None)}
    assert window.view.state is not None and window.view.state.text == PORT
    assert panel.lines() == ["1  ana: ORG «port authority of Greyhaven»", "2  ben: ORG «port authority»"]

    key(qtbot, window, Key.Key_B)  # both
    assert spans_at(merged, 2, PORT, "port authority") == {"ORG": ("accepted", None)}
    assert spans_at(merged, 2, PORT, "port authority of Greyhaven") == {"ORG": ("accepted", None)}
    assert open_left(merged) == {1: 0, 2: 0}
    assert panel.message.text().startswith("No disagreements left: every one is settled.")
    assert panel.left.text() == "0 disagreements left in this document, 0 in all."
    with Project.open(merged, annotator="checker") as project:
        assert {"span.add", "span.delete"} <= {event["action"] for event in project.events(1)}

    for _ in range(3):
        key(qtbot, window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert open_left(merged) == {1: 2, 2: 1}
    assert panel.left.text() == "2 disagreements left in this document, 3 in all."


def test_tab_walks_only_disagreements_across_documents(qtbot: QtBot, window: MainWindow) -> None:
    review(qtbot, window)
    panel = window.review.panel
    key(qtbot, window, Key.Key_Tab)
    assert panel.lines()[0] == "1  ana: PERSON «Bo Lee»"
    key(qtbot, window, Key.Key_Tab)
    assert window.view.state is not None and window.view.state.text == PORT
    assert "port authority" in panel.where.text()
    key(qtbot, window, Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.state.text == BRIDGE
    assert panel.lines()[0] == "1  ana: PERSON «Bo Lee»"


def test_one_annotators_spans_are_reviewed_one_by_one(qtbot: QtBot, window: MainWindow, merged: Path) -> None:
    review(qtbot, window, untick=("ben",))
    panel = window.review.panel
    assert panel.comparing.text() == "Reviewing ana"
    assert panel.lines() == ["1  ana: PERSON «Ana Ruiz»"]
    assert panel.left.text() == "3 disagreements left in this document, 4 in all."
    key(qtbot, window, Key.Key_1)
    assert spans_at(merged, 1, BRIDGE, "Ana Ruiz") == {"PERSON": ("accepted", None)}
    assert panel.lines()[0].startswith("1  ana: quote")


def test_leaving_review_gives_the_keys_back(qtbot: QtBot, window: MainWindow, merged: Path) -> None:
    review(qtbot, window)
    assert window.actions_["label_1"].shortcuts() == []
    key(qtbot, window, Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.review.active and not window.review.panel.isVisible()
    assert [k.toString() for k in window.actions_["label_1"].shortcuts()] == ["1"]
    assert window.view.extraSelections() == []
    key(qtbot, window, Key.Key_1)  # nothing selected: a label key changes nothing, and takes nothing
    assert open_left(merged) == {1: 2, 2: 1}


def test_annotation_keys_work_on_the_reviewed_version_in_review(
    qtbot: QtBot, window: MainWindow, merged: Path
) -> None:
    review(qtbot, window)
    key(qtbot, window, Key.Key_2)  # the quote is taken; Bo Lee is next, and the quote can still be changed
    state = window.view.state
    assert state is not None
    (quote,) = [s for s in state.spans.values() if s.kind == "quote"]
    window.view.select_span(quote.id)
    key(qtbot, window, Key.Key_F)  # stance: favor
    assert spans_at(merged, 1, BRIDGE, QUOTE) == {"QUOTE": ("accepted", "favor")}
    assert window.review.panel.left.text() == "1 disagreement left in this document, 2 in all."


def test_the_last_take_in_a_document_marks_it_reviewed_and_one_undo_reopens_it(
    qtbot: QtBot, window: MainWindow, merged: Path
) -> None:
    review(qtbot, window)
    key(qtbot, window, Key.Key_1)
    with Project.open(merged, annotator="checker") as project:
        assert project.document_status(1) == "in_progress"
    key(qtbot, window, Key.Key_2)  # the last of the document
    with Project.open(merged, annotator="checker") as project:
        assert project.document_status(1) == "done"
        assert [s for s in project.spans(1) if s.status == "suggested"] == []
    assert window.stack.undoText().endswith("; document reviewed")
    key(qtbot, window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Project.open(merged, annotator="checker") as project:
        assert project.document_status(1) == "in_progress"
    assert open_left(merged)[1] == 1
