"""Start-up never fails: whatever the settings file or pipeline, the window opens and says what is wrong."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import spacy
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.gui.app import build_window
from annotator.gui.usersettings import load_settings, settings_path
from annotator.store import Project
from annotator.suggest.pipeline import load_pipeline

BAD_SETTINGS: dict[str, bytes] = {
    "not JSON": b"{not json",
    "invalid UTF-8": b'{"annotator": "\xff\xfe"}',
    "UTF-16": json.dumps({"annotator": "ana"}).encode("utf-16"),
    "a list": b"[1, 2, 3]",
    "null": b"null",
    "empty": b"",
    "NUL bytes": b"\x00" * 64,
    "font size out of range": b'{"font_size": 1000}',
    "theme null": b'{"theme": null}',
    "recent projects not a list": b'{"recent_projects": "x"}',
    "last project a number": b'{"last_project": 42}',
    "shortcut not a string": b'{"shortcuts": {"accept": 5}}',
    "unknown keys only": b'{"colour": "blue", "__class__": "os.system"}',
}


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


@pytest.mark.parametrize("content", BAD_SETTINGS.values(), ids=BAD_SETTINGS.keys())
def test_any_settings_file_lets_the_window_start(qtbot: QtBot, content: bytes, boxes: list[str]) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(content)

    window = build_window(None, background=False)
    qtbot.addWidget(window)
    started: list[bool] = []
    QTimer.singleShot(0, lambda: started.append(True))  # runs after the warning build_window queued
    qtbot.waitUntil(lambda: bool(started))

    assert window.pages.currentWidget() is window.welcome
    assert all("could not be read" in text for text in boxes)


def test_a_settings_folder_in_place_of_the_file_lets_the_window_start(qtbot: QtBot, boxes: list[str]) -> None:
    settings_path().mkdir(parents=True)

    window = build_window(None, background=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(boxes))

    assert "could not be read" in boxes[0]


def test_a_read_only_settings_folder_still_starts_with_defaults(
    tmp_path: Path, qtbot: QtBot, boxes: list[str]
) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{broken", "utf-8")
    folder = settings_path().parent
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("root without chattr")
        subprocess.run(["chattr", "+i", folder], check=True)
    else:
        folder.chmod(0o555)
    try:
        settings, warning = load_settings()
        window = build_window(None, background=False)
        qtbot.addWidget(window)
        with Project.open(tmp_path / "p.annotator") as project:
            project.add_document("A text to show.")
        assert window.open_project(tmp_path / "p.annotator")
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", folder], check=True)
        else:
            folder.chmod(0o755)
    assert settings.font_size == 13
    assert warning is not None and "could not be read" in warning and "could not be moved aside" in warning


@pytest.mark.parametrize("damage", ["deleted", "not a database", "newer schema"])
def test_a_last_project_that_cannot_open_leaves_the_welcome_page(
    qtbot: QtBot, tmp_path: Path, boxes: list[str], damage: str
) -> None:
    path = tmp_path / "last.annotator"
    with Project.open(path) as project:
        project.add_document("Some text.")
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"last_project": str(path)}), "utf-8")
    if damage == "deleted":
        path.unlink()
    elif damage == "not a database":
        path.write_bytes(b"garbage" * 1000)
    else:
        with Project.open(path) as project:
            project.conn.execute("PRAGMA user_version = 99")

    window = build_window(None, background=False)
    qtbot.addWidget(window)

    assert window.pages.currentWidget() is window.welcome
    assert window.project is None
    assert len(boxes) == (0 if damage == "deleted" else 1)


# Run in a child process: closing a window whose pipeline loaded in the background sometimes crashes
# (reported to the GUI's owners), and that must not take the test session down with it.
SHOW_PIPELINE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from annotator.gui.app import build_window
app = QApplication([])
window = build_window(None, background=True)
def poll():
    if window.pipeline is None:
        QTimer.singleShot(50, poll)
        return
    print(window.pipeline_label.text())
    print(window.pipeline_label.toolTip())
    print(window.pages.currentWidget() is window.splitter, flush=True)
    app.quit()
QTimer.singleShot(50, poll)
app.exec()
"""


@pytest.mark.slow
def test_a_missing_pipeline_starts_rules_only_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.open(path) as project:
        project.add_document("Mayor Ana Ruiz said: “We open.”")
        project.set_setting("pipeline", "no_such_pipeline_installed")
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"last_project": str(path)}), "utf-8")

    shown = subprocess.run(
        [sys.executable, "-c", SHOW_PIPELINE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.splitlines()

    assert shown[0] == "Pipeline: rules-only ⚠"
    assert "'no_such_pipeline_installed' could not be loaded" in shown[1]
    assert shown[-1] == "True"


def test_a_pipeline_for_another_spacy_version_loads_with_a_visible_warning(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.meta.update({"name": "old_pipe", "spacy_version": ">=2.0.0,<2.1.0"})
    nlp.to_disk(tmp_path / "old")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        info = load_pipeline(str(tmp_path / "old"))

    assert info.nlp is not None
    assert info.warning is not None and "spaCy" in info.warning
