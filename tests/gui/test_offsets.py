"""Qt positions (UTF-16) and stored offsets (code points) map exactly, for any text."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from annotator.actions.tokens import Tokens
from annotator.gui.offsets import OffsetMap, display_text

MIXED = "a😀b\r\ncafe\u0301 東京 שלום 🇺🇸\rend\n"


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.slow  # about 2 s of examples
@given(st.text())
def test_every_code_point_round_trips(text: str) -> None:
    offsets = OffsetMap(text)
    for i in range(len(text) + 1):
        assert offsets.to_qt(i) == utf16_length(text[:i])
        assert offsets.to_py(offsets.to_qt(i)) == i


def test_a_position_inside_a_surrogate_pair_gives_the_pair_start() -> None:
    offsets = OffsetMap("a😀b")
    assert [offsets.to_py(p) for p in range(5)] == [0, 1, 1, 2, 3]


@given(st.lists(st.sampled_from(["a", "\r", "\n", "\r\n", "😀", "e\u0301", "東", "ש", " "])).map("".join))
def test_display_text_has_one_character_per_stored_code_point(text: str) -> None:
    shown = display_text(text)
    assert len(shown) == len(text)
    document = QTextDocument(shown)
    assert document.characterCount() - 1 == utf16_length(text)


def test_selected_screen_text_is_the_stored_text() -> None:
    document = QTextDocument(display_text(MIXED))
    offsets = OffsetMap(MIXED)
    for start, end in ((1, 3), (2, 6), (5, 12), (13, 17), (17, 21), (0, len(MIXED))):
        cursor = QTextCursor(document)
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        shown = cursor.selectedText().replace("\u2029", "\n")
        assert shown == display_text(MIXED)[start:end].replace("\r", "\n")
        assert offsets.to_py(cursor.selectionStart()) == start
        assert offsets.to_py(cursor.selectionEnd()) == end


def test_snap_widens_to_whole_tokens_and_keeps_exact_token_ranges() -> None:
    tokens = Tokens("Mayor Ana Ruiz said: no.")
    assert tokens.snap(7, 12) == (6, 14)
    assert tokens.snap(6, 14) == (6, 14)
    assert tokens.snap(14, 15) == (14, 15)
    assert tokens.snap(5, 15) == (6, 14)


def test_token_moves_step_over_words_and_punctuation() -> None:
    text = "Mayor Ana Ruiz said: no."
    tokens = Tokens(text)
    assert tokens.next_end(9) == 14
    assert tokens.previous_end(14) == 9
    assert tokens.previous_start(6) == 0
    assert tokens.next_start(6) == 10
    assert tokens.next_end(len(text)) == len(text)


def test_many_void_qt_calls_leave_none_alive() -> None:
    from PySide6.QtGui import QColor

    colour = QColor()
    for _ in range(200_000):
        colour.setRed(1)
    assert sys.getrefcount(None) > 1000
