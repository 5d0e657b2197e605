"""Labels past the nine keys: L and a typed name, a click on the legend, the right-click menu, reordering."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from annotator.gui.dialogs import ProjectDialog
from annotator.gui.labelpicker import LabelPicker
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import ARTICLE, click_on, drag, key, point_at, when_shown
from tests.texts import offset


def open_picker(qtbot: QtBot, window: MainWindow) -> LabelPicker:
    """Press L in the article and wait for the popup."""
    key(qtbot, window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), LabelPicker))
    picker = QApplication.activePopupWidget()
    assert isinstance(picker, LabelPicker)
    return picker


def test_l_then_a_typed_name_makes_the_selected_words_an_entity_of_a_label_past_nine(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    labels = [label["name"] for label in stored.setting("entity_labels")]
    assert labels.index("DATE") >= 9  # no number key reaches it
    start, end = offset(ARTICLE, "Monday")
    drag(qtbot, window, start + 1, end - 1)  # snapped to the word, as the number keys do
    picker = open_picker(qtbot, window)
    assert picker.names() == labels
    qtbot.keyClicks(picker.filter, "da")
    assert picker.names() == ["DATE"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    made = stored.find_span(1, start, end, "DATE")
    assert made is not None and (made.status, made.origin, made.kind) == ("accepted", "human", "entity")
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undoable step, as 1-9
    assert stored.find_span(1, start, end, "DATE") is None


def test_the_picker_relabels_and_accepts_the_selected_entity_and_esc_changes_nothing(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    start, end = offset(ARTICLE, "Ana Ruiz")
    click_on(qtbot, window, start, end)
    chosen = window.view.selected
    assert chosen is not None and stored.span(chosen).status == "suggested"
    picker = open_picker(qtbot, window)
    qtbot.keyClicks(picker.filter, "o")
    assert picker.names()[:3] == ["PERSON", "ORG", "NORP"]
    assert picker.list.currentItem().text().endswith("ORG")  # the first that starts with it
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)  # Down and Up move among what is shown
    assert picker.list.currentItem().text().endswith("NORP")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert (stored.span(chosen).label, stored.span(chosen).status) == ("PERSON", "suggested")

    picker = open_picker(qtbot, window)
    qtbot.keyClicks(picker.filter, "mon")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)  # only MONEY: stays on it
    qtbot.keyClick(picker.filter, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert (stored.span(chosen).label, stored.span(chosen).status) == ("MONEY", "accepted")
    assert stored.span(chosen).attributes["suggested"]["label"] == "PERSON"


def test_a_click_in_the_picker_chooses_and_l_is_off_without_a_selection(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    assert not window.actions_["pick_label"].isEnabled()
    start, end = offset(ARTICLE, "harbour")
    drag(qtbot, window, start, end)
    assert window.actions_["pick_label"].isEnabled()
    picker = open_picker(qtbot, window)
    qtbot.keyClicks(picker.filter, "fac")
    item = picker.list.currentItem()
    qtbot.mouseClick(
        picker.list.viewport(), Qt.MouseButton.LeftButton, pos=picker.list.visualItemRect(item).center()
    )
    qtbot.waitUntil(lambda: stored.find_span(1, start, end, "FAC") is not None)


def test_clicking_a_label_in_the_legend_labels_the_selection(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    chips = {chip.name: chip for chip in window.legend.chips()}
    assert set(chips) == {label["name"] for label in stored.setting("entity_labels")}
    assert chips["PERSON"].text() == "1 PERSON" and chips["CARDINAL"].text() == "CARDINAL"
    start, end = offset(ARTICLE, "Monday")
    drag(qtbot, window, start, end)
    qtbot.mouseClick(chips["DATE"], Qt.MouseButton.LeftButton)
    assert stored.find_span(1, start, end, "DATE").status == "accepted"
    assert window.view.hasFocus()  # the article keeps the keyboard

    li_start, li_end = offset(ARTICLE, "Li Wei")
    click_on(qtbot, window, li_start, li_end)
    chosen = window.view.selected
    qtbot.mouseClick(chips["NORP"], Qt.MouseButton.LeftButton)
    assert (stored.span(chosen).label, stored.span(chosen).status) == ("NORP", "accepted")
    window.view.select_span(None)
    qtbot.mouseClick(chips["ORG"], Qt.MouseButton.LeftButton)  # nothing selected: refused, said, no change
    assert "first" in window.statusBar().currentMessage()
    assert stored.span(chosen).label == "NORP"


def test_right_click_on_words_offers_more_labels_when_there_are_more_than_nine(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    start, end = offset(ARTICLE, "Monday")
    drag(qtbot, window, start, end)
    seen: list[str] = []

    def choose_more() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is not None
        entity = next(a.menu() for a in menu.actions() if a.text() == "New entity")
        seen.extend(action.text().replace("&", "") for action in entity.actions())
        more = next(action for action in entity.actions() if action.text() == "&More labels…")
        menu.close()
        more.trigger()

    at = point_at(window, start + 2)
    QTimer.singleShot(100, choose_more)
    window.view.customContextMenuRequested.emit(QPoint(at.x(), at.y()))
    assert seen[:9] == [label["name"] for label in stored.setting("entity_labels")[:9]]
    assert seen[9:] == ["More labels…"]
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), LabelPicker))
    picker = QApplication.activePopupWidget()
    qtbot.keyClicks(picker.filter, "date")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert stored.find_span(1, start, end, "DATE").status == "accepted"


def test_project_settings_reorder_labels_so_a_key_reaches_them(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    def move_date_to_the_top(dialog: ProjectDialog) -> None:
        table = dialog.findChild(QTableWidget)
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "DATE")
        cell = table.visualItemRect(table.item(row, 0)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        up = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Move up")
        down = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Move down")
        for _ in range(row - 1):
            qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # the last step by key
        qtbot.waitUntil(lambda: table.item(0, 0).text() == "DATE")  # a button's key clicks it shortly
        assert not up.isEnabled()  # at the top
        qtbot.mouseClick(down, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(up, Qt.MouseButton.LeftButton)
        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    when_shown(ProjectDialog, move_date_to_the_top)
    window.actions_["project_settings"].trigger()
    names = [label["name"] for label in stored.setting("entity_labels")]
    assert names[:3] == ["DATE", "PERSON", "ORG"] and len(names) == 18 and names.count("DATE") == 1
    assert stored.setting("entity_labels")[0]["colour"] == "#bfe1d9"  # the colour moved with it
    assert window.actions_["label_1"].text() == "DATE"
    assert window.legend.chips()[0].text() == "1 DATE"
    window.activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    start, end = offset(ARTICLE, "Monday")
    drag(qtbot, window, start, end)
    key(qtbot, window, Qt.Key.Key_1)
    assert stored.find_span(1, start, end, "DATE").status == "accepted"
