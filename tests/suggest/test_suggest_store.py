"""Suggestions stored in a project: kinds, links, and human decisions that survive running again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from spacy.tokens import Doc

from annotator.store import Project, Span
from annotator.store import bulk as writer_module
from annotator.suggest import PipelineInfo, TextSuggestions, storing, suggest_documents

FIXTURES = Path(__file__).parent / "fixtures"
SHORT = "“We will rebuild the school before winter,” said Mayor Helen Okafor. Later she left."
OTHER = "“The river has never been this high in living memory,” he said on Tuesday."


@pytest.fixture
def bridge_project(project: Project) -> tuple[Project, int]:
    text = (FIXTURES / "harbour-bridge.txt").read_text(encoding="utf-8")
    document_id, _ = project.add_document(text)
    return project, document_id


def quote_at(project: Project, document_id: int, words: str) -> Span:
    text = project.document(document_id).text
    return next(q for q in project.spans(document_id, kind="quote") if words in text[q.start : q.end])


def linked(project: Project, quote_id: int, label: str) -> Span | None:
    relation = project.relation(quote_id, label)
    return None if relation is None else project.span(relation.child_id)


def test_quote_is_stored_with_cue_and_speaker_links(
    bridge_project: tuple[Project, int], pipeline: PipelineInfo
) -> None:
    project, document_id = bridge_project
    report = suggest_documents(project)
    assert (report.documents, report.pipeline, report.cancelled, report.problems) == (
        1,
        pipeline.name,
        False,
        [],
    )
    quote = quote_at(project, document_id, "This is not a luxury")
    assert (quote.kind, quote.label, quote.status, quote.origin) == ("quote", "QUOTE", "suggested", "model")
    assert (quote.annotator, quote.model) == ("model", pipeline.name)
    assert quote.attributes["type"] == "direct"
    assert len(quote.attributes["parts"]) == 2
    assert quote.attributes["speaker_name"] == "Helen Okafor"
    assert 0 < quote.attributes["confidence"] <= 1
    cue = linked(project, quote.id, "CUE")
    assert (cue.kind, cue.label) == ("cue", "CUE")
    speaker = linked(project, quote.id, "SPEAKER")
    assert (speaker.kind, speaker.label) == ("speaker", "SPEAKER")
    assert report.spans_added == len(project.spans(document_id))


def test_named_speaker_is_linked_to_its_entity_span(bridge_project: tuple[Project, int]) -> None:
    project, document_id = bridge_project
    suggest_documents(project)
    quote = quote_at(project, document_id, "always supported the project")
    speaker = linked(project, quote.id, "SPEAKER")
    assert (speaker.kind, speaker.label) == ("entity", "PERSON")
    assert project.document(document_id).text[speaker.start : speaker.end] == "David Brennan"


def test_entities_follow_the_project_suggest_labels(bridge_project: tuple[Project, int]) -> None:
    project, document_id = bridge_project
    project.set_setting("suggest_labels", ["PERSON"])
    suggest_documents(project)
    assert {s.label for s in project.spans(document_id, kind="entity")} == {"PERSON"}


def test_suggesting_again_adds_nothing_and_keeps_ids(bridge_project: tuple[Project, int]) -> None:
    project, document_id = bridge_project
    suggest_documents(project)
    before = [(s.id, s.start, s.end, s.label) for s in project.spans(document_id)]
    relations = [(r.head_id, r.child_id, r.label) for r in project.relations(document_id)]
    again = suggest_documents(project)
    assert (again.spans_added, again.spans_removed) == (0, 0)
    assert [(s.id, s.start, s.end, s.label) for s in project.spans(document_id)] == before
    assert [(r.head_id, r.child_id, r.label) for r in project.relations(document_id)] == relations


def test_human_decisions_survive_suggesting_again(bridge_project: tuple[Project, int]) -> None:
    project, document_id = bridge_project
    suggest_documents(project)
    accepted = quote_at(project, document_id, "This is not a luxury")
    project.update_span(accepted.id, status="accepted")
    rejected = quote_at(project, document_id, "cover half of the cost")
    project.update_span(rejected.id, status="rejected")
    edited = quote_at(project, document_id, "Nobody likes roadworks")
    project.update_span(edited.id, end=edited.end - 1)
    speaker_of_accepted = linked(project, accepted.id, "SPEAKER")

    suggest_documents(project)

    assert project.span(accepted.id).status == "accepted"
    assert project.span(rejected.id).status == "rejected"
    assert project.span(edited.id).end == edited.end - 1
    assert linked(project, accepted.id, "SPEAKER") == speaker_of_accepted
    quotes = project.spans(document_id, kind="quote")
    for decided in (accepted, rejected, edited):
        overlapping = [q for q in quotes if q.start < decided.end and decided.start < q.end]
        assert [q.id for q in overlapping] == [decided.id]


def test_stale_suggestions_are_removed_but_human_spans_are_not(bridge_project: tuple[Project, int]) -> None:
    project, document_id = bridge_project
    stale = project.add_span(
        document_id, 0, 4, "EVENT", status="suggested", origin="model", annotator="model", model="old"
    )
    human = project.add_span(document_id, 5, 12, "ORG")
    report = suggest_documents(project)
    assert report.spans_removed == 1
    ids = {s.id for s in project.spans(document_id)}
    assert stale.id not in ids and human.id in ids


def test_should_stop_keeps_what_was_done(project: Project) -> None:
    first, _ = project.add_document(SHORT)
    second, _ = project.add_document(OTHER)
    seen: list[tuple[int, int]] = []
    report = suggest_documents(
        project, progress=lambda done, total: seen.append((done, total)), should_stop=lambda: True
    )
    assert report.cancelled and report.documents == 1
    assert project.spans(first, kind="quote") and not project.spans(second)
    assert seen == [(0, 2), (1, 2)]


def test_failed_document_is_rolled_back_whole_and_reported(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = project.add_document(SHORT)
    second, _ = project.add_document(OTHER)
    original = writer_module.SuggestionWriter.add_relation

    def failing(self: writer_module.SuggestionWriter, head_id: int, child_id: int, label: str) -> None:
        if self.document_id == second:
            raise sqlite3.IntegrityError("disk trouble")
        original(self, head_id, child_id, label)

    monkeypatch.setattr(writer_module.SuggestionWriter, "add_relation", failing)
    report = suggest_documents(project)
    assert [p.where for p in report.problems] == [f"document {second}"]
    assert project.spans(first, kind="quote") and project.spans(second) == []


def test_chosen_documents_only(project: Project) -> None:
    first, _ = project.add_document(SHORT)
    second, _ = project.add_document(OTHER)
    assert suggest_documents(project, [second]).documents == 1
    assert project.spans(first) == [] and project.spans(second, kind="quote")


def test_broken_pipeline_setting_suggests_from_punctuation_and_says_so(project: Project) -> None:
    document_id, _ = project.add_document(SHORT)
    project.set_setting("pipeline", "en_no_such_pipeline")
    report = suggest_documents(project)
    assert report.pipeline == "rules-only"
    assert [p.severity for p in report.problems] == ["warning"]
    (quote,) = project.spans(document_id, kind="quote")
    assert quote.model == "rules-only"
    assert project.spans(document_id, kind="entity") == []


def test_suggestions_are_logged_as_events(project: Project) -> None:
    document_id, _ = project.add_document(SHORT)
    suggest_documents(project)
    events = project.events(document_id)
    added = {e["target_id"] for e in events if e["action"] == "span.add"}
    assert added == {s.id for s in project.spans(document_id)}
    assert any(e["action"] == "relation.add" for e in events)
    assert len({e["batch"] for e in events if e["action"] != "document.add"}) == 1


@pytest.mark.slow
def test_several_processes_give_the_same_suggestions(tmp_path: Path) -> None:
    results = []
    for processes in (1, 2):
        with Project.open(tmp_path / f"p{processes}.annotator") as project:
            for text in (SHORT, OTHER, (FIXTURES / "harbour-bridge.txt").read_text(encoding="utf-8")):
                project.add_document(text)
            suggest_documents(project, n_process=processes)
            results.append(
                [(s.start, s.end, s.kind, s.label) for i in project.document_ids() for s in project.spans(i)]
            )
    assert results[0] == results[1]


def test_document_that_breaks_the_quote_finder_is_reported_and_the_run_goes_on(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = project.add_document(SHORT)
    second, _ = project.add_document(OTHER)
    real = storing.suggestions_for

    def flaky(doc: Doc, labels: set[str]) -> TextSuggestions:
        if "river" in doc.text:
            raise IndexError("odd text")
        return real(doc, labels)

    monkeypatch.setattr(storing, "suggestions_for", flaky)
    report = suggest_documents(project)
    assert report.documents == 2
    assert [str(p) for p in report.problems] == [
        f"document {second}: error: no suggestions: IndexError: odd text"
    ]
    assert project.spans(first, kind="quote")


def test_fallback_pipeline_does_not_remove_what_the_real_one_suggested(project: Project) -> None:
    document_id, _ = project.add_document(SHORT)
    suggest_documents(project)
    entities = project.spans(document_id, kind="entity")
    assert entities
    project.set_setting("pipeline", "en_no_such_pipeline")
    report = suggest_documents(project)
    assert report.spans_removed == 0
    assert project.spans(document_id, kind="entity") == entities


def test_event_log_keeps_the_order_things_happened(bridge_project: tuple[Project, int]) -> None:
    project, document_id = bridge_project
    project.set_setting("suggest_labels", [])
    suggest_documents(project)
    project.set_setting("suggest_labels", ["PERSON"])
    suggest_documents(project)
    added: set[int] = set()
    for event in project.events(document_id):
        if event["action"] == "span.add":
            added.add(event["target_id"])
        elif event["action"] == "relation.add":
            assert {event["after"]["head_id"], event["after"]["child_id"]} <= added
