"""Issue 13, item 20: a project's markup shows as text in the window; bad colours never reach a style sheet.

Every string a project holds that the window shows (title, text, labels and their
colours, stances, speaker names, topic) and the annotator's name are hostile here:
HTML that would load a local file, bold, a link, an entity, a script, style-sheet
syntax. The window is opened on it and each place that shows one is read back as
Qt would draw it. Run with ``-s`` for the figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from annotator.actions.catalogue import STANCES
from annotator.gui.dialogs import ProjectDialog
from annotator.gui.inspector import LabelChip
from annotator.gui.labelpicker import open_picker
from annotator.gui.style import FALLBACK_COLOUR
from annotator.gui.window import MainWindow
from annotator.store import Project
from tests.gui.conftest import key, open_window, point_at

HOSTILE = (
    '<img src="/etc/passwd">',
    "<b>bold</b>",
    '<a href="file:///etc">x</a>',
    "&amp;",
    "<script>alert(1)</script>",
    "Tom & Jerry &&",
    "a < b > c",
    '<span style="color:red">red</span>',
    "<table><tr><td>cell",
)
# One per hostile label: none is a colour, so each label gets the fallback colour.
HOSTILE_COLOURS = (
    "red; background-image: url(/etc/passwd)",
    "#zzz",
    "}",
    "} QWidget { background-image: url(/etc/passwd) }",
    "",
    "transparent",
    "#12345",
    "url(/etc/passwd)",
    "rgba(0, 0, 0, 0)",
)
# Labels whose colour is replaced by their default one, or kept (and spelled #rrggbb).
KNOWN_LABELS = (
    ({"name": "PERSON", "colour": "#zzz; }"}, "#aa9cfc"),
    ({"name": "ORG", "colour": "#ABC"}, "#aabbcc"),
    ({"name": "GPE", "colour": " SteelBlue "}, "#4682b4"),
)
SENTENCE = "{h} said: “The harbour will reopen soon.” The end."
QUOTE = "“The harbour will reopen soon.”"


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    """One document per hostile string: its title, an entity labelled with it, a quote with that stance."""
    path = tmp_path / "hostile.annotator"
    with Project.open(path, annotator="model-run") as project:
        labels = [{"name": h, "colour": c} for h, c in zip(HOSTILE, HOSTILE_COLOURS, strict=True)]
        project.set_setting("entity_labels", labels + [label for label, _ in KNOWN_LABELS])
        project.set_setting("stance_labels", list(HOSTILE[:4]))
        project.set_setting("topic", HOSTILE[0] + " " + HOSTILE[2])
        records = [{"text": SENTENCE.format(h=h), "title": f"{h} title"} for h in HOSTILE]
        for (doc, _), h in zip(project.add_documents(records), HOSTILE, strict=True):
            text = SENTENCE.format(h=h)
            speaker = project.add_span(doc, 0, len(h), h, status="suggested", origin="model")
            start = text.index(QUOTE)
            end = start + len(QUOTE)
            quote = project.add_span(
                doc, start, end, "QUOTE", kind="quote", status="suggested", origin="model",
                stance=HOSTILE[doc % 4],
                attributes={"type": "direct", "speaker_name": h, "parts": [[start, end]]},
            )  # fmt: skip
            cue_at = text.index("said")
            made = {"kind": "cue", "status": "suggested", "origin": "model"}
            cue = project.add_span(doc, cue_at, cue_at + 4, "CUE", **made)
            project.set_relation(quote.id, "SPEAKER", speaker.id)
            project.set_relation(quote.id, "CUE", cue.id)
    return path


@pytest.fixture
def window(qtbot: QtBot, hostile_path: Path) -> Iterator[MainWindow]:
    """The real window on the hostile project, its annotator's name hostile too."""
    shown = open_window(qtbot, hostile_path)
    shown.setWindowState(Qt.WindowState.WindowNoState)
    shown.resize(1366, 768)
    shown.settings.annotator = HOSTILE[1]
    shown.update_status()
    yield shown
    shown.close()


def as_shown(text: str, rich: bool) -> str:
    """What Qt draws for ``text``: the text itself, or what its markup renders to."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    """A label's text as drawn (rich text when its format says so, or when Qt guesses it is)."""
    text, fmt = label.text(), label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    return as_shown(text, rich)


def tooltip_shows(tip: str) -> str:
    """A tooltip as drawn: Qt reads it as rich text when it might be."""
    return as_shown(tip, QtGui.Qt.mightBeRichText(tip))


class Checked(Counter[str]):
    """How many widgets, strings and style sheets the test looked at."""

    def literal(self, where: str, shown: str, expected: str) -> None:
        """``expected`` is in what ``where`` shows."""
        assert expected in shown, f"{where} shows {shown!r}, not {expected!r}"
        self["strings"] += 1


def sweep(window: MainWindow, checked: Checked) -> None:
    """Every widget: no style sheet holds a hostile colour; no hostile markup is read as HTML."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheets = [app.styleSheet()] + [w.styleSheet() for w in [window, *window.findChildren(QWidget)]]
    for sheet in sheets:
        for bad in ("url(", "/etc", "#zzz", "#12345", "rgba", "red;"):
            assert bad not in sheet, sheet
        backgrounds = re.findall(r"background:\s*([^;}]*)", sheet)
        assert all(re.fullmatch("#[0-9a-f]{6}", value) for value in backgrounds), sheet
    checked["style sheets"] += sum(bool(sheet) for sheet in sheets)
    for widget in [window, *window.findChildren(QWidget)]:
        checked["widgets"] += 1
        pieces = [("tooltip", widget.toolTip(), tooltip_shows(widget.toolTip()))]
        if isinstance(widget, QLabel):
            pieces.append(("text", widget.text(), label_shows(widget)))
        for what, raw, shown in pieces:
            # A hostile string written as is must survive drawing (an escaped one is not "in" raw).
            for h in HOSTILE:
                if h in raw:
                    checked.literal(f"{widget.objectName() or type(widget).__name__} {what}", shown, h)
    for action in window.findChildren(QAction):
        for h in HOSTILE:
            if h in action.text().replace("&&", "&"):
                checked.literal(f"menu entry {action.text()!r}", action.iconText(), h)


def test_every_hostile_string_shows_literally_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    checked = Checked()
    assert window.project is not None
    for number, h in enumerate(HOSTILE, start=1):
        window.open_document(number)
        qtbot.waitUntil(lambda: "…" not in window.heading.title.text())  # laid out at its full width
        state = window.view.state
        assert state is not None
        entity = next(span for span in state.spans.values() if span.kind == "entity")
        quote = next(span for span in state.spans.values() if span.kind == "quote")

        # The heading: title and topic, each plain, whole in its tooltip.
        title, details = window.heading.title, window.heading.details
        assert title.textFormat() == details.textFormat() == Qt.TextFormat.PlainText
        checked.literal("heading", label_shows(title), f"{h} title")
        checked.literal("heading tooltip", tooltip_shows(title.toolTip()), f"{h} title")
        checked.literal("topic", label_shows(details), HOSTILE[0])
        topic = f"Topic: {HOSTILE[0]} {HOSTILE[2]}"
        checked.literal("topic tooltip", tooltip_shows(details.toolTip()), topic)

        # The document list's row and tooltip.
        assert window.model is not None
        row = window.model.row_of(number)
        assert row is not None
        cell = window.model.index(row, 1)
        checked.literal("list row", window.model.data(cell), f"{h} title")
        tip = window.model.data(cell, Qt.ItemDataRole.ToolTipRole)
        checked.literal("list tooltip", tooltip_shows(tip), f"{h} title")

        # The inspector, for the entity and then the quote.
        window.view.select_span(entity.id)
        values = window.inspector.values
        assert all(value.textFormat() == Qt.TextFormat.PlainText for value in values.values())
        assert values["Label"].text() == h
        checked.literal("inspector label", label_shows(values["Label"]), h)
        checked.literal("inspector text", label_shows(values["Text"]), h)
        window.view.select_span(quote.id)
        checked.literal("inspector stance", label_shows(values["Stance"]), HOSTILE[number % 4])
        checked.literal("inspector speaker", label_shows(values["Speaker"]), h)
        checked.literal("inspector resolved name", label_shows(values["Resolved name"]), h)

        # The article's tooltip over the entity.
        window.view._show_tooltip(point_at(window, 1), window.view.mapToGlobal(point_at(window, 1)))
        assert QToolTip.isVisible()
        checked.literal("article tooltip", tooltip_shows(QToolTip.text()), h)
        QToolTip.hideText()

        # Accepting the entity names it in Undo: the & in a label is shown, not a mnemonic.
        window.view.select_span(entity.id)
        key(qtbot, window, Qt.Key.Key_A)
        checked.literal("undo entry", window.actions_["undo"].iconText(), f"Undo Accept {h}")
        sweep(window, checked)

    # The legend: plain chips, each named and coloured with a checked colour.
    chips = window.legend.chips()
    expected = {**{h: FALLBACK_COLOUR for h in HOSTILE}, **{label["name"]: c for label, c in KNOWN_LABELS}}
    assert [chip.name for chip in chips] == list(expected)
    for i, chip in enumerate(chips):
        assert isinstance(chip, LabelChip) and chip.textFormat() == Qt.TextFormat.PlainText
        checked.literal("legend chip", label_shows(chip), chip.name)
        checked.literal("legend tooltip", tooltip_shows(chip.toolTip()), chip.name)
        assert f"background:{expected[chip.name]};" in chip.styleSheet()
        assert chip.palette().color(chip.backgroundRole()).isValid()
        if i < 9:  # the number keys' menu entries
            checked.literal("label menu entry", window.actions_[f"label_{i + 1}"].iconText(), chip.name)
    for (name, _, _), stance in zip(STANCES, HOSTILE[:4], strict=True):
        checked.literal("stance menu entry", window.actions_[name].iconText(), f"Stance: {stance}")
    assert window.view.colours.entity(HOSTILE[0]).name() == FALLBACK_COLOUR
    assert window.view.colours.entity("PERSON").name() == "#aa9cfc"

    # The status bar: the annotator's name.
    assert window.annotator_label.textFormat() == Qt.TextFormat.PlainText
    checked.literal("status bar", label_shows(window.annotator_label), f"Annotator: {HOSTILE[1]}")
    sweep(window, checked)

    print(
        f"\nhostile window text: {len(HOSTILE)} hostile strings, {len(HOSTILE_COLOURS) + 1} hostile colours; "
        f"{checked['strings']} strings, {checked['widgets']} widgets, "
        f"{checked['style sheets']} style sheets checked"
    )
    assert checked["strings"] >= 20 * len(HOSTILE)


def test_label_picker_and_project_dialog_take_hostile_labels(qtbot: QtBot, window: MainWindow) -> None:
    assert window.project is not None
    window.view.select_span(next(iter(window.view.state.spans)) if window.view.state else None)
    picker = open_picker(window)
    assert picker is not None
    qtbot.addWidget(picker)
    shown = [picker.list.item(row).text().strip() for row in range(picker.list.count())]
    assert [text.split(maxsplit=1)[-1] for text in shown[:9]] == list(HOSTILE)
    for row in range(picker.list.count()):
        swatch = picker.list.item(row).icon().pixmap(12, 12).toImage().pixelColor(6, 6)
        assert swatch.isValid() and swatch.alpha() == 255
    picker.close()

    dialog = ProjectDialog(window.project.settings(), window)
    qtbot.addWidget(dialog)
    colours = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    assert colours == [FALLBACK_COLOUR] * len(HOSTILE) + [c for _, c in KNOWN_LABELS]
    assert all(QColor(c).isValid() for c in colours)
    dialog.table.item(0, 1).setText("red; background-image: url(/etc/passwd)")  # typed into the cell
    assert dialog.values()["entity_labels"][0]["colour"] == FALLBACK_COLOUR
    assert dialog.values()["entity_labels"][1]["name"] == HOSTILE[1].upper()


def test_speaker_dialog_shows_the_article_words_as_text(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QInputDialog

    from annotator.gui.speaker_name import ask_name
    from tests.gui.conftest import when_shown

    window.open_document(2)  # the speaker is "<b>bold</b>"
    state = window.view.state
    assert state is not None
    window.view.select_span(next(span.id for span in state.spans.values() if span.kind == "quote"))
    seen: list[tuple[Qt.TextFormat, str]] = []

    def read(dialog: QInputDialog) -> None:
        seen.extend((label.textFormat(), label_shows(label)) for label in dialog.findChildren(QLabel))
        dialog.reject()

    when_shown(QInputDialog, read)
    assert not ask_name(window)
    question = [(fmt, text) for fmt, text in seen if "speaking" in text]
    assert question == [(Qt.TextFormat.PlainText, question[0][1])]
    assert "“<b>bold</b>”" in question[0][1]


def test_window_title_is_the_file_name(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "<b>bold<b> & <img src=x> co.annotator"
    Project.open(path, annotator="x").close()
    shown = open_window(qtbot, path)
    assert shown.windowTitle() == "<b>bold<b> & <img src=x> co — annotator"
    shown.close()
