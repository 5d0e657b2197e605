"""Settling disagreements in the reviewed version: automatically where enough agree, by choice elsewhere."""

from __future__ import annotations

from pathlib import Path

from annotator.actions.edits import apply_all
from annotator.store import Project
from annotator.team.assign import assign
from annotator.team.merge import merge_file
from annotator.team.review import auto_review, open_disagreements, take, versions_of
from annotator.team.review_walk import done_by
from tests.texts import offset

TEXT = "Mayor Ana Ruiz said the bridge would open in May. Councillor Bo Lee called it a waste."


def _annotate(path: Path, entities: list[tuple[str, str]], stance: str, speaker: str | None) -> None:
    """Mark entities (label, words) with ``stance``, a quote linked to ``speaker``, and the document done."""
    with Project.open(path) as copy:
        (doc_id,) = copy.document_ids()
        for label, words in entities:
            copy.add_span(doc_id, *offset(TEXT, words), label, stance=stance)
        quote = copy.add_span(
            doc_id,
            *offset(TEXT, "the bridge would open in May"),
            "QUOTE",
            kind="quote",
            stance=stance,
            attributes={"type": "indirect"},
        )
        if speaker is not None:
            person = copy.find_span(doc_id, *offset(TEXT, speaker), "PERSON", "entity")
            assert person is not None
            copy.set_relation(quote.id, "SPEAKER", person.id)
        copy.set_document_status(doc_id, "done")


def _merged(tmp_path: Path, *versions: tuple[list[tuple[str, str]], str, str | None]) -> Path:
    main = tmp_path / "main.annotator"
    with Project.open(main, annotator="lead") as project:
        project.add_document(TEXT, title="Bridge")
        made = assign(project, tmp_path / "out", [f"a{n}" for n in range(len(versions))], overlap=1.0)
    for assigned, version in zip(made, versions, strict=True):
        _annotate(assigned.path, *version)
    with Project.open(main, annotator="lead") as project:
        for assigned in made:
            merge_file(project, assigned.path)
    return main


def test_auto_review_takes_what_both_marked_alike_and_leaves_the_rest(tmp_path: Path) -> None:
    main = _merged(
        tmp_path,
        ([("PERSON", "Ana Ruiz"), ("PERSON", "Bo Lee")], "favor", "Ana Ruiz"),
        ([("PERSON", "Ana Ruiz"), ("ORG", "Bo Lee")], "favor", "Ana Ruiz"),
    )
    with Project.open(main, annotator="lead") as project:
        report = auto_review(project, 2)
        (doc_id,) = project.document_ids()
        spans = {(s.label, TEXT[s.start : s.end]): s for s in project.spans(doc_id)}
        assert spans["PERSON", "Ana Ruiz"].status == "accepted"
        assert spans["PERSON", "Ana Ruiz"].stance == "favor"
        quote = spans["QUOTE", "the bridge would open in May"]
        assert (quote.status, quote.stance, quote.attributes["type"]) == ("accepted", "favor", "indirect")
        (link,) = project.relations(doc_id)
        assert (link.head_id, link.child_id) == (quote.id, spans["PERSON", "Ana Ruiz"].id)
        assert ("PERSON", "Bo Lee") not in spans and ("ORG", "Bo Lee") not in spans
        assert (report.documents, report.spans, report.disagreements_left) == (1, 2, 1)
        assert project.document_status(doc_id) == "in_progress"

        versions = versions_of(project, doc_id, project.layer_names())
        (left,) = open_disagreements(project, versions)
        assert TEXT[left.start : left.end] == "Bo Lee"
        inverse = apply_all(project, take(versions, left, ["a1"]))
        assert open_disagreements(project, versions) == []
        spans = {(s.label, TEXT[s.start : s.end]): s.status for s in project.spans(doc_id)}
        assert spans["ORG", "Bo Lee"] == "accepted" and spans["PERSON", "Bo Lee"] == "rejected"

        apply_all(project, inverse)
        assert len(open_disagreements(project, versions)) == 1
        assert {(s.label, TEXT[s.start : s.end]) for s in project.spans(doc_id)} == {
            ("PERSON", "Ana Ruiz"),
            ("QUOTE", "the bridge would open in May"),
        }

        apply_all(project, take(versions, left, []))
        assert open_disagreements(project, versions) == []
        assert {s.status for s in project.spans(doc_id) if TEXT[s.start : s.end] == "Bo Lee"} == {"rejected"}

        again = auto_review(project, 2)
        assert again.spans == 0 and again.disagreements_left == 0
        assert project.document_status(doc_id) == "done"
        actions = {event["action"] for event in project.events(doc_id)}
        assert {"span.add", "span.delete", "relation.add", "layer.merge", "document.status"} <= actions


def test_a_stance_the_annotators_differ_on_stays_a_disagreement(tmp_path: Path) -> None:
    main = _merged(
        tmp_path,
        ([("PERSON", "Ana Ruiz")], "favor", "Ana Ruiz"),
        ([("PERSON", "Ana Ruiz")], "against", "Ana Ruiz"),
    )
    with Project.open(main, annotator="lead") as project:
        report = auto_review(project, 2)
        assert report.disagreements_left == 2  # the entity's stance and the quote's
        (doc_id,) = project.document_ids()
        versions = versions_of(project, doc_id, project.layer_names())
        for left in open_disagreements(project, versions):
            apply_all(project, take(versions, left, ["a0"]))
        assert open_disagreements(project, versions) == []
        assert {s.stance for s in project.spans(doc_id) if s.kind != "speaker"} == {"favor"}


def test_with_one_annotator_per_document_k_of_two_leaves_it_for_a_person(tmp_path: Path) -> None:
    main = tmp_path / "main.annotator"
    with Project.open(main, annotator="lead") as project:
        project.add_document(TEXT, title="Bridge")
        (made,) = assign(project, tmp_path / "out", ["solo"])
    _annotate(made.path, [("PERSON", "Ana Ruiz")], "favor", None)
    with Project.open(main, annotator="lead") as project:
        merge_file(project, made.path)
        report = auto_review(project, 2)
        assert (report.documents, report.too_few) == (0, 1)
        assert "--min-annotators 1" in report.summary()
        taken = auto_review(project, 1)
        assert (taken.documents, taken.spans, taken.disagreements_left) == (1, 2, 0)


def test_a_review_of_several_annotators_walks_only_documents_two_of_them_marked_done(tmp_path: Path) -> None:
    main = tmp_path / "main.annotator"
    with Project.open(main, annotator="lead") as project:
        project.add_document(TEXT, title="Bridge")
        project.add_document("Only ana marked this one done. Ana Ruiz said so.", title="Alone")
        made = assign(project, tmp_path / "out", ["ana", "ben"], overlap=1.0)
    for assigned in made:
        with Project.open(assigned.path) as copy:
            for doc_id in copy.document_ids():
                if assigned.name == "ana" or copy.document(doc_id).title == "Bridge":
                    copy.set_document_status(doc_id, "done")
    with Project.open(main, annotator="lead") as project:
        for assigned in made:
            merge_file(project, assigned.path)
        bridge, alone = project.document_ids()
        assert done_by(project, ["ana", "ben"]) == {bridge: ["ana", "ben"], alone: ["ana"]}
        assert done_by(project, ["ana", "ben"], shared_only=True) == {bridge: ["ana", "ben"]}
        assert done_by(project, ["ana"], shared_only=True) == {bridge: ["ana"], alone: ["ana"]}
