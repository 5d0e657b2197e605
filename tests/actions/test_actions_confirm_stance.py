"""A suggested stance (the stance model's guess) is shown, never decided, until one key confirms it."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.actions.catalogue import BY_ID
from annotator.actions.change import Context, Refused, Unconfirmed
from annotator.actions.decisions import missing
from annotator.actions.edits import apply_all
from annotator.actions.history import past_actions
from annotator.actions.perform import perform
from annotator.actions.state import DocumentState, suggested_stance
from annotator.store import Project
from tests.texts import offset

TEXT = "Mayor Ana Ruiz said the harbour will reopen soon, and critics said it was a mistake."
GUESS = {"label": "against", "p": 0.71}


def at(fragment: str) -> tuple[int, int]:
    return offset(TEXT, fragment)


def quote(project: Project, document_id: int, fragment: str, **fields: Any) -> int:
    """A quote over ``fragment``, accepted unless ``fields`` say otherwise."""
    attributes = {"type": "indirect", **fields.pop("attributes", {})}
    return project.add_span(
        document_id, *at(fragment), "QUOTE", kind="quote", attributes=attributes, **fields
    ).id


def suggested_quote(project: Project, document_id: int) -> int:
    """A quote the model suggested, with a suggested stance."""
    return quote(project, document_id, "the harbour will reopen soon", status="suggested", origin="model",
                 attributes={"suggested_stance": GUESS})  # fmt: skip


@pytest.fixture
def document(project: Project) -> int:
    """Quote 1 has a suggested stance; quote 2 has none."""
    document_id, _ = project.add_document(TEXT)
    quote(project, document_id, "the harbour will reopen soon", attributes={"suggested_stance": GUESS})
    quote(project, document_id, "it was a mistake")
    return document_id


def test_confirming_gives_the_quote_the_suggested_stance_and_keeps_the_guess(
    project: Project, document: int
) -> None:
    change = perform(project, document, "confirm_stance", span=1)
    confirmed = project.span(1)
    assert confirmed.stance == "against"
    assert confirmed.attributes["suggested_stance"] == GUESS  # what the model said, kept for comparison
    assert suggested_stance(confirmed) is None  # a stance of its own: nothing left to suggest
    assert change.title == "Confirm stance against"


def test_confirming_is_logged_as_the_annotators_stance(project: Project, document: int) -> None:
    logged = len(project.events())
    perform(project, document, "confirm_stance", span=1)
    changes = [e for e in project.events()[logged:] if e["action"] == "span.update"]
    assert [
        (e["target_id"], e["before"]["stance"], e["after"]["stance"], e["annotator"]) for e in changes
    ] == [(1, None, "against", "tester")]


def test_confirming_a_suggested_quote_accepts_it_and_leaves_its_speaker_entity_to_decide(
    project: Project,
) -> None:
    document_id, _ = project.add_document(TEXT)
    suggested = suggested_quote(project, document_id)
    speaker = project.add_span(document_id, *at("Ana Ruiz"), "PERSON", status="suggested", origin="model").id
    project.set_relation(suggested, "SPEAKER", speaker)
    perform(project, document_id, "confirm_stance", span=suggested)
    assert (project.span(suggested).status, project.span(suggested).stance) == ("accepted", "against")
    assert project.span(speaker).status == "suggested"  # its label is the annotator's to check


def test_confirming_is_refused_without_a_suggested_stance_and_writes_nothing(
    project: Project, document: int
) -> None:
    logged = len(project.events())
    with pytest.raises(Refused, match="no suggested stance"):
        perform(project, document, "confirm_stance", span=2)
    with pytest.raises(Refused, match="Select an entity or a quote"):
        perform(project, document, "confirm_stance")
    assert len(project.events()) == logged


def test_confirming_is_refused_once_a_person_gave_a_stance(project: Project, document: int) -> None:
    perform(project, document, "stance_favor", span=1)
    with pytest.raises(Refused, match="already has a stance, favor"):
        perform(project, document, "confirm_stance", span=1)
    assert project.span(1).stance == "favor"


def test_a_guess_the_project_has_no_stance_label_for_is_refused(project: Project, document: int) -> None:
    project.set_setting("stance_labels", ["pro", "con"])
    with pytest.raises(Refused, match="not a stance label of this project"):
        perform(project, document, "confirm_stance", span=1)
    assert project.span(1).stance is None


def test_confirm_is_enabled_only_on_a_span_with_a_suggested_stance(project: Project, document: int) -> None:
    state = DocumentState(project, document)
    enabled = BY_ID["confirm_stance"].when
    assert enabled(Context(state, span_id=1))
    assert not enabled(Context(state, span_id=2))
    assert not enabled(Context(state))
    perform(project, document, "confirm_stance", span=1)
    assert not enabled(Context(DocumentState(project, document), span_id=1))


def test_the_undo_history_takes_the_confirmed_stance_back(project: Project, document: int) -> None:
    perform(project, document, "confirm_stance", span=1)
    last = past_actions(project, "tester")[-1]
    apply_all(project, last.undo)
    back = project.span(1)
    assert back.stance is None and suggested_stance(back) == ("against", 0.71)
    assert project.document(document).status == "new"


def test_clearing_a_confirmed_stance_brings_the_suggestion_back(project: Project, document: int) -> None:
    perform(project, document, "confirm_stance", span=1)
    perform(project, document, "stance_against", span=1)  # the same stance key again clears it
    assert suggested_stance(project.span(1)) == ("against", 0.71)


def test_a_suggested_stance_still_counts_as_missing_and_tab_visits_its_quote(
    project: Project, document: int
) -> None:
    state = DocumentState(project, document)
    assert [q.id for q in state.quotes_without_stance()] == [1, 2]
    assert state.next_to_decide(None) is not None and state.next_to_decide(None).id == 1
    assert missing(state) == "2 quotes have no stance (1 only suggested)"
    with pytest.raises(Unconfirmed):
        perform(project, document, "done_next")
    perform(project, document, "confirm_stance", span=1)
    assert [q.id for q in DocumentState(project, document).quotes_without_stance()] == [2]


def test_accept_all_accepts_a_quote_but_leaves_its_stance_a_suggestion(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    suggested = suggested_quote(project, document_id)
    perform(project, document_id, "accept_all")
    accepted = project.span(suggested)
    assert (accepted.status, accepted.stance) == ("accepted", None)
    assert suggested_stance(accepted) == ("against", 0.71)


@pytest.mark.parametrize(
    ("guess", "read"),
    [
        ({"label": "favor", "p": 0.83}, ("favor", 0.83)),
        ({"label": "favor"}, ("favor", None)),
        ({"label": "favor", "p": "high"}, ("favor", None)),
        ({"label": "favor", "p": 7}, ("favor", None)),
        ({"label": ""}, None),
        ({"p": 0.5}, None),
        ("favor", None),
    ],
)
def test_a_damaged_guess_is_read_as_far_as_it_goes(project: Project, guess: object, read: object) -> None:
    document_id, _ = project.add_document(TEXT)
    span = project.span(
        quote(project, document_id, "it was a mistake", attributes={"suggested_stance": guess})
    )
    assert suggested_stance(span) == read
