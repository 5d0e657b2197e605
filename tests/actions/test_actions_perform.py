"""Annotation actions applied from a script: the rules, with no window, asserted on the project file."""

from __future__ import annotations

import pytest

from annotator.actions.change import Refused
from annotator.actions.perform import perform
from annotator.store import Project
from tests.texts import offset

TEXT = "Mayor Ana Ruiz said the harbour will reopen soon, officials told reporters."


def at(fragment: str) -> tuple[int, int]:
    return offset(TEXT, fragment)


@pytest.fixture
def document(project: Project) -> int:
    """A suggested quote and a suggested entity, nothing linked."""
    document_id, _ = project.add_document(TEXT)
    project.add_span(document_id, *at("the harbour will reopen soon"), "QUOTE", kind="quote",
                     status="suggested", origin="model", attributes={"type": "indirect"})  # fmt: skip
    project.add_span(document_id, *at("Ana Ruiz"), "PERSON", status="suggested", origin="model")
    return document_id


def test_set_speaker_links_the_entity_accepts_it_and_copies_its_name(project: Project, document: int) -> None:
    perform(project, document, "set_speaker", span=1, target=2)
    (link,) = project.relations(document)
    assert (link.head_id, link.label, link.child_id) == (1, "SPEAKER", 2)
    assert project.span(2).status == "accepted"
    assert project.span(1).attributes["speaker_name"] == "Ana Ruiz"
    assert project.document(document).status == "in_progress"


def test_set_cue_from_text_makes_a_cue_span_and_links_it(project: Project, document: int) -> None:
    perform(project, document, "set_cue", span=1, text=at("said"))
    (link,) = project.relations(document)
    cue = project.span(link.child_id)
    assert (cue.kind, cue.label, TEXT[cue.start : cue.end]) == ("cue", "CUE", "said")


def test_accepting_a_quote_leaves_its_speaker_entity_a_suggestion_and_accepts_a_speaker_span(
    project: Project, document: int
) -> None:
    project.set_relation(1, "SPEAKER", 2)
    perform(project, document, "accept", span=1)
    assert [(span.kind, span.status) for span in project.spans(document)] == [
        ("entity", "suggested"),  # Ana Ruiz: an entity's label is the annotator's to decide
        ("quote", "accepted"),
    ]
    project.update_span(1, status="suggested")
    he = project.add_span(document, *at("officials"), "SPEAKER", kind="speaker", status="suggested")
    project.set_relation(1, "SPEAKER", he.id)
    perform(project, document, "accept", span=1)
    assert project.span(he.id).status == "accepted"  # a bare speaker span has nothing else to decide


def test_a_label_key_on_text_makes_an_entity_with_the_projects_label(project: Project, document: int) -> None:
    perform(project, document, "label_3", text=at("reporters"))
    third = project.setting("entity_labels")[2]["name"]
    assert [(TEXT[s.start : s.end], s.label) for s in project.spans(document, kind="entity")][-1] == (
        "reporters",
        third,
    )


def test_skip_then_reopen(project: Project, document: int) -> None:
    with pytest.raises(Refused, match="nothing to reopen"):
        perform(project, document, "reopen")
    perform(project, document, "skip")
    assert project.document(document).status == "skipped"
    perform(project, document, "reopen")
    assert project.document(document).status == "in_progress"


@pytest.mark.parametrize(
    ("action", "selection"),
    [
        ("accept", {}),
        ("quote_type", {"span": 2}),
        ("new_quote", {}),
        ("fly", {}),
        ("set_speaker", {"span": 1}),
    ],
)
def test_an_action_that_does_not_apply_is_refused_and_writes_nothing(
    project: Project, document: int, action: str, selection: dict[str, int]
) -> None:
    before = len(project.events())
    with pytest.raises(Refused):
        perform(project, document, action, **selection)
    assert len(project.events()) == before
