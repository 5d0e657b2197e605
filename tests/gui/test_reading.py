"""Reading the article while annotating it: what is scrolled into view, how spans are marked, the heading,
the measure of the lines, double-click selection, and the document list when nothing matches (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from annotator.store import Project, Span
from tests.gui.conftest import ARTICLE, click_on, key, offset, open_window, point_at

CTRL = Qt.KeyboardModifier.ControlModifier

# Written for these tests: forty short paragraphs, each naming the town, and two quotes in the middle:
# one far taller than the view, one of two lines whose speaker is an entity.
PARAGRAPHS = [
    f"On day {n} the harbour board of Greyhaven met again and talked about ferries, tolls, the old pier"
    " and the repairs the winter storms had made necessary."
    for n in range(1, 41)
]
LONG_QUOTE = (
    "“"
    + " ".join(
        f"Item {n}: the ferry timetable, the pier lights and the toll booths all need work before spring."
        for n in range(1, 46)
    )
    + "”"
)
SHORT_QUOTE = "“We will not raise the tolls this year, whatever the repairs cost us in the end.”"
LONG_TEXT = "\n\n".join(
    [
        *PARAGRAPHS[:20],
        f"The harbour master said: {LONG_QUOTE}",
        f"Mira Olsen told the board: {SHORT_QUOTE}",
        *PARAGRAPHS[20:],
    ]
)


def in_text(fragment: str, after: int = 0) -> tuple[int, int]:
    start = LONG_TEXT.index(fragment, after)
    return start, start + len(fragment)


@pytest.fixture
def long_path(tmp_path: Path) -> Path:
    """One long document: a suggested GPE in every paragraph, two suggested quotes; the short one's
    speaker is the PERSON entity "Mira Olsen" and its cue "told"."""
    path = tmp_path / "long.annotator"
    with Project.open(path, annotator="model-run") as project:
        [(doc, _)] = project.add_documents([{"text": LONG_TEXT, "title": "Harbour board"}])
        at = 0
        while (at := LONG_TEXT.find("Greyhaven", at + 1)) != -1:
            project.add_span(doc, at, at + 9, "GPE", status="suggested", origin="model")
        quotes = []
        for quote in (LONG_QUOTE, SHORT_QUOTE):
            start, end = in_text(quote)
            attributes = {"type": "direct", "speaker_name": None, "parts": [[start, end]]}
            made = {"kind": "quote", "status": "suggested", "origin": "model", "attributes": attributes}
            quotes.append(project.add_span(doc, start, end, "QUOTE", **made))
        mira = project.add_span(doc, *in_text("Mira Olsen"), "PERSON", status="suggested", origin="model")
        cue = project.add_span(doc, *in_text("told"), "CUE", kind="cue", status="suggested", origin="model")
        project.set_relation(quotes[1].id, "SPEAKER", mira.id)
        project.set_relation(quotes[1].id, "CUE", cue.id)
    return path


@pytest.fixture
def long_window(qtbot: QtBot, long_path: Path) -> Iterator[MainWindow]:
    """The window, small enough that the long quote is taller than the article view."""
    shown = open_window(qtbot, long_path)
    shown.setWindowState(Qt.WindowState.WindowNoState)  # maximised on a small screen
    shown.resize(1000, 640)
    qtbot.waitUntil(lambda: shown.view.viewport().height() < 560)
    yield shown
    shown.close()


def screen_lines(window: MainWindow, span: Span) -> tuple[int, int]:
    """Top of the span's first line and bottom of its last, where the user sees them in the view."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(span.start))
    top = view.cursorRect(cursor).top()
    cursor.setPosition(view.offsets.to_qt(span.end - 1))
    return top, view.cursorRect(cursor).bottom()


def assert_in_view(window: MainWindow) -> Span:
    """The selected span is wholly in view, or (taller than the view) starts on its top line."""
    view = window.view
    assert view.state is not None and view.selected is not None
    span = view.state.spans[view.selected]
    top, bottom = screen_lines(window, span)
    height = view.viewport().height()
    if bottom - top < height:
        assert top >= 0 and bottom <= height, (LONG_TEXT[span.start : span.end][:40], top, bottom, height)
    else:
        assert 0 <= top < view.fontMetrics().lineSpacing(), (top, height)
    return span


# ----------------------------------------------------------------- item 7


def test_tab_j_and_k_bring_the_whole_selected_span_into_view(qtbot: QtBot, long_window: MainWindow) -> None:
    """Every suggestion in turn, forwards and back: none lands cut off at the bottom of the view."""
    window = long_window
    seen = set()
    scrolled = set()
    for name in [Qt.Key.Key_Tab] * 25 + [Qt.Key.Key_J] * 20 + [Qt.Key.Key_K] * 12:
        key(qtbot, window, name)
        span = assert_in_view(window)
        seen.add(span.kind)
        scrolled.add(window.view.verticalScrollBar().value())
    assert {"entity", "quote"} <= seen
    assert len(scrolled) > 5  # the view did move along


def test_a_quote_taller_than_the_view_starts_on_the_top_line(qtbot: QtBot, long_window: MainWindow) -> None:
    window = long_window
    view = window.view
    long_quote = next(q for q in view.state.quotes if q.end - q.start > 1000)
    for _ in range(40):
        key(qtbot, window, Qt.Key.Key_Tab)
        if view.selected == long_quote.id:
            break
    assert view.selected == long_quote.id
    top, bottom = screen_lines(window, long_quote)
    assert 0 <= top < view.fontMetrics().lineSpacing() and bottom > view.viewport().height()
    # A key that keeps it selected does not jump back to its start while its end is being read.
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 10)
    scrolled = view.verticalScrollBar().value()
    key(qtbot, window, Qt.Key.Key_T)
    assert view.state.spans[long_quote.id].attributes["type"] == "indirect"
    assert view.selected == long_quote.id
    assert view.verticalScrollBar().value() == scrolled


def test_undo_scrolls_back_to_the_span_it_changes(
    qtbot: QtBot, long_window: MainWindow, long_path: Path
) -> None:
    window = long_window
    view = window.view
    last = max((s for s in view.state.spans.values() if s.kind == "entity"), key=lambda s: s.start)
    view.select_span(last.id)
    key(qtbot, window, Qt.Key.Key_A)
    view.verticalScrollBar().setValue(0)
    assert screen_lines(window, last)[0] > view.viewport().height()  # far below
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    with Project.open(long_path, annotator="checker") as stored:
        assert stored.span(last.id).status == "suggested"
    assert view.selected == last.id
    assert_in_view(window)


# ----------------------------------------------------------------- item 8


def test_a_selected_quote_boxes_its_speaker_also_when_the_speaker_is_an_entity(
    qtbot: QtBot, long_window: MainWindow
) -> None:
    window = long_window
    view = window.view
    short = next(q for q in view.state.quotes if q.end - q.start < 200)
    mira = view.state.speaker(short)
    assert mira is not None and mira.kind == "entity"
    view.viewport().repaint()
    view.select_span(short.id)
    view.viewport().repaint()
    assert "box" in view.drawn[mira.id] and "fill" in view.drawn[mira.id]
    cue = view.state.cue(short)
    assert cue is not None and "underline" in view.drawn[cue.id]
    # Another selection: the entity is an entity again, without the box.
    key(qtbot, window, Qt.Key.Key_Escape)
    view.viewport().repaint()
    assert "box" not in view.drawn.get(mira.id, set())


# ----------------------------------------------------------------- item 11: rejected quotes


def test_a_rejected_quote_is_struck_through_not_underlined(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    quote = view.state.quotes[0]
    click_on(qtbot, window, *offset(ARTICLE, "harbour"))
    assert view.selected == quote.id
    view.viewport().repaint()
    assert "underline" in view.drawn[quote.id] and "strike" not in view.drawn[quote.id]
    key(qtbot, window, Qt.Key.Key_X)
    assert view.state.spans[quote.id].status == "rejected"
    view.viewport().repaint()
    assert "strike" in view.drawn[quote.id] and "underline" not in view.drawn[quote.id]
    # Its rectangles: one line through the middle of the text, as a rejected entity has.
    entity = next(s for s in view.state.spans.values() if s.kind == "entity")
    view.select_span(entity.id)
    key(qtbot, window, Qt.Key.Key_X)
    view.viewport().repaint()
    assert "strike" in view.drawn[entity.id]


# ----------------------------------------------------------------- item 11: double-click


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_double_click_selects_a_word_without_its_possessive(
    qtbot: QtBot, tmp_path: Path, apostrophe: str
) -> None:
    text = (
        f"Officials in Washington{apostrophe}s embassy said little. Washington{apostrophe}S reply came later."
    )
    path = tmp_path / "possessive.annotator"
    with Project.open(path, annotator="tester") as project:
        project.add_documents([{"text": text, "title": ""}])
    window = open_window(qtbot, path)
    try:
        for occurrence in (text.index("Washington"), text.rindex("Washington")):
            middle = point_at(window, occurrence + 4)
            qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=middle + QPoint(2, 0))
            assert window.view.textCursor().selectedText() == "Washington"
            key(qtbot, window, Qt.Key.Key_3)  # GPE
        with Project.open(path, annotator="checker") as stored:
            found = [(text[s.start : s.end], s.label) for s in stored.spans(1)]
        assert found == [("Washington", "GPE"), ("Washington", "GPE")]
    finally:
        window.close()


def test_double_click_on_other_words_selects_the_whole_word(qtbot: QtBot, window: MainWindow) -> None:
    start, _ = offset(ARTICLE, "disagreed")
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window, start + 3))
    assert window.view.textCursor().selectedText() == "disagreed"


# ----------------------------------------------------------------- item 11: the measure


def longest_line(window: MainWindow) -> int:
    """Characters on the longest line the view has laid out."""
    document = window.view.document()
    block, longest = document.begin(), 0
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            longest = max(longest, layout.lineAt(i).textLength())
        block = block.next()
    return longest


def test_lines_stay_near_ninety_characters_on_a_wide_screen(qtbot: QtBot, long_window: MainWindow) -> None:
    window = long_window
    view = window.view
    window.resize(1920, 1000)
    qtbot.waitUntil(lambda: view.width() > 1100)
    assert 80 <= longest_line(window) <= 100
    margins = view.viewportMargins()
    assert margins.left() > 100 and abs(margins.left() - margins.right()) <= 1  # centred
    # Narrow: the text takes the whole width again.
    window.resize(1000, 640)
    qtbot.waitUntil(lambda: view.width() < 700)
    assert view.viewportMargins().left() == 0 and longest_line(window) < 80
    # Larger text keeps the measure in characters.
    window.resize(1920, 1000)
    qtbot.waitUntil(lambda: view.width() > 1100)
    window.zoom(+4)
    assert 80 <= longest_line(window) <= 100


# ----------------------------------------------------------------- item 11: 1024x640 and 1366x768


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_title_and_list_fit_small_screens(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    titles = [
        "Harbour board of Greyhaven votes to keep ferry tolls unchanged for another year",
        "Storm damage to the old pier will cost more than the council had expected",
    ]
    path = tmp_path / "titles.annotator"
    with Project.open(path, annotator="tester") as project:
        project.add_documents([{"text": f"{t}. Some text.", "title": t} for t in titles])
    window = open_window(qtbot, path, show=False)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    qtbot.waitUntil(lambda: window.view.isVisible() and window.table.isVisible())
    try:
        heading = window.heading
        # The title takes one line, cut with "…" when it does not fit, whole in its tooltip.
        assert heading.title.height() < 2 * heading.title.fontMetrics().lineSpacing()
        shown_title = heading.shown()[0]
        assert titles[0].startswith(shown_title.rstrip("…")) and heading.title.toolTip() == titles[0]
        # The list shows two lines of each title: some 40 characters or more.
        table = window.table
        column = table.columnWidth(1)
        assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()
        assert column >= table.fontMetrics().horizontalAdvance(titles[0][:22])
    finally:
        window.close()


# ----------------------------------------------------------------- item 4: the topic


def test_the_topic_is_shown_above_the_article_and_follows_project_settings(
    qtbot: QtBot, window: MainWindow, stored: Project
) -> None:
    assert "Topic" not in window.heading.text()  # empty topic: nothing said

    def set_topic(topic: str) -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        assert isinstance(dialog.topic, QLineEdit)
        dialog.topic.setText(topic)
        dialog.accept()

    QTimer.singleShot(50, lambda: set_topic("  the harbour's reopening "))
    window.edit_project()
    assert stored.setting("topic") == "the harbour's reopening"
    assert "Topic: the harbour's reopening" in window.heading.shown()[1]
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_A)  # the heading is redrawn after a change: the topic stays
    assert "Topic: the harbour's reopening" in window.heading.shown()[1]
    QTimer.singleShot(50, lambda: set_topic(""))
    window.edit_project()
    assert "Topic" not in window.heading.text()


# ----------------------------------------------------------------- item 11: empty list


def test_an_empty_search_or_filter_says_so(qtbot: QtBot, window: MainWindow) -> None:
    table = window.table
    assert table.placeholder() == ""
    window.search.setFocus()
    qtbot.keyClicks(window.search, "zeppelin")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert table.model().rowCount() == 0
    assert table.placeholder() == "No documents match “zeppelin”."
    window.filter.setCurrentIndex(window.filter.findData("done"))
    assert table.placeholder() == "No done documents match “zeppelin”."
    window.search.clear()
    assert table.placeholder() == "No documents are done."
    window.filter.setCurrentIndex(0)
    assert table.placeholder() == "" and table.model().rowCount() == 3
