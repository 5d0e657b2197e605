"""Starting: last project or welcome screen, settings that survive (or are reset when corrupt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator.gui.usersettings import load_settings, save_settings, settings_path
from tests.gui.conftest import open_window


def test_without_a_project_the_welcome_page_shows(qtbot: QtBot) -> None:
    window = open_window(qtbot, None, show=False)
    assert window.pages.currentWidget() is window.welcome
    assert not window.actions_["import"].isEnabled()


def test_the_last_project_opens_again(qtbot: QtBot, project_path: Path) -> None:
    open_window(qtbot, project_path, show=False).close()
    again = open_window(qtbot, None, show=False)
    assert again.project is not None and again.project.path == project_path
    assert again.pages.currentWidget() is again.splitter
    assert str(project_path.resolve()) in again.settings.recent_projects


def test_a_corrupt_settings_file_is_reset_with_a_warning(qtbot: QtBot, monkeypatch: MonkeyPatch) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    open_window(qtbot, None, show=False)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "could not be read" in warnings[0]
    assert settings_path().with_name("settings.json.bad").exists()


def test_invalid_values_count_as_corrupt() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"font_size": "huge"}), encoding="utf-8")
    settings, warning = load_settings()
    assert warning is not None and settings.font_size == 13


def test_zoom_changes_the_font_and_is_remembered(qtbot: QtBot, project_path: Path) -> None:
    window = open_window(qtbot, project_path)
    size = window.view.font().pointSize()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSize() == size + 1
    assert load_settings()[0].font_size == size + 1


def test_a_custom_shortcut_from_the_settings_file_replaces_the_default(
    qtbot: QtBot, project_path: Path
) -> None:
    settings, _ = load_settings()
    settings.shortcuts = {"accept": "Y"}
    save_settings(settings)
    window = open_window(qtbot, project_path, show=False)
    assert [key.toString() for key in window.actions_["accept"].shortcuts()] == ["Y"]


@pytest.mark.slow
def test_open_the_demo_from_the_welcome_page(qtbot: QtBot) -> None:
    window = open_window(qtbot, None)
    buttons = {button.text(): button for button in window.welcome.findChildren(QPushButton)}
    buttons["Open the demo"].click()
    qtbot.waitUntil(lambda: window.project is not None, timeout=60_000)
    assert window.model is not None and len(window.model.ids) == 3
    assert window.view.state is not None and window.view.state.pending_count() > 0
