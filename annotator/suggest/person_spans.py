"""Person names as the recogniser should have cut them: without the title, with the whole name.

The small English pipeline takes a title in ("Superintendent Graciano"), leaves a surname out
("... Graciano Mijares of the police") or a given name before a particle ("Arnel dela Vega"). A
name cut wrong is shown to the annotator as a wrong entity and stops "Mijares said" from being
the same person, so the entities are mended once, before anything reads them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotator.suggest.names import REGNAL, TITLES

# Capitalised before a name like a title, never part of it: "Broadcaster Piers Morgan".
# fmt: off
OCCUPATIONS = frozenset([
    "broadcaster", "journalist", "reporter", "columnist", "author", "novelist", "writer", "poet", "actor",
    "actress", "singer", "musician", "rapper", "comedian", "presenter", "host", "producer", "filmmaker",
    "historian", "economist", "analyst", "scientist", "researcher", "astronomer", "physicist", "biologist",
    "lawyer", "activist", "campaigner", "entrepreneur", "businessman", "businesswoman", "billionaire",
    "coach", "manager", "striker", "goalkeeper", "midfielder", "defender", "player", "chef", "astronaut",
    "officer", "official", "spokesman", "spokeswoman", "spokesperson",
])
# fmt: on
_NOT_NAMES = (TITLES | OCCUPATIONS) - REGNAL
_MOST_ADDED = 2  # surnames added after a name: a name is not a run of capitals


def mend_person_names(doc: Doc) -> None:
    """Cut titles off the recogniser's PERSON entities and add the name words it left out."""
    mended = []
    changed = False
    for entity in doc.ents:
        if entity.label_ == "PERSON":
            start, end = _mended(doc, entity)
            changed = changed or (start, end) != (entity.start, entity.end)
            entity = Span(doc, start, end, label="PERSON")
        mended.append(entity)
    if changed:
        doc.ents = mended


def _mended(doc: Doc, entity: Span) -> tuple[int, int]:
    start, end = entity.start, entity.end
    while end - start > 1 and _title(doc[start]):
        start += 1
    # the parser joins them to the name as one noun phrase: "Graciano" is a compound of "Mijares"
    added = 0
    while (
        added < _MOST_ADDED
        and end < len(doc)
        and _left_out(doc[end])
        and _compound_of(doc[end - 1], doc[end])
    ):
        end += 1
        added += 1
    if start > 0 and _left_out(doc[start - 1]) and _compound_of(doc[start - 1], doc[start]):
        start -= 1  # one given name: "Arnel" of "dela Vega"; "Minority Whip Dick Durbin" stays a title
    return start, end


def _compound_of(token: Token, head: Token) -> bool:
    return token.dep_ == "compound" and token.head.i == head.i


def _title(token: Token) -> bool:
    return token.lower_ in _NOT_NAMES and token.text[:1].isupper()


def _left_out(token: Token) -> bool:
    """A capitalised proper noun next to a name that the recogniser gave no entity."""
    return (
        token.pos_ == "PROPN"
        and token.ent_iob_ == "O"
        and token.is_alpha
        and token.text[:1].isupper()
        and not token.text.isupper()  # "NATO", "UN"
        and token.lower_ not in _NOT_NAMES
        and "\n" not in token.whitespace_
    )
