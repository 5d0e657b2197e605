"""Small hand-made projects whose every overview figure is known, for the overview's tests."""

from __future__ import annotations

from pathlib import Path

from annotator.actions.change import remember_suggestion
from annotator.store import Project, Span
from annotator.store.layers import LayerDocument
from annotator.team.assign import assign
from annotator.team.merge import merge_file

HOSTILE = "<script>alert('x')</script> & \u202eevil 😀 北京"

TEXTS = [
    'Mayor Ana Ruiz said: "The bridge opens in May." Critics from Acme Corp disagree.',
    "Bob Lee told reporters the plan was sound.",
    'Carla said "No."',
    "A quiet day.",
]


def _suggest(project: Project, doc_id: int, text: str, words: str, kind: str, **attributes: object) -> Span:
    start = text.index(words)
    label = "QUOTE" if kind == "quote" else str(attributes.pop("label"))
    with project.transaction():
        writer = project.suggestion_writer(doc_id, "en_core_web_sm", "model")
        span = writer.add_span(kind, start, start + len(words), label, dict(attributes))
        writer.flush()
    return span


def _as(project: Project, annotator: str) -> Project:
    project.annotator = annotator
    return project


def small_project(path: Path) -> tuple[Project, list[int]]:
    """Four documents; tests/overview/test_figures.py lists what each chart must count.

    1 (done by ana): PERSON Ana Ruiz accepted, ORG Acme Corp edited to Acme, a direct quote accepted
      with stance against and Ana Ruiz linked as its speaker.
    2 (done by ben): PERSON Bob Lee rejected, an indirect quote accepted with stance favor and the
      speaker_name Bob Lee, a LOC typed by hand.
    3 (marked done by ana, then reopened): PERSON Carla and the quote "No." still pending.
    4: nothing.
    """
    project = Project.open(path, annotator="ana")
    ids = [doc_id for doc_id, _ in project.add_documents({"text": text} for text in TEXTS)]
    one, two, three, _ = ids

    person = _suggest(project, one, TEXTS[0], "Ana Ruiz", "entity", label="PERSON")
    org = _suggest(project, one, TEXTS[0], "Acme Corp", "entity", label="ORG")
    quote = _suggest(project, one, TEXTS[0], "The bridge opens in May.", "quote", type="direct")
    project.update_span(person.id, status="accepted")
    project.update_span(org.id, **remember_suggestion(org, {"end": org.start + 4, "status": "accepted"}))
    project.update_span(quote.id, status="accepted", stance="against")
    project.set_relation(quote.id, "SPEAKER", person.id)
    project.set_document_status(one, "done")

    bob = _suggest(project, two, TEXTS[1], "Bob Lee", "entity", label="PERSON")
    said = _suggest(
        project, two, TEXTS[1], "the plan was sound", "quote", type="indirect", speaker_name="Bob Lee"
    )
    _as(project, "ben").update_span(bob.id, status="rejected")
    project.update_span(said.id, status="accepted", stance="favor")
    project.add_span(two, TEXTS[1].index("reporters"), TEXTS[1].index(" the plan"), "LOC")
    project.set_document_status(two, "done")

    _suggest(project, three, TEXTS[2], "Carla", "entity", label="PERSON")
    _suggest(project, three, TEXTS[2], "No.", "quote", type="direct")
    _as(project, "ana").set_document_status(three, "done")
    project.set_document_status(three, "in_progress")
    return project, ids


def hostile_project(path: Path) -> Project:
    """A project whose every shown string is hostile: title, label, speaker, annotators, layers."""
    project = Project.open(path, annotator=HOSTILE)
    text = f"{HOSTILE} said that the plan was sound, and {HOSTILE} agreed."
    doc_id, _ = project.add_document(text, title=HOSTILE)
    entity = _suggest(project, doc_id, text, HOSTILE, "entity", label=HOSTILE)
    quote = _suggest(project, doc_id, text, "the plan was sound", "quote", type=HOSTILE, speaker_name=HOSTILE)
    project.update_span(entity.id, status="accepted")
    project.update_span(quote.id, status="accepted", stance=HOSTILE)
    project.set_document_status(doc_id, "done")
    spans = project.documents_to_merge([doc_id])[0][0].spans
    with project.transaction():
        for name in (HOSTILE, f"{HOSTILE} 2"):
            project.start_layer(name, "uid-" + name, "/nowhere")
            project.replace_layer_documents(name, [LayerDocument(doc_id, "done", spans, [])])
            project.finish_layer(name, 1)
    return project


def team_project(folder: Path) -> Project:
    """Ten documents given to ana and ben, both marking all done; ben leaves out every second PERSON."""
    with Project.open(folder / "lead.annotator", annotator="lead") as lead:
        for number in range(10):
            text = f"Report {number}: Ana Ruiz met Bob Lee in Paris."
            doc_id, _ = lead.add_document(text)
            _suggest(lead, doc_id, text, "Ana Ruiz", "entity", label="PERSON")
            _suggest(lead, doc_id, text, "Bob Lee", "entity", label="PERSON")
        made = assign(lead, folder / "out", ["ana", "ben"], overlap=1.0, seed=0)
    for assigned in made:
        with Project.open(assigned.path) as copy:
            for doc_id in copy.document_ids():
                for number, span in enumerate(copy.spans(doc_id)):
                    skip = assigned.name == "ben" and number == 1 and doc_id % 2
                    copy.update_span(span.id, status="rejected" if skip else "accepted")
                copy.set_document_status(doc_id, "done")
    merged = Project.open(folder / "merged.annotator", annotator="lead")
    for assigned in made:
        merge_file(merged, assigned.path)
    return merged
