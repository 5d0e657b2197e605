"""Settings, project settings, shortcuts help and suggestions, driven from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator.gui.dialogs import ProjectDialog, SettingsDialog, ShortcutsDialog
from annotator.gui.usersettings import load_settings
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key


def test_settings_dialog_changes_name_font_and_theme(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    def choose(dialog: SettingsDialog) -> int:
        dialog.name.setText("Alex")
        dialog.font_size.setValue(16)
        dialog.theme.setCurrentText("dark")
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    window.actions_["settings"].trigger()
    saved, warning = load_settings()
    assert (saved.annotator, saved.font_size, saved.theme, warning) == ("Alex", 16, "dark", None)
    assert window.view.font().pointSize() == 16
    assert window.annotator_label.text() == "Annotator: Alex"
    assert window.view.colours.dark


def test_changes_are_recorded_under_the_new_name(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch, stored: Project
) -> None:
    monkeypatch.setattr(SettingsDialog, "exec", lambda dialog: dialog.name.setText("Alex") or 1)
    window.actions_["settings"].trigger()
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_A)
    accepted = [s for s in stored.spans(1) if s.status == "accepted"]
    assert [s.annotator for s in accepted] == ["Alex"]
    assert stored.events()[-1]["annotator"] == "Alex"


def test_project_dialog_edits_labels_colours_stances_and_topic(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch, stored: Project
) -> None:
    def edit(dialog: ProjectDialog) -> int:
        dialog.topic.setText("the harbour reopening")
        dialog.stances.setText("support, oppose")
        dialog.table.item(0, 1).setText("#123456")
        return 1

    monkeypatch.setattr(ProjectDialog, "exec", edit)
    window.actions_["project_settings"].trigger()
    assert stored.setting("topic") == "the harbour reopening"
    assert stored.setting("stance_labels") == ["support", "oppose"]
    assert stored.setting("entity_labels")[0] == {"name": "PERSON", "colour": "#123456"}
    assert window.view.colours.entity("PERSON").name() == "#123456"
    assert not window.actions_["stance_neutral"].isVisible()
    key(qtbot, window, Qt.Key.Key_Tab)
    chosen = window.view.selected or 0
    key(qtbot, window, Qt.Key.Key_G)  # a stance key on a suggestion also accepts it, and moves on
    assert (stored.span(chosen).stance, stored.span(chosen).status) == ("oppose", "accepted")


def test_help_lists_every_shortcut(qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch) -> None:
    rows: list[str] = []

    def read(dialog: ShortcutsDialog) -> int:
        grid = dialog.findChild(QTableWidget)
        rows.extend(grid.item(row, 0).text() for row in range(grid.rowCount()))
        return 0

    monkeypatch.setattr(ShortcutsDialog, "exec", read)
    window.actions_["shortcuts"].trigger()
    assert {"Tab / J", "A / Return", "Ctrl+Shift+A", "Ctrl+Z", "Ctrl+Shift+Z / Ctrl+Y", "1 … 9"} <= set(rows)
