"""A merged project for the review and agreement tests: two annotators, two documents, three disagreements.

In BRIDGE they differ on the quote's stance and on Bo Lee's label; in PORT on where the
port authority's name ends. Both mark every document done.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project
from annotator.team.assign import assign
from annotator.team.merge import merge_file
from tests.texts import offset

BRIDGE = "Mayor Ana Ruiz said the bridge would open in May. Councillor Bo Lee called it a waste."
PORT = "The port authority of Greyhaven said nothing. Harbour master Li Wei declined to comment."
QUOTE = "the bridge would open in May"

# annotator -> document text -> (label, words) entities; the quote's stance in BRIDGE
ENTITIES = {
    "ana": {
        BRIDGE: [("PERSON", "Ana Ruiz"), ("PERSON", "Bo Lee")],
        PORT: [("ORG", "port authority of Greyhaven")],
    },
    "ben": {BRIDGE: [("PERSON", "Ana Ruiz"), ("ORG", "Bo Lee")], PORT: [("ORG", "port authority")]},
}
STANCES = {"ana": "favor", "ben": "against"}


def _annotate(path: Path, name: str) -> None:
    with Project.open(path) as copy:
        for doc_id in copy.document_ids():
            text = copy.document(doc_id).text
            for label, words in ENTITIES[name][text]:
                copy.add_span(doc_id, *offset(text, words), label)
            if text == BRIDGE:
                quote = copy.add_span(
                    doc_id, *offset(text, QUOTE), "QUOTE", kind="quote", stance=STANCES[name],
                    attributes={"type": "indirect"},
                )  # fmt: skip
                person = copy.find_span(doc_id, *offset(text, "Ana Ruiz"), "PERSON", "entity")
                assert person is not None
                copy.set_relation(quote.id, "SPEAKER", person.id)
            copy.set_document_status(doc_id, "done")


def merged_project(folder: Path) -> Path:
    """``folder/main.annotator`` with ana's and ben's layers merged in; nothing reviewed yet."""
    main = folder / "main.annotator"
    with Project.open(main, annotator="lead") as project:
        project.add_document(BRIDGE, title="Bridge")
        project.add_document(PORT, title="Port")
        made = assign(project, folder / "out", list(ENTITIES), overlap=1.0)
    for assigned in made:
        _annotate(assigned.path, assigned.path.stem)
    with Project.open(main, annotator="lead") as project:
        for assigned in made:
            merge_file(project, assigned.path)
    return main
