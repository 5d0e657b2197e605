"""Speaker names for found quotes: full names in reading order; unattributed quote paragraphs inherit."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from annotator.suggest.documents import issuer_of
from annotator.suggest.names import (
    BODIES,
    DETERMINERS,
    GENDERED_TITLES,
    INSTITUTIONS,
    OTHER_BODIES,
    TITLES,
    Names,
    name_words,
)
from annotator.suggest.person_spans import opens_capitals
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.quotes_types import Candidate
from annotator.suggest.speakers import PERSON_PRONOUNS, Speaker, roles_of, speaker_of

_WEB_ADDRESS = re.compile(r"\w\.(com|org|net|ru|de|co\.uk|info)$", re.IGNORECASE)
# Titles of one office in different countries: "Foreign Secretary" Ann Lee is "the foreign minister".
_SAME_OFFICE = {"minister": ("secretary",), "secretary": ("minister",)}
# Kinds of place or body a name may start with: "Hotel Lindenhof", "Bank of Ruritania".
_PLACES_AND_BODIES = BODIES | {"hotel", "hospital", "airport", "school", "university", "museum", "bank"}
_KINDS = OTHER_BODIES | BODIES
# Bodies of which a country has one, and a story may name two: "the Senate" is not the last Senate named.
_LEGISLATURES = frozenset({"senate", "congress", "parliament", "assembly"})
# Cues that carry on from the quote before: "The Uppsala professor added, ..."
_GOING_ON = frozenset({"added", "adds", "continued", "continues"})
# "Senator Ann Lee's campaign", "Trump's State Department": a person's name, then what is theirs.
_OWNED = re.compile(r"(?:[Tt]he |[Aa] )?(?P<owner>(?:[A-Z][\w.-]* )*[A-Z][\w-]*)['’]s (?P<owned>.+)")
_ACADEMICS = frozenset({"researcher", "scientist", "lecturer", "author", "co-author", "expert", "analyst"})
# A person named in one of these roles is what a later "he" or "she" most likely means;
# within a sentence, the lower rank wins ("Cengiz called Mohammad's admission ...").
_SUBJECTS = {"nsubj": 1, "nsubjpass": 1, "appos": 2, "ROOT": 2, "poss": 3}


def _antecedent_rank(token: Token) -> int | None:
    """How likely a later "he" or "she" means the person ``token`` names, lower is likelier, None never.

    The subject of the main clause outranks the subject of a clause inside it: in
    "Lee agreed to a deal in which Park became minister. 'Never,' he said." he is Lee.
    """
    rank = _SUBJECTS.get(token.dep_)
    if rank == 1 and token.head.dep_ == "ROOT":
        return 0
    return rank


def _unrecognised_name(token: Token) -> bool:
    """A first and last name the entity recogniser left out: two capitalised proper nouns ending a run."""
    doc = token.doc
    if token.i == 0 or token.i + 1 >= len(doc) or token.ent_type_ or token.pos_ != "PROPN":
        return False
    first, after = doc[token.i - 1], doc[token.i + 1]
    return (
        first.pos_ == "PROPN"
        and first.head.i == token.i
        and not first.ent_type_
        and after.pos_ != "PROPN"
        and first.text.istitle()
        and token.text.istitle()
        and first.lower_ not in TITLES
    )


def _given_name(word: Token, surname: Token) -> bool:
    """Whether ``word`` is one more capitalised name before a name the recogniser missed.

    Only when it starts the run of capitals: in "Committee Representative Ann Lee" the
    run is longer than a name and may hold a title.
    """
    return (
        opens_capitals(word)
        and word.pos_ == "PROPN"
        and word.head.i == surname.i
        and not word.ent_type_
        and word.text.istitle()
        and word.lower_ not in TITLES
    )


def _person_among_people(entity: Span) -> bool:
    """A first and last name the recogniser labelled otherwise, which its neighbours show is a person.

    In "officers Ann Lee and Tom Park" the recogniser may call one of them an organisation;
    in "Ann Lee Park, the Secretary of Justice," and "Detective Ann Lee" a title tells.
    """
    root = entity.root
    words = [t for t in entity if not t.is_punct]
    titles = list(itertools.takewhile(lambda t: t.lower_ in TITLES, words))  # "Detective Ann Lee" as ORG
    words = words[len(titles) :]
    if not 2 <= len(words) <= 3 or not all(t.pos_ == "PROPN" and t.text.istitle() for t in words):
        return False
    titled = bool(titles) or any(c.dep_ == "appos" and c.lower_ in TITLES for c in root.children)
    # "the president of Namibia, Hage Geingob,"
    titled = titled or (root.dep_ == "appos" and _title_of(root.head))
    joined = [*root.conjuncts, root.head] if root.dep_ == "conj" else list(root.conjuncts)
    return titled or (len(words) == 2 and any(t.ent_type_ == "PERSON" for t in joined))


def _title_of(token: Token) -> bool:
    """Whether ``token`` is a title, or the place or body a title is "of": "president of Namibia"."""
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        token = token.head.head
    return token.lower_ in TITLES


def _known_names(layout: Layout) -> Names:
    """The people, organisations and roles the document names, by where it names them."""
    text = layout.text
    names = Names()
    people = [
        e
        for e in layout.doc.ents
        if (e.label_ == "PERSON" or _person_among_people(e))
        and e.text[:1].isupper()
        and not layout.in_quote_marks(e.start_char)
    ]
    for entity in sorted(people, key=lambda e: len(name_words(e.text)) < 2):
        rank = _antecedent_rank(entity.root)
        full = names.add_person(
            entity.start_char,
            entity.text,
            antecedent=None if rank is None else (entity.sent.start_char, rank),
        )
        for role in roles_of(entity):
            names.add_role(entity.start_char, role, full)
        title = layout.doc[entity.start - 1].lower_ if entity.start else ""
        if title in GENDERED_TITLES or entity[0].lower_ in GENDERED_TITLES:
            names.note_gender(full, GENDERED_TITLES.get(title) or GENDERED_TITLES[entity[0].lower_])
    for entity in layout.doc.ents:
        if entity.label_ in ("ORG", "FAC") and len(entity) > 1:  # "the hotel": "Hotel Lindenhof"
            for word in entity[:-1]:
                if word.lower_ in _PLACES_AND_BODIES:
                    names.add_role(entity.start_char, word.lower_, " ".join(name_words(entity.text)))
        if entity.label_ in ("ORG", "GPE", "NORP") and len(entity) > 1:
            # the recogniser may take in the opening of the abbreviation: "United Nations (UN"
            name, bracket, inside = entity.text.partition(" (")
            full = " ".join(name_words(name))
            for word in {entity.root.lower_, entity[-1].lower_}:  # "Fire and Rescue Service": "the service"
                names.add_role(entity.start_char, word, full)
            names.add_organisation(entity.start_char, full)
            short = bracket + inside + text[entity.end_char : entity.end_char + 12]
            if short.startswith(" (") and ")" in short:
                abbreviation = short[2 : short.index(")")]
                if abbreviation.isupper() and abbreviation[0] == full[:1]:
                    names.add_short_form(abbreviation, full)
        if entity.label_ == "ORG" and _WEB_ADDRESS.search(entity.text):  # "Example.com" is "the website"
            for role in ("website", "site"):
                names.add_role(entity.start_char, role, entity.text)
    for token in layout.doc:  # surnames the entity recogniser missed: "Cengiz called ..."
        rank = _antecedent_rank(token)
        if (
            rank is not None
            and token.pos_ == "PROPN"
            and token.ent_type_ != "PERSON"
            and names.full_name(token.text, token.idx) not in (token.text, names.short_form(token.text))
            and not layout.in_quote_marks(token.idx)
        ):
            names.add_person(token.idx, token.text, antecedent=(token.sent.start_char, rank))
        elif _unrecognised_name(token):  # "Representative Ann Lee" the recogniser missed
            first = token.nbor(-1)
            if first.i > 0 and _given_name(first.nbor(-1), token):  # "Ann Lee Park"
                first = first.nbor(-1)
            full = layout.text[first.idx : token.idx + len(token)]
            names.add_person(first.idx, full, antecedent=None, weight=0)
    for start, token in _unrecognised_bodies(layout):  # "North Wales Fire and Rescue Service"
        full = layout.text[layout.doc[start].idx : token.idx + len(token)]
        names.add_organisation(layout.doc[start].idx, full)
        names.add_role(layout.doc[start].idx, token.lower_, full)
    for token in layout.doc:  # "the Trump administration", "Northamptonshire police": what "the police" means
        owner = token.nbor(-1) if token.i else None
        if (
            token.lower_ in INSTITUTIONS
            and token.ent_type_ != "ORG"  # "Thames Valley Police": the entity's whole name is taken below
            and owner is not None
            and _owns(owner, token)
        ):
            first = owner
            # "the United States government", not "States government"
            while first.i > 0 and _compound_before(first, (owner.i, token.i)):
                first = first.nbor(-1)
            names.add_role(first.idx, token.lower_, layout.text[first.idx : token.idx + len(token)])
        place = _place_after_of(token) if token.lower_ in INSTITUTIONS else None
        if place is not None:  # "the government of Samoa"
            names.add_role(token.idx, token.lower_, f"{token.text} of {place}")
    for entity in layout.doc.ents:
        if entity.label_ == "ORG" and not layout.in_quote_marks(entity.start_char):
            name = entity.text.partition(" (")[0]
            full = names.short_form(name) or names.full_name(name, entity.start_char, organisation=True)
            names.mention_body(entity.start_char, full)
    for token in layout.doc:  # "HLE crews": an abbreviation the recogniser did not label
        full = names.short_form(token.text) if token.ent_type_ != "ORG" and token.is_upper else None
        if full is not None and not layout.in_quote_marks(token.idx) and layout.text[token.idx - 1] != "(":
            names.mention_body(token.idx, full)
    for entity in layout.doc.ents:
        if entity.label_ == "ORG" and entity.root.dep_ in ("nsubj", "nsubjpass"):
            name = entity.text.partition(" (")[0]
            full = _kind_named(names, name, entity.start_char) or names.full_name(
                name, entity.start_char, organisation=True
            )
            names.add_group(entity.start_char, full)
    _add_documents(layout, names)
    return names


def _unrecognised_bodies(layout: Layout) -> Iterator[tuple[int, Token]]:
    """Names of bodies the recogniser missed: capitalised words ending in "Service", "Agency" ...

    Yields the index of the name's first word and its last word, for a run of at least two
    capitalised words (with "and", "of" or "for" between them) outside any entity.
    """
    doc = layout.doc
    for token in doc:
        if token.lower_ not in _KINDS or not token.text.istitle() or token.ent_type_:
            continue
        start = token.i
        while start > 0 and not doc[start - 1].ent_type_ and _in_body_name(doc, start - 1):
            start -= 1
        if token.i - start >= 1 and doc[start].text.istitle() and not layout.in_quote_marks(token.idx):
            yield start, token


def _in_body_name(doc: Doc, i: int) -> bool:
    """A capitalised word of a body's name, or "and", "of", "for" between two of them."""
    word = doc[i]
    if word.lower_ in ("and", "of", "for"):
        return i >= 1 and doc[i - 1].text.istitle()
    return word.text.istitle() and word.is_alpha and word.lower_ not in DETERMINERS


def _owns(owner: Token, body: Token) -> bool:
    """Whether the word before a body names whose it is: "Trump administration", "Iranian government"."""
    named = owner.dep_ == "compound" and owner.head.i == body.i and owner.pos_ == "PROPN"
    return (named or owner.ent_type_ == "NORP") and owner.text[:1].isupper()


def _compound_before(word: Token, heads: tuple[int, ...]) -> bool:
    """Whether the word before ``word`` is a proper noun of the same name (its head among ``heads``)."""
    before = word.nbor(-1)
    return before.pos_ == "PROPN" and before.head.i in heads


def _place_after_of(token: Token) -> str | None:
    """The named place or body in "government of X" ("Samoa", "New Zealand"), if any."""
    doc = token.doc
    if token.i + 2 >= len(doc) or token.nbor().lower_ != "of" or doc[token.i + 2].ent_iob_ != "B":
        return None
    start = end = token.i + 2
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return doc[start : end + 1].text if doc[start].ent_type_ in ("GPE", "ORG") else None


def _plural_before(layout: Layout, names: Names, position: int) -> str | None:
    """Whom a "they" at ``position`` means: an organisation or people named as subject in its
    sentence or the one before, if any."""
    span = layout.doc.char_span(position, position + 1, alignment_mode="expand")
    if span is None:
        return None
    start = span.sent.start
    if start > 0:
        start = layout.doc[start - 1].sent.start
    for _ in range(6):  # past the quoted sentences between: 'X said: "..." They also said'
        if start == 0 or not layout.in_quote_marks(layout.doc[start].idx + 1):
            break
        start = layout.doc[start - 1].sent.start
    return names.group_before(position, layout.doc[start].idx)


def _add_documents(layout: Layout, names: Names) -> None:
    """Statements and reports with a known issuer, whom a later "the statement said" means."""
    for token in layout.doc:
        issuer = issuer_of(token)
        if issuer is None or layout.in_quote_marks(token.idx):
            continue
        speaker = speaker_of(issuer)
        if speaker.kind == "pronoun" and speaker.text.lower() == "they":
            name = _plural_before(layout, names, speaker.span[0])
        elif speaker.kind == "pronoun":
            name = names.person_before(speaker.span[0]) if speaker.text.lower() in PERSON_PRONOUNS else None
        elif speaker.kind in ("person", "name"):
            name = names.full_name(speaker.text, speaker.span[0])
        else:
            name = None
        if name:
            names.add_role(token.idx, token.lemma_.lower(), name)


def resolve_speakers(layout: Layout, candidates: list[Candidate]) -> None:
    """Full names for speakers, in reading order; unattributed quote paragraphs inherit."""
    names = _known_names(layout)
    previous: Candidate | None = None
    for candidate in sorted(candidates, key=lambda c: c.start):
        speaker = candidate.speaker
        if speaker is not None and previous is not None and _goes_on(layout, candidate, previous):
            candidate.speaker_name = previous.speaker_name
        elif speaker is not None:
            candidate.speaker_name = _speaker_name(layout, speaker, names)
            if candidate.speaker_name is not None and speaker.kind == "name":
                # a body that speaks counts twice more than its mention, counted already if recognised
                mention = layout.doc.char_span(*speaker.span, alignment_mode="expand")
                recognised = mention is not None and any(t.ent_type_ == "ORG" for t in mention)
                names.mention_body(speaker.span[0], candidate.speaker_name, weight=2 if recognised else 3)
        elif (
            candidate.type == "direct"
            and previous is not None
            and previous.speaker is not None
            and layout.paragraph_of(candidate.start) - layout.paragraph_of(previous.end) <= 1
        ):
            candidate.speaker = previous.speaker
            candidate.speaker_name = previous.speaker_name
            candidate.confidence = max(candidate.confidence, 0.7)
        previous = candidate


def _goes_on(layout: Layout, candidate: Candidate, previous: Candidate) -> bool:
    """Whether "the professor added" goes on from the person quoted just before, whom it describes.

    Only a role with no name of its own ("the Uppsala professor", not "the mayor, Ann Lee"),
    after a named person's quote in the same or the previous paragraph.
    """
    speaker, cue = candidate.speaker, candidate.cue
    if speaker is None or cue is None or previous.speaker is None or not previous.speaker_name:
        return False
    words = speaker.text.lower().split()
    return (
        layout.text[cue[0] : cue[1]].lower() in _GOING_ON
        and words[0] == "the"
        and (words[-1] in TITLES or words[-1] in _ACADEMICS)
        and previous.speaker.kind in ("person", "pronoun")
        and layout.paragraph_of(speaker.span[0]) - layout.paragraph_of(previous.end) <= 1
    )


def _by_role(names: Names, phrase: str, position: int) -> str | None:
    """Who a role phrase means: "the foreign minister" is the foreign minister (or secretary) first.

    "The government of American Samoa" names itself: not whatever "Samoa" meant before.
    """
    head, of, _ = phrase.lower().partition(" of ")
    if of and head.split()[-1] in _KINDS:
        return None
    words = phrase.lower().split()
    if len(words) >= 2:
        modifier, role = words[-2:]
        for title in (role, *_SAME_OFFICE.get(role, ())):
            person = names.by_role(f"{modifier} {title}", position)
            if person is not None:
                return person
    if words[-1] in INSTITUTIONS and len(name_words(phrase)) > 1:
        return None  # "the Mexican government" names itself, whatever "the government" meant before
    return names.by_role(words[-1], position)


def _family(phrase: str, position: int, names: Names) -> str | None:
    """ "his family", later "the family": the family of the person "his" means, by surname ("Imus family")."""
    words = phrase.lower().split()
    if len(words) != 2 or words[1] != "family":
        return None
    if words[0] == "the":
        return names.by_role("family", position)
    if words[0] not in ("his", "her"):
        return None
    pronoun = "he" if words[0] == "his" else "she"
    person = names.person_before(position, pronoun) or names.last_person_before(position)
    if person is None:
        return None
    family = f"{person.split()[-1]} family"
    names.add_role(position, "family", family)
    return family


def _owned_by_person(layout: Layout, speaker: Speaker, names: Names) -> str | None:
    """What a person's body is called: "Senator Ann Lee's campaign" is the "Lee campaign", as "the
    Lee campaign" and "the Trump administration" are; "Trump's State Department" the "State Department"."""
    match = _OWNED.fullmatch(speaker.text)
    if match is None:
        return None
    owner = list(itertools.dropwhile(lambda word: word.lower() in TITLES, match["owner"].split()))
    if not owner or owner[-1].lower() in TITLES:  # "the County Sheriff's Office" is a body's name
        return None
    written = " ".join(owner)
    full = names.full_name(written, speaker.span[0])
    start = speaker.span[0] + match.start("owner")
    mention = layout.doc.char_span(start, start + len(match["owner"]), alignment_mode="expand")
    recognised = any(t.ent_type_ == "PERSON" for t in mention or ())
    if names.is_organisation(full) or not (recognised or full != written):
        return None
    owned = match["owned"]
    if owned.lower() in INSTITUTIONS:
        return f"{owner[-1]} {owned.lower()}"
    return owned if owned[:1].isupper() else None


def _listed(names: list[str]) -> str:
    """Names as a list is written: "Ann Lee and Tom Park", "Ann Lee, Tom Park and Eva Kim"."""
    return " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"


def _kind_named(names: Names, text: str, position: int) -> str | None:
    """The body a capitalised kind stands for: "the Department" is the department named before."""
    kind = name_words(text)
    if len(kind) != 1 or kind[0].lower() not in _KINDS - _LEGISLATURES:
        return None
    return names.by_role(kind[0].lower(), position)


def _surname(text: str) -> bool:
    """One capitalised word, such as a surname: "Radmall", not "officials" or "NATO"."""
    return " " not in text and text[:1].isupper() and text[1:].islower() and text.isalpha()


def _speaker_name(layout: Layout, speaker: Speaker, names: Names) -> str | None:
    position = speaker.span[0]
    if speaker.kind == "group":
        found = [_speaker_name(layout, member, names) for member in speaker.members]
        group = _listed([name for name in found if name])
        names.add_group(position, group)
        return group
    if speaker.kind == "pronoun":
        if speaker.text.lower() in ("they", "its", "it", "their"):  # "its website notes": the body before
            found = _plural_before(layout, names, position)
            if found is None and speaker.text.lower() in ("its", "their"):  # "its press release", later on
                found = names.body_before(position)
            return found
        if speaker.text.lower() not in PERSON_PRONOUNS:
            return None
        person = names.person_before(position, speaker.text)
        if person is not None:
            names.note_gender(person, speaker.text)
        return person
    if speaker.kind == "nominal" and (family := _family(speaker.text, position, names)) is not None:
        return family
    if (owned := _owned_by_person(layout, speaker, names)) is not None:
        return owned
    # "Mijares" the parser took for a common noun, after "Graciano Mijares"
    if speaker.kind == "nominal" and _surname(speaker.text):
        full = names.full_name(speaker.text, position)
        if full != speaker.text:
            return names.add_person(position, full, weight=2)
    if speaker.kind == "nominal" or not name_words(speaker.text):
        person = _by_role(names, speaker.text, position)
        if person is not None and names.is_organisation(person):
            names.add_group(position, person)  # which a later "they" means
            return person
        if person is not None and speaker.text.split()[-1].lower() in INSTITUTIONS:
            return person  # a body, which no later "he" means
        if person is not None:
            return names.add_person(position, person, weight=2)
        words = speaker.text.split()
        described = words[0].lower() == "the" and words[-1].lower() in BODIES
        body = names.body_before(position) if described else None
        if body is not None:  # "the network", "the industry publication"
            names.add_group(position, body)
            return body
        first, rest = words[0], " ".join(words[1:])
        name = rest if rest and first.lower() in ("the", "a", "an") else f"{first} {rest}".strip()
        if first.lower() == "the" and name.lower().partition(" of ")[0].split()[-1] in _KINDS:
            names.add_group(position, name)  # "the government of Samoa", whom a later "their" means
        return name
    # "the ... Agency": an organisation (a person's name takes no article)
    definite = "the " in (layout.text[max(0, position - 4) : position].lower(), speaker.text[:4].lower())
    body = _kind_named(names, speaker.text, position) if definite else None
    if body is not None:
        return body
    full = names.full_name(speaker.text, position, organisation=speaker.kind == "name" and definite)
    if not layout.parsed or speaker.kind == "person" or full != " ".join(name_words(speaker.text)):
        names.add_person(position, full, weight=2)
    return full
