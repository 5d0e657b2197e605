"""Person names as the recogniser should have cut them: without the title, with the whole name.

The small English pipeline takes a title in ("Superintendent Graciano"), leaves a surname out
("... Graciano Mijares of the police") or a given name before a particle ("Arnel dela Vega"), runs
a place into the name after it ("Prime Minister of Ruritania Ann Lee") or calls a person an
organisation ("Ann Lee of Acme Rescue said"). A name cut wrong is shown to the annotator as a
wrong entity and stops "Mijares said" from being the same person, so the entities are mended
once, before anything reads them.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span, Token

from annotator.suggest.names import DETERMINERS, POST_NOMINALS, REGNAL, TITLES

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
    "voter", "resident", "student", "witness", "teacher", "nurse", "doctor", "farmer", "worker", "owner",
    "passenger", "driver", "volunteer", "candidate", "protester", "protestor", "survivor", "neighbour",
    "neighbor", "shopkeeper", "customer", "employee",
])

# fmt: on
# After a name, never part of it: letters ("Ann Lee QC") and a picture's caption run into the name
# ("Tom Tancredo Image", news pages copied as text).
_AFTER_NAMES = POST_NOMINALS | {"Image", "Photo", "Picture"}
_NOT_NAMES = (TITLES | OCCUPATIONS) - REGNAL
# Before a name, never part of it: "on Twitter West said" is run into one name by the recogniser.
PLATFORMS = frozenset(
    {"Twitter", "Facebook", "Instagram", "YouTube", "TikTok", "Telegram", "Weibo", "Reddit"}
)
_MOST_ADDED = 2  # surnames added after a name: a name is not a run of capitals
_PLACE_LABELS = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC"})


class _Places:
    """What a document names as places, organisations and groups, to tell them from people's names."""

    def __init__(self, doc: Doc) -> None:
        self.labels: dict[str, str | None] = {}  # a full name and its label, None when unrecognised
        self._entities: defaultdict[str, set[int]] = defaultdict(set)  # a word and where its entities start
        for entity in doc.ents:
            if entity.label_ in _PLACE_LABELS:
                self.labels.setdefault(entity.text, entity.label_)
                for token in entity:
                    self._entities[token.text].add(entity.start)
        for token in doc[1:]:  # "the Prime Minister of Ruritania said": a title's place ends its capitals
            if token.lower_ == "of" and token.nbor(-1).lower_ in TITLES:
                start = end = token.i + 1 + (token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "the")
                while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper():
                    end += 1
                if start < end:
                    self.labels.setdefault(doc[start:end].text, None)

    def named_elsewhere(self, token: Token, entity: Span) -> bool:
        """Whether ``token``'s word is in a place or organisation the document names besides ``entity``."""
        return bool(self._entities.get(token.text, set()) - {entity.start})


def mend_person_names(doc: Doc) -> None:
    """Cut titles off the recogniser's PERSON entities and add the name words it left out.

    A person named elsewhere whose name ends a place or an organisation ("Hong Kong Carrie Lam",
    "Amnesty International Man-kei Tam") is taken out of it, and so is the name after a title's
    place ("Prime Minister of Ruritania Ann Lee") when the document names the place.
    """
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
    places = _Places(doc)
    mended: list[Span] = []
    for entity in doc.ents:
        if (cut := _place_before_name(entity, places)) is not None:
            name, label = cut
            if label is not None:
                mended.append(Span(doc, entity.start, name, label=label))
            mended.append(Span(doc, *_mended(doc, doc[name : entity.end]), label="PERSON"))
        elif entity.label_ == "PERSON":
            mended.append(Span(doc, *_mended(doc, entity), label="PERSON"))
        elif (titled := _titled_name(entity)) is not None:  # "Voter Kitty Mak", "Kama Melly QC" as ORG
            mended.append(Span(doc, *titled, label="PERSON"))
        elif _member_of_organisation(entity, places):
            mended.append(Span(doc, entity.start, entity.end, label="PERSON"))
        elif (name := _person_ending(entity, surnames, places)) is not None:
            if name > entity.start:
                mended.append(Span(doc, entity.start, name, label=entity.label_))
            mended.append(Span(doc, name, entity.end, label="PERSON"))
        else:
            mended.append(entity)
    if [(e.start, e.end, e.label) for e in mended] != [(e.start, e.end, e.label) for e in doc.ents]:
        doc.ents = mended


def _place_before_name(entity: Span, places: _Places) -> tuple[int, str | None] | None:
    """Where the name starts in a place and a name after a title, and the place's label.

    "Prime Minister of Ruritania Ann Lee": the place is the longest opening the document
    names as a place or organisation, or as a title's place elsewhere.
    """
    doc = entity.doc
    if entity.start < 2 or doc[entity.start - 1].lower_ != "of" or doc[entity.start - 2].lower_ not in TITLES:
        return None
    for name in range(entity.end - 2, entity.start, -1):
        place = doc[entity.start : name].text
        if place in places.labels and _is_name(doc[name : entity.end]):
            label = places.labels[place] or (None if entity.label_ == "PERSON" else entity.label_)
            return name, label
    return None


def _member_of_organisation(entity: Span, places: _Places) -> bool:
    """A person of an organisation the recogniser took for one: "Ann Lee of Acme Rescue said".

    Not before a place ("Acme Rescue of Ruritania" is an organisation), nor a name with an
    article or with a word the document names elsewhere as a place or organisation.
    """
    doc = entity.doc
    return (
        entity.label_ == "ORG"
        and entity.end + 1 < len(doc)
        and doc[entity.end].lower_ == "of"
        and doc[entity.end + 1].ent_iob_ == "B"
        and doc[entity.end + 1].ent_type_ == "ORG"
        and (entity.start == 0 or doc[entity.start - 1].lower_ not in DETERMINERS)
        and opens_capitals(entity[0])
        and _is_name(entity)
        and not any(places.named_elsewhere(token, entity) for token in entity)
    )


def _is_name(span: Span) -> bool:
    """Two or three capitalised words and nothing else, as a given name and a surname are ("Man-kei Tam")."""
    words = span.text.split()
    return 2 <= len(words) <= 3 and all(
        word[:1].isupper() and word.replace("-", "").isalpha() and word.lower() not in _NOT_NAMES
        for word in words
    )


def _person_ending(entity: Span, surnames: set[str], places: _Places) -> int | None:
    """Where a person's given name and surname at the end of ``entity`` start, if they do.

    All of ``entity`` is the name ("Ann Mary Lee") when it opens the capitals and each word
    before the given name hangs on the name alone, unlike a place's first word ("Hong" of
    "Hong Kong"), and is in no place or organisation the document names elsewhere.
    """
    if len(entity) < 3 or entity[-1].text not in surnames:
        return None
    doc = entity.doc
    start = entity.end - 2
    while start - 2 > entity.start and doc[start - 1].text == "-" and _glued(doc[start - 2], doc[start - 1]):
        start -= 2  # "Man-kei Tam"
    if not _given(doc[start]):
        return None
    whole = opens_capitals(entity[0]) and all(
        _given(word)
        and word.n_lefts == 0
        and word.i < word.head.i < entity.end
        and word.lower_ not in _NOT_NAMES
        and not places.named_elsewhere(word, entity)
        for word in doc[entity.start : start]
    )
    return entity.start if whole else start


def _given(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.is_alpha and token.text[:1].isupper()


def _glued(first: Token, hyphen: Token) -> bool:
    return first.is_alpha and not first.whitespace_ and not hyphen.whitespace_


def _titled_name(entity: Span) -> tuple[int, int] | None:
    """The name in an entity that only a title or letters before or after it made a non-person."""
    start, end = _without_titles(entity)
    if (start, end) == (entity.start, entity.end):
        return None
    return (start, end) if _is_name(entity.doc[start:end]) else None


def _without_titles(entity: Span) -> tuple[int, int]:
    """``entity`` without the titles before it and the letters after it ("Judge Ann Lee QC")."""
    doc = entity.doc
    start, end = entity.start, entity.end
    while end - start > 1 and (_title(doc[start]) or doc[start].text in PLATFORMS):
        start += 1
    while end - start > 1 and doc[end - 1].text in _AFTER_NAMES:
        end -= 1
    return start, end


def _mended(doc: Doc, entity: Span) -> tuple[int, int]:
    start, end = _without_titles(entity)
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

    Not after another capitalised word (a title: "Minority Whip Dick Durbin") unless that word
    is a title itself ("Superintendent Ann Lee"), nor after a preposition (a place: "President
    of Ruritania Anna Lee").
    """
    if token.i == 0:
        return True
    before = token.nbor(-1)
    if _title(before):  # "Senior Superintendent Yolanda Yu": a title ends, the name begins
        return True
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
        and not _title(token)  # "Ecologist" before "Ryan Norris"
        and "\n" not in token.whitespace_
    )
