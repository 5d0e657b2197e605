"""The annotating loop's rules (issue 12): what needs a decision, done with something missing,
corrections that remember the suggestion, links that leave no orphans, a quote's type from its marks."""

from __future__ import annotations

import pytest

from annotator.actions.change import Context, Unconfirmed, apply_change
from annotator.actions.labels import quote_type_of
from annotator.actions.perform import perform
from annotator.actions.quotes import name_speaker
from annotator.actions.state import DocumentState
from annotator.store import Project
from tests.texts import offset

TEXT = "Mayor Ana Ruiz said “the harbour will reopen soon”, and Li Wei told reporters he disagreed."


def at(fragment: str) -> tuple[int, int]:
    return offset(TEXT, fragment)


@pytest.fixture
def document(project: Project) -> int:
    """A suggested quote with a suggested speaker entity and cue; a suggested entity; a human quote."""
    document_id, _ = project.add_document(TEXT)
    quote = project.add_span(document_id, *at("“the harbour will reopen soon”"), "QUOTE", kind="quote",
                             status="suggested", origin="model", attributes={"type": "direct"})  # fmt: skip
    ruiz = project.add_span(document_id, *at("Ana Ruiz"), "PERSON", status="suggested", origin="model")
    said = project.add_span(document_id, *at("said"), "CUE", kind="cue", status="suggested", origin="model")
    project.set_relation(quote.id, "SPEAKER", ruiz.id)
    project.set_relation(quote.id, "CUE", said.id)
    project.add_span(document_id, *at("Li Wei"), "PERSON", status="suggested", origin="model")
    return document_id


def test_accepting_everything_leaves_the_quote_to_decide_until_it_has_a_stance(
    project: Project, document: int
) -> None:
    perform(project, document, "accept_all")
    state = DocumentState(project, document)
    assert state.pending_count() == 0 and state.open_count() == 1
    assert state.next_to_decide(None) == project.span(1)
    perform(project, document, "stance_against", span=1)
    assert DocumentState(project, document).open_count() == 0


def test_without_required_stance_accepted_quotes_need_nothing_more(project: Project, document: int) -> None:
    project.set_setting("require_stance", False)
    perform(project, document, "accept_all")
    assert DocumentState(project, document).open_count() == 0


def test_done_asks_first_when_something_is_missing_and_writes_nothing_until_confirmed(
    project: Project, document: int
) -> None:
    perform(project, document, "accept_all")
    before = len(project.events())
    with pytest.raises(Unconfirmed, match="1 quote has no stance"):
        perform(project, document, "done_next")
    assert len(project.events()) == before
    perform(project, document, "done_next", confirmed=True)
    assert project.document(document).status == "done"


def test_a_stance_key_on_a_suggested_quote_accepts_it_with_its_cue_not_its_speaker_entity(
    project: Project, document: int
) -> None:
    perform(project, document, "stance_favor", span=1)
    assert [(project.span(i).status, project.span(i).stance) for i in (1, 2, 3)] == [
        ("accepted", "favor"),
        ("suggested", None),
        ("accepted", None),
    ]


@pytest.mark.parametrize("action", ["label_2", "end_right"])
def test_changing_a_suggestion_keeps_what_the_model_suggested(
    project: Project, document: int, action: str
) -> None:
    perform(project, document, action, span=2)
    ruiz = project.span(2)
    assert ruiz.attributes["suggested"] == {"label": "PERSON", "start": 6, "end": 14}
    assert (
        (ruiz.origin, ruiz.status) == ("model", "accepted") if action == "label_2" else ruiz.origin == "model"
    )
    perform(project, document, "end_left", span=2)
    assert project.span(2).attributes["suggested"]["end"] == 14, "the first suggestion is kept"


def test_accepting_as_suggested_or_a_persons_span_records_nothing(project: Project, document: int) -> None:
    perform(project, document, "accept", span=2)
    perform(project, document, "label_1", text=at("reporters"))
    assert all("suggested" not in s.attributes for s in project.spans(document))


def test_repointing_a_cue_removes_the_cue_span_nothing_uses_any_more(project: Project, document: int) -> None:
    perform(project, document, "set_cue", span=1, text=at("told"))
    assert [TEXT[s.start : s.end] for s in project.spans(document, kind="cue")] == ["told"]
    perform(project, document, "set_speaker", span=1, target=4)  # Li Wei: Ana Ruiz is an entity, she stays
    assert {TEXT[s.start : s.end] for s in project.spans(document, kind="entity")} == {"Ana Ruiz", "Li Wei"}


def test_deleting_a_quote_takes_its_own_cue_span_along(project: Project, document: int) -> None:
    perform(project, document, "delete", span=1)
    assert project.spans(document, kind="cue") == []
    assert len(project.spans(document, kind="entity")) == 2


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“The harbour will reopen soon.”", "direct"),
        ('"We will not pay for this,"', "direct"),
        ("the harbour would reopen soon", "indirect"),
        ("the plan was “rushed and far too expensive”", "mixed"),
        ("Washington’s plan would fail", "indirect"),
    ],
)
def test_a_new_quotes_type_comes_from_its_quotation_marks(text: str, kind: str) -> None:
    assert quote_type_of(text) == kind


def test_naming_the_speaker_sets_and_clears_the_resolved_name(project: Project, document: int) -> None:
    for typed, stored in (("  Ana   Ruiz ", "Ana Ruiz"), ("", None)):
        state = DocumentState(project, document)
        apply_change(project, state, name_speaker(Context(state, span_id=1), typed))
        assert project.span(1).attributes["speaker_name"] == stored


def test_tab_passes_over_the_cue_a_suggested_quote_decides_but_visits_its_speaker_entity(
    project: Project, document: int
) -> None:
    state = DocumentState(project, document)
    visited = [state.next_to_decide(None)]
    for _ in range(5):
        visited.append(state.next_to_decide(visited[-1]))
    # "said" (cue) comes before the quote in the text, but deciding the quote decides it; Ana Ruiz
    # (speaker) is an entity with a label of its own to decide.
    assert [TEXT[s.start : s.end] for s in visited] == [
        "Ana Ruiz",
        "“the harbour will reopen soon”",
        "Li Wei",
    ] * 2
    perform(project, document, "reject", span=1)  # the cue is rejected with the quote, the entity stays
    assert [TEXT[s.start : s.end] for s in DocumentState(project, document).suggestions()] == [
        "Ana Ruiz",
        "Li Wei",
    ]
