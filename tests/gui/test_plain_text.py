"""The helpers that keep a project's strings plain (issue 13, item 20): escaping, menus, boxes, colours."""

from __future__ import annotations

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.gui.plain import ask, menu_text, plain_html, plain_label, plain_tooltip, warn
from annotator.gui.style import FALLBACK_COLOUR, SpanColours, label_colour, safe_colour
from annotator.gui.window import MainWindow
from tests.gui.conftest import when_shown

pytestmark = pytest.mark.usefixtures("qapp")  # actions, documents and fonts need the application
MARKUP = (
    '<img src="/etc/passwd">',
    "<b>bold</b>",
    '<a href="file:///etc">x</a>',
    "&amp;",
    "<script>alert(1)</script>",
    "a < b\n  > c &lt;",
    "<!-- comment -->",
    "<!DOCTYPE html><html><body>page",
)
NOT_COLOURS = (
    "red; background-image: url(/etc/passwd)",
    "#zzz",
    "}",
    "",
    "transparent",
    "#12345",
    "#1234567",
    "#80ff0000",
    "url(/etc/passwd)",
    "rgb(1, 2, 3)",
    "red }",
    "#fff\n;",
    None,
    12,
)


def rendered(rich: str) -> str:
    """What Qt draws for ``rich`` read as HTML."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


@pytest.mark.parametrize("text", MARKUP)
def test_plain_html_and_tooltips_show_markup_literally(text: str) -> None:
    assert rendered(plain_html(text)) == text
    tip = plain_tooltip(text)
    shown = rendered(tip) if QtGui.Qt.mightBeRichText(tip) else tip
    assert shown == text


def test_a_tooltip_qt_shows_as_plain_text_is_left_as_it_is() -> None:
    assert plain_tooltip("Document 3 (new): Harbour & port") == "Document 3 (new): Harbour & port"


@pytest.mark.parametrize("text", ["Tom & Jerry", "&&", "R&D &Co", "no ampersand"])
def test_menu_text_shows_an_ampersand_instead_of_a_mnemonic(text: str) -> None:
    action = QAction(menu_text(text))
    assert action.iconText() == text


@pytest.mark.parametrize("text", MARKUP)
def test_plain_label_never_reads_markup(qtbot: QtBot, text: str) -> None:
    label = plain_label(text)
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == text


@pytest.mark.parametrize("text", (*MARKUP, "plain words"))
def test_warning_box_shows_its_text_plain(qtbot: QtBot, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    if not QtGui.Qt.mightBeRichText(text):  # the standard box: Qt shows such text plain
        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, said: shown.append(said))
        warn(parent, "Title", text)
        assert shown == [text]
        return
    seen: list[tuple[Qt.TextFormat, str]] = []

    def read(box: QMessageBox) -> None:
        seen.append((box.textFormat(), box.text()))
        box.accept()

    when_shown(QMessageBox, read)
    warn(parent, "Title", text)
    assert seen == [(Qt.TextFormat.PlainText, text)]


@pytest.mark.parametrize("button", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_question_with_markup_is_plain_and_answers(qtbot: QtBot, button: QMessageBox.StandardButton) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[Qt.TextFormat, str, bool]] = []

    def answer(box: QMessageBox) -> None:
        no = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        seen.append((box.textFormat(), box.text(), no))
        box.button(button).click()

    when_shown(QMessageBox, answer)
    question = 'Delete <img src="/etc/passwd"> & <b>bold</b>?'
    assert ask(parent, "annotator", question) is (button == QMessageBox.StandardButton.Yes)
    assert seen == [(Qt.TextFormat.PlainText, question, True)]


@pytest.mark.parametrize("value", NOT_COLOURS)
def test_anything_but_a_colour_gets_the_fallback(value: object) -> None:
    assert safe_colour(value, "#010203") == "#010203"


@pytest.mark.parametrize(
    ("value", "spelled"),
    [("#ABC", "#aabbcc"), ("#a1b2c3", "#a1b2c3"), ("red", "#ff0000"), (" SteelBlue ", "#4682b4")],
)
def test_colours_are_spelled_rrggbb(value: str, spelled: str) -> None:
    assert safe_colour(value) == spelled


def test_a_bad_label_colour_falls_back_to_that_labels_default() -> None:
    assert label_colour({"name": "PERSON", "colour": "red; background: url(x)"}) == "#aa9cfc"
    assert label_colour({"name": "<b>NEW</b>", "colour": "}"}) == FALLBACK_COLOUR
    assert label_colour({"name": "ORG"}) == "#7aecec"
    colours = SpanColours([{"name": "PERSON", "colour": "#zzz"}, {"name": "X", "colour": "url(/etc)"}], False)
    assert colours.entity("PERSON").name() == "#aa9cfc" and colours.entity("X").name() == FALLBACK_COLOUR


def test_document_list_tooltip_shows_a_hostile_title(window: MainWindow) -> None:
    assert window.project is not None and window.model is not None
    title = '<img src="/etc/passwd"> & <b>bold</b>'
    [(document_id, _)] = window.project.add_documents([{"text": "A fourth report.", "title": title}])
    window.refresh_all()
    index = window.model.index(window.model.row_of(document_id) or 0, 1)
    assert window.model.data(index) == title
    assert rendered(window.model.data(index, Qt.ItemDataRole.ToolTipRole)).endswith(f": {title}")


def test_label_and_stance_keys_show_an_ampersand(window: MainWindow) -> None:
    assert window.project is not None
    labels = [{"name": "R&D", "colour": "#123456"}, {"name": "<b>X</b>", "colour": "#zzz"}]
    window.project.set_setting("entity_labels", labels)
    window.project.set_setting("stance_labels", ["pro & con"])
    window.project_settings_changed()
    assert window.actions_["label_1"].iconText() == "R&D"
    assert window.actions_["label_2"].iconText() == "<b>X</b>"
    assert window.actions_["stance_favor"].iconText() == "Stance: pro & con"
    chip = window.legend.chips()[1]
    assert chip.text() == "2 <b>X</b>" and chip.textFormat() == Qt.TextFormat.PlainText
    assert "background:#c8c8c8;" in chip.styleSheet()
