"""Tab's order "least certain first" (issue 15): stance guesses by p, then everything else in text order."""

from __future__ import annotations

import pytest

from annotator.actions.perform import perform
from annotator.actions.state import DocumentState
from annotator.store import Project
from tests.texts import offset

TEXT = "Ana Ruiz said “we reopen”. Li Wei said “we wait”. Zoe Park said “we sell”. Ed Moss said “no”."


def walk(state: DocumentState, backwards: bool = False) -> list[int]:
    """The ids Tab (or Shift+Tab) selects from nothing selected, once round."""
    seen = [state.next_to_decide(None, backwards, least_certain=True)]
    while True:
        following = state.next_to_decide(seen[-1], backwards, least_certain=True)
        assert following is not None
        if following == seen[0]:
            return [span.id for span in seen if span is not None]
        seen.append(following)


@pytest.fixture
def document(project: Project) -> int:
    """Four suggested quotes, three with a stance guess (p 0.9, 0.4, -, 0.6), and a suggested entity."""
    document_id, _ = project.add_document(TEXT)
    for fragment, p in (("“we reopen”", 0.9), ("“we wait”", 0.4), ("“we sell”", None), ("“no”", 0.6)):
        guess = {"suggested_stance": {"label": "favor", "p": p}} if p is not None else {}
        project.add_span(
            document_id, *offset(TEXT, fragment), "QUOTE", kind="quote", status="suggested", origin="model",
            attributes={"type": "direct", **guess},
        )  # fmt: skip
    project.add_span(document_id, *offset(TEXT, "Li Wei"), "PERSON", status="suggested", origin="model")
    return document_id


def test_guessed_quotes_come_first_by_p_then_the_rest_in_text_order(project: Project, document: int) -> None:
    state = DocumentState(project, document)
    assert walk(state) == [2, 4, 1, 5, 3]  # p 0.4, 0.6, 0.9; then Li Wei and the unguessed quote by position
    assert walk(state, backwards=True) == [3, 5, 1, 4, 2]
    assert state.next_to_decide(None) == project.span(1)  # text order is unchanged


def test_after_deciding_the_least_certain_quote_tab_goes_to_the_next_least_certain(
    project: Project, document: int
) -> None:
    perform(project, document, "stance_favor", span=2)  # accepts the quote with a stance of its own
    state = DocumentState(project, document)
    decided = state.spans[2]
    assert decided.stance == "favor" and state.next_to_decide(None, least_certain=True) != decided
    assert state.next_to_decide(decided, least_certain=True) == project.span(4)
    assert state.next_to_decide(decided, backwards=True, least_certain=True) == project.span(3)
