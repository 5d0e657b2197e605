"""Quotation marks: which stretches of text are quoted, with no pipeline involved."""

from __future__ import annotations

from annotator.suggest.marks import quoted_stretches


def contents(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in q.parts] for q in quoted_stretches(text)]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The students’ union said it didn’t agree, and the dean's office won't comment on the '90s."
    assert contents(text) == []


def test_curly_straight_and_guillemet_quotes_are_found() -> None:
    text = '“One two,” he said. "Three four" and «five six» and ‘seven eight’.'
    assert contents(text) == [["One two"], ["Three four"], ["five six"], ["seven eight"]]


def test_apostrophe_inside_single_quotes_does_not_close_them() -> None:
    text = "‘We don’t know yet,’ she said."
    assert contents(text) == [["We don’t know yet"]]


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = "“He told me ‘never again’ and walked out,” she said."
    assert contents(text) == [["He told me ‘never again’ and walked out"]]


def test_quote_left_open_continues_in_next_paragraph_that_reopens() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph ends it.” Then more.\n\nLater “another”."
    stretches = quoted_stretches(text)
    assert [[text[s:e] for s, e in q.parts] for q in stretches] == [
        ["First paragraph of the quote.", "Second paragraph ends it."],
        ["another"],
    ]
    assert stretches[0].closed


def test_quote_never_closed_runs_to_its_paragraph_end() -> None:
    text = "He said “this never ends\n\nNext paragraph."
    (stretch,) = quoted_stretches(text)
    assert text[stretch.start : stretch.end] == "this never ends"
    assert not stretch.closed


def test_wrapped_lines_inside_a_paragraph_do_not_end_a_quote() -> None:
    text = "The mayor commented:\n“We will rebuild the\nbridge by spring.”\n\nNext paragraph."
    assert contents(text) == [["We will rebuild the\nbridge by spring."]]


def test_without_blank_lines_every_line_is_a_paragraph() -> None:
    text = "“First line opens\n“Second line closes.”"
    (stretch,) = quoted_stretches(text)
    assert len(stretch.parts) == 2


def test_quote_ending_in_a_nested_quote_closes_after_the_space() -> None:
    text = 'He said: "I thought, \'not again.\' "\n\n"Then it happened twice," she wrote.'
    assert contents(text) == [["I thought, 'not again.'"], ["Then it happened twice"]]
