"""View ▸ Overview: its shortcut opens it, Esc closes it, and a click on a bar lists that bar's documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from annotator.gui.chart_painter import ChartView
from annotator.gui.dialogs import ShortcutsDialog
from annotator.gui.window import MainWindow
from annotator.overview.figures import document_ids_for
from annotator.store import Project
from annotator.team.assign import assign
from annotator.team.merge import merge_file
from tests.gui.conftest import key, open_window, spans_of, when_shown

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
HOSTILE = "<b>bold</b> <img src='/etc/passwd'> & Co"
TEXTS = [
    "Ana Ruiz said the bridge opens in May.",
    "Acme Corp disagreed.",
    "Ana Ruiz met Bob Lee, who said it was rushed.",
    "A quiet day.",
]


def make_project(path: Path, speaker: str = "Ana Ruiz", label: str = "PERSON") -> Path:
    """Four documents: PERSON in 1 and 3, ORG in 2; quotes of ``speaker`` against (1) and in favour (3)."""
    with Project.open(path, annotator="ana") as project:
        ids = [doc_id for doc_id, _ in project.add_documents({"text": text} for text in TEXTS)]
        labels = project.setting("entity_labels")
        if label not in {item["name"] for item in labels}:
            project.set_setting("entity_labels", [*labels, {"name": label, "colour": "#aa00aa"}])
        for doc_id, text, words, entity in (
            (ids[0], TEXTS[0], "Ana Ruiz", label),
            (ids[1], TEXTS[1], "Acme Corp", "ORG"),
            (ids[2], TEXTS[2], "Bob Lee", label),
        ):
            start = text.index(words)
            project.add_span(doc_id, start, start + len(words), entity)
        for doc_id, text, words, stance in (
            (ids[0], TEXTS[0], "the bridge opens in May", "against"),
            (ids[2], TEXTS[2], "it was rushed", "favor"),
        ):
            start = text.index(words)
            project.add_span(
                doc_id, start, start + len(words), "QUOTE", kind="quote", stance=stance,
                attributes={"type": "indirect", "speaker_name": speaker},
            )  # fmt: skip
        project.set_document_status(ids[2], "done")
    return path


def counted(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the overview shows figures counted in the background, and no longer says it counts."""
    page = window.overview
    qtbot.waitUntil(lambda: page.overview is not None and not page.counting.isVisible())


@pytest.fixture
def shown(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The window on the four-document project, its overview opened with Ctrl+Shift+O and counted."""
    window = open_window(qtbot, make_project(tmp_path / "overview.annotator"))
    key(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(window.overview.isVisible)
    counted(qtbot, window)
    yield window
    window.close()


def click(qtbot: QtBot, chart: ChartView, bar: str, segment: str | None = None) -> None:
    """Click the middle of a bar's segment (or of its name, for the whole bar); wait for its list."""
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(bar, segment).center())
    listing(qtbot, chart)


def listing(qtbot: QtBot, chart: QWidget) -> None:
    """Wait until the window has read which documents the chosen bar or cell stands for."""
    window = chart.window()
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(lambda: not window.chosen.busy)


def listed(window: MainWindow) -> list[int]:
    assert window.model is not None
    return list(window.model.ids)


def test_ctrl_shift_o_shows_the_counts_and_esc_goes_back_to_the_article(
    shown: MainWindow, qtbot: QtBot
) -> None:
    assert shown.overview.counts.text() == "4 documents, 1 done (25 %)"
    assert not shown.view.isVisible() and not shown.inspector.isVisible()
    assert "PERSON: entity 2" in shown.overview.labels.describe()
    qtbot.keyClick(shown.overview.focusWidget() or shown.overview, Qt.Key.Key_Escape)
    assert shown.view.isVisible() and shown.view.hasFocus()
    key(qtbot, shown, Qt.Key.Key_O, CTRL_SHIFT)
    assert shown.overview.isVisible()
    key(qtbot, shown, Qt.Key.Key_O, CTRL_SHIFT)  # the same keys again: back
    assert shown.view.isVisible()


def test_clicking_a_bar_lists_exactly_its_documents_and_clear_lists_all_again(
    shown: MainWindow, qtbot: QtBot
) -> None:
    click(qtbot, shown.overview.labels, "PERSON", "entity")
    assert listed(shown) == [1, 3]
    assert shown.documents.only_bar.isVisible()
    assert "label PERSON" in shown.documents.only_label.text()
    assert shown.overview.isVisible()  # the overview stays until a document is chosen
    qtbot.mouseClick(shown.documents.clear_only, Qt.MouseButton.LeftButton)
    assert listed(shown) == [1, 2, 3, 4]
    assert not shown.documents.only_bar.isVisible()


def test_a_speakers_stance_segment_lists_its_documents_with_the_status_filter_and_esc_clears(
    shown: MainWindow, qtbot: QtBot
) -> None:
    speakers = shown.overview.speakers
    against, favor = speakers.bar_rect("Ana Ruiz", "against"), speakers.bar_rect("Ana Ruiz", "favor")
    assert against.right() <= favor.left()  # diverging: against grows leftwards, favor rightwards
    click(qtbot, speakers, "Ana Ruiz", "favor")
    assert listed(shown) == [3]
    click(qtbot, speakers, "Ana Ruiz")  # the name on the axis: the whole bar
    assert listed(shown) == [1, 3]
    shown.filter.setCurrentIndex(shown.filter.findData("done"))  # with the status filter: both apply
    assert listed(shown) == [3]
    shown.filter.setCurrentIndex(0)
    shown.table.setFocus()
    qtbot.keyClick(shown.table, Qt.Key.Key_Escape)
    assert listed(shown) == [1, 2, 3, 4]


def test_the_last_bar_clicked_is_listed_whichever_read_ends_first(shown: MainWindow, qtbot: QtBot) -> None:
    labels = shown.overview.labels
    for bar in ("PERSON", "ORG"):
        qtbot.mouseClick(labels, Qt.MouseButton.LeftButton, pos=labels.bar_rect(bar, "entity").center())
    listing(qtbot, labels)
    assert listed(shown) == [2]
    assert "label ORG" in shown.documents.only_label.text()


def test_choosing_a_listed_document_shows_it_in_the_article(shown: MainWindow, qtbot: QtBot) -> None:
    click(qtbot, shown.overview.labels, "ORG", "entity")
    assert listed(shown) == [2]
    rect = shown.table.visualRect(shown.model.index(0, 1))  # type: ignore[union-attr]
    qtbot.mouseClick(shown.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.view.isVisible() and shown.view.state is not None and shown.view.state.id == 2


def test_the_arrow_keys_and_enter_choose_a_bar_without_the_mouse(shown: MainWindow, qtbot: QtBot) -> None:
    labels = shown.overview.labels
    labels.setFocus()
    first = labels.targets[0]
    qtbot.keyClick(labels, Qt.Key.Key_Return)  # Return is not Accept while the overview has focus
    listing(qtbot, labels)
    assert shown.project is not None
    assert listed(shown) == document_ids_for(shown.project, first.filter)
    qtbot.keyClick(labels, Qt.Key.Key_Down)
    qtbot.keyClick(labels, Qt.Key.Key_Space)
    listing(qtbot, labels)
    assert listed(shown) == document_ids_for(shown.project, labels.targets[1].filter)


def test_marking_a_document_done_updates_the_shown_overview(shown: MainWindow, qtbot: QtBot) -> None:
    shown.show_article()
    shown.open_document(1)
    key(qtbot, shown, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Done, next unfinished
    key(qtbot, shown, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(lambda: shown.overview.counts.text().startswith("4 documents, 2 done"))


def test_label_and_speaker_strings_show_literally(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, make_project(tmp_path / "hostile.annotator", HOSTILE, HOSTILE))
    key(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)
    counted(qtbot, window)
    overview = window.overview
    assert f"{HOSTILE}: entity 2" in overview.labels.describe()
    assert f"{HOSTILE}: against 1" in overview.speakers.describe()
    click(qtbot, overview.speakers, HOSTILE, "against")
    assert listed(window) == [1]
    label: QLabel = window.documents.only_label
    assert label.textFormat() == Qt.TextFormat.PlainText and HOSTILE in label.text()
    name = overview.speakers.targets[0]
    assert name.segment is None and name.tip.startswith(HOSTILE)
    window.close()


def team(folder: Path) -> Path:
    """Six documents given to ana and ben, who both mark all done; ben leaves out every other PERSON."""
    with Project.open(folder / "lead.annotator", annotator="lead") as lead:
        for number in range(6):
            text = f"Report {number}: Ana Ruiz met Bob Lee in Paris."
            doc_id, _ = lead.add_document(text)
            for words in ("Ana Ruiz", "Bob Lee"):
                start = text.index(words)
                lead.add_span(doc_id, start, start + len(words), "PERSON", status="suggested", origin="model")
        made = assign(lead, folder / "out", ["ana", "ben"], overlap=1.0, seed=0)
    for assigned in made:
        with Project.open(assigned.path) as copy:
            for doc_id in copy.document_ids():
                for number, span in enumerate(copy.spans(doc_id)):
                    skip = assigned.name == "ben" and number == 1 and doc_id % 2
                    copy.update_span(span.id, status="rejected" if skip else "accepted")
                copy.set_document_status(doc_id, "done")
    with Project.open(folder / "merged.annotator", annotator="lead") as merged:
        for assigned in made:
            merge_file(merged, assigned.path)
    return folder / "merged.annotator"


def test_the_agreement_heatmap_arrives_from_a_worker_and_its_cells_are_filters(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, team(tmp_path))
    key(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)
    counted(qtbot, window)
    heatmap = window.overview.heatmap
    qtbot.waitUntil(lambda: heatmap.matrix is not None, timeout=30_000)
    assert heatmap.matrix is not None and set(heatmap.matrix.annotators) == {"ana", "ben"}
    qtbot.mouseClick(
        heatmap, Qt.MouseButton.LeftButton, pos=heatmap.cell_rect("ana", "ben").center().toPoint()
    )
    listing(qtbot, heatmap)
    assert listed(window) == [1, 2, 3, 4, 5, 6]
    assert "pair" in window.documents.only_label.text()
    window.close()


def test_the_overview_scrolls_rather_than_squeezes_at_900_by_600(shown: MainWindow, qtbot: QtBot) -> None:
    shown.showNormal()
    shown.resize(900, 600)
    qtbot.waitUntil(lambda: shown.overview.scroll.viewport().width() < 700)
    assert shown.overview.columns == 1
    assert shown.overview.scroll.verticalScrollBar().maximum() > 0
    assert shown.overview.labels.width() >= 300


def test_one_key_actions_do_not_reach_the_hidden_article_but_f1_still_lists_the_keys(
    window: MainWindow, stored: Project, qtbot: QtBot
) -> None:
    key(qtbot, window, Qt.Key.Key_Tab)  # the first suggestion is selected in the article
    assert window.view.selected is not None
    key(qtbot, window, Qt.Key.Key_O, CTRL_SHIFT)
    focused = window.overview.focusWidget() or window.overview
    for typed in (Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_F, Qt.Key.Key_1):
        qtbot.keyClick(focused, typed)
    assert {span.status for span in spans_of(stored)} == {"suggested"}
    seen: list[str] = []
    when_shown(ShortcutsDialog, lambda dialog: (seen.append(dialog.windowTitle()), dialog.reject()))
    qtbot.keyClick(focused, Qt.Key.Key_F1)
    assert seen
