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
    "officer", "official", "spokesman", "spokeswoman", "spokesperson", "legislator", "lawmaker",
    "congressman", "congresswoman", "councilman", "councilwoman", "assemblyman", "assemblywoman",
])
# fmt: on
_NOT_NAMES = (TITLES | OCCUPATIONS) - REGNAL
_MOST_ADDED = 2  # surnames added after a name: a name is not a run of capitals


def mend_person_names(doc: Doc) -> None:
    """Cut titles off the recogniser's PERSON entities and add the name words it left out.

    A person named elsewhere whose name ends a place or an organisation ("Hong Kong Carrie Lam",
    "Amnesty International Man-kei Tam") is taken out of it.
    """
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
    mended = []
    for entity in doc.ents:
        if entity.label_ != "PERSON" and (name := _person_ending(entity, surnames)) is not None:
            mended += [
                Span(doc, entity.start, name, label=entity.label_),
                Span(doc, name, entity.end, label="PERSON"),
            ]
        elif entity.label_ == "PERSON":
            mended.append(Span(doc, *_mended(doc, entity), label="PERSON"))
        else:
            mended.append(entity)
    if [(e.start, e.end, e.label) for e in mended] != [(e.start, e.end, e.label) for e in doc.ents]:
        doc.ents = mended


def _person_ending(entity: Span, surnames: set[str]) -> int | None:
    """Where a person's given name and surname at the end of ``entity`` start, if they do."""
    if len(entity) < 3 or entity[-1].text not in surnames:
        return None
    doc = entity.doc
    start = entity.end - 2
    while start - 2 > entity.start and doc[start - 1].text == "-" and _glued(doc[start - 2], doc[start - 1]):
        start -= 2  # "Man-kei Tam"
    given = doc[start]
    return start if given.pos_ == "PROPN" and given.is_alpha and given.text[:1].isupper() else None


def _glued(first: Token, hyphen: Token) -> bool:
    return first.is_alpha and not first.whitespace_ and not hyphen.whitespace_


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
    if (
        start > 0
        and _left_out(doc[start - 1])
        and doc[start - 1].dep_ == "compound"
        and opens_capitals(doc[start - 1])
        and start <= doc[start - 1].head.i < end
    ):
        start -= 1  # one given name: "Carmen" of "Yulín Cruz"; "Minority Whip Dick Durbin" stays a title
    return start, end


def opens_capitals(token: Token) -> bool:
    """Whether ``token`` starts its run of capitalised words, as a given name does.

    Not after another capitalised word (a title: "Minority Whip Dick Durbin") nor after a
    preposition (a place: "President of Ruritania Anna Lee").
    """
    if token.i == 0:
        return True
    before = token.nbor(-1)
    return not (before.is_alpha and before.text[:1].isupper()) and before.pos_ != "ADP"


def _compound_of(token: Token, head: Token) -> bool:
    return token.dep_ == "compound" and token.head.i == head.i


def _title(token: Token) -> bool:
    """A title or occupation before a name: "Superintendent", "Ecologist" (no given name ends in -ist)."""
    return (token.lower_ in _NOT_NAMES or token.lower_.endswith("ist")) and token.text[:1].isupper()


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
