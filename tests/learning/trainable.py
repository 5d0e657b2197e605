"""A small project to train on, written here: harbour news with a PORT label and quotes with a stance.

Each document names a port (a label the stock pipeline lacks) and quotes a person praising or
blaming it: praise is favor, blame is against. Documents are marked done unless told otherwise.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project

TOPIC = "the harbour fees"
PORTS = ["Dunmore", "Kelvale", "Ostrand", "Pelhaven", "Quarrow", "Ribbleton", "Saltmere", "Tarnby"]
PEOPLE = ["Anna Berg", "Carl Dahl", "Erik Falk", "Greta Holm"]
GOOD = ["wonderful", "great", "splendid", "helpful", "welcome", "excellent"]
BAD = ["terrible", "awful", "dreadful", "harmful", "wasteful", "ugly"]


def article(number: int) -> tuple[str, str, str, str]:
    """(text, port, quote's words, stance) of the ``number``-th article."""
    port = PORTS[number % len(PORTS)]
    person = PEOPLE[number % len(PEOPLE)]
    favor = number % 2 == 0
    word = (GOOD if favor else BAD)[number % 6]
    words = f"The new fee is {word} for the harbour"
    text = f'Ships waited outside the harbour of {port} on day {number}. "{words}," said {person}.'
    return text, port, words, "favor" if favor else "against"


def make_trainable(path: Path, documents: int = 24, *, done: bool = True) -> Path:
    """Write the project at ``path``: each document's port accepted as PORT, its quote with a stance."""
    with Project.open(path, annotator="ann") as project:
        project.set_setting("topic", TOPIC)
        for number in range(documents):
            text, port, words, stance = article(number)
            document, _ = project.add_document(text)
            start = text.index(port)
            project.add_span(document, start, start + len(port), "PORT")
            quote_start = text.index(words)
            project.add_span(
                document,
                quote_start,
                quote_start + len(words),
                "QUOTE",
                kind="quote",
                stance=stance,
                attributes={"speaker_name": PEOPLE[number % len(PEOPLE)]},
            )
            if done:
                project.set_document_status(document, "done")
    return path
