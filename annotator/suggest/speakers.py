"""Who said it: the speaker span next to a cue ("said Jin", "Hong Lei, the spokesman, said")."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from annotator.suggest.documents import source_of, whole_of
from annotator.suggest.marks import Part
from annotator.suggest.names import DETERMINERS, POST_NOMINALS, REGNAL, TITLES
from annotator.suggest.person_spans import OCCUPATIONS, PLATFORMS

SPEAKER_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "him", "her"})
PRONOUNS = PERSON_PRONOUNS | {"they", "it", "we", "you"}
_PHRASE_LINKS = frozenset({"appos", "compound", "conj", "prep", "pobj", "nmod"})
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
# "Deputy Governor", "former president": someone other than the one "the governor" means.
_NOT_THE_HOLDER = frozenset({"deputy", "vice", "assistant", "former", "ex", "ex-"})


@dataclass(frozen=True)
class Speaker:
    """A speaker mention: its offsets, its words and whether it names a person."""

    span: Part
    text: str
    kind: str  # "pronoun", "person", "name" (organisation or unknown), "nominal" or "group"
    members: tuple[Speaker, ...] = ()  # of a group: "Reuters and NBC"


def is_parsed(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def _entity_bounds(token: Token) -> tuple[int, int]:
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range start..end without edge punctuation or a possessive ending."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].lower_ in ("'s", "’s")
    ):
        end -= 1
    return (start, end) if start < end else (start, start + 1)


def _make(doc: Doc, tokens: tuple[int, int], kind: str) -> Speaker:
    span = doc[tokens[0] : tokens[1]]
    return Speaker((span.start_char, span.end_char), span.text, kind)


def speaker_of(token: Token) -> Speaker:
    """The speaker mention headed by ``token``, the subject of a cue.

    A named person in apposition wins over the common noun ("the spokesman,
    Hong Lei,"); an entity is taken whole; otherwise the noun phrase up to its head.
    """
    doc = token.doc
    source = source_of(token) or whole_of(token)
    if source is not None:
        return speaker_of(source)
    if token.text in POST_NOMINALS and token.i > 0 and token.nbor(-1).ent_type_ == "PERSON":
        return entity_speaker(token.nbor(-1))  # "Judge Ann Lee QC said": the parser made "QC" the head
    if token.ent_type_ != "PERSON":
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return _make(doc, _trimmed(doc, *_entity_bounds(child)), "person")
        for child in token.children:  # "a student named Wong said"
            named = _named(child) if child.dep_ == "acl" and child.lemma_ in ("name", "call") else None
            if named is not None:
                return named
        for child in token.children:  # "the broadcaster PBS", "one news site, Example.com,"
            if (
                child.dep_ == "appos"
                and child.ent_type_ in SPEAKER_ENTITY_LABELS
                and token.ent_type_ not in SPEAKER_ENTITY_LABELS
            ):
                return _make(doc, _trimmed(doc, *_entity_bounds(child)), "name")
    if token.lower_ in PRONOUNS or (token.pos_ == "PRON" and not _acronym(token)):
        pronoun = _make(doc, (token.i, token.i + 1), "pronoun")
        people = [c for c in token.conjuncts if c.ent_type_ == "PERSON" and c.i > token.i]
        if people and token.lower_ in PERSON_PRONOUNS:  # "Both he and Mayor Ann Lee said"
            members = (pronoun, *(entity_speaker(c) for c in people))
            end = members[-1].span[1]
            return Speaker((pronoun.span[0], end), doc.text[pronoun.span[0] : end], "group", members)
        return pronoun
    if token.ent_type_ != "PERSON" and (person := _person_within(token) or _name_after_title(token)):
        return person
    named = _other_names(token)
    partner = _subject_before(token)
    if partner is not None and token.ent_type_ in SPEAKER_ENTITY_LABELS:  # "X, which ..., and Y said"
        token, named = partner, [token, *named]
    if token.ent_type_ in SPEAKER_ENTITY_LABELS and named:
        members = tuple(entity_speaker(c) for c in (token, *named))
        first, last = members[0].span, members[-1].span
        return Speaker((first[0], last[1]), doc.text[first[0] : last[1]], "group", members)
    if token.ent_type_ in SPEAKER_ENTITY_LABELS:
        return entity_speaker(token)
    if named:  # "these videos and the broadcaster": only the one with a name
        return entity_speaker(named[0])
    if token.pos_ == "PROPN" and _capitalised(token):
        start = _name_start(doc, token.i)
        end = token.i + 1
        if end < len(doc) and doc[end].head.i == token.i:
            end = _past_of_name(doc, end, ("for", "of"))  # "the Center for Biological Diversity"
        return _make(doc, _trimmed(doc, start, end), "name")
    start = token.left_edge.i
    for i in range(token.i - 1, start - 1, -1):
        if doc[i].text in ",(—–" or "\n" in doc[i].text:
            start = i + 1
            break
    return _make(doc, _trimmed(doc, start, _of_name_end(token)), "nominal")


def _named(participle: Token) -> Speaker | None:
    """The person a "named" or "called" after a noun names: "a student named Wong"."""
    for child in participle.children:
        if child.dep_ in ("oprd", "attr", "dobj") and child.ent_type_ == "PERSON" and child.i > participle.i:
            return entity_speaker(child)
    return None


def _other_names(token: Token) -> list[Token]:
    """The named conjuncts after ``token``, one per entity: "Disease Control and Research" inside a
    name is not a second speaker."""
    seen = {_entity_bounds(token)}
    named = []
    for conjunct in token.conjuncts:
        bounds = _entity_bounds(conjunct)
        if conjunct.ent_type_ in SPEAKER_ENTITY_LABELS and conjunct.i > token.i and bounds not in seen:
            seen.add(bounds)
            named.append(conjunct)
    return named


def _past_of_name(doc: Doc, end: int, joins: tuple[str, ...]) -> int:
    """Where a name ending before token ``end`` ends with its "of" and capitalised words, if it has them."""
    if end + 1 < len(doc) and doc[end].lower_ in joins and _capitalised(doc[end + 1]):
        return _name_run(doc, end + 1, 1, end + 1, len(doc))[1]
    return end


def _name_start(doc: Doc, i: int) -> int:
    """Where the capitalised name ending at token ``i`` starts, past a number or a possessive inside it."""
    start = i
    while start > 0 and doc[start - 1].lower_ not in TITLES - REGNAL:
        if _in_name(doc[start - 1]):
            start -= 1
        elif start > 1 and doc[start - 1].like_num and _in_name(doc[start - 2]):
            start -= 2  # "the Lost 52 Project"
        elif (
            start > 1
            and doc[start - 1].tag_ == "POS"
            and _in_name(doc[start - 2])
            and doc[start].lower_ not in TITLES  # "Ruritania's Queen Anna": hers, not a name
        ):
            start -= 2  # "the Harlow County Sheriff's Office"
        else:
            break
    return start


def _of_name_end(token: Token) -> int:
    """Where a body's noun phrase ends: after its "of" and a name ("the city of Calabasas"), if any.

    Not after a role ("the mayor of Yartsevo" is a person the name does not name).
    """
    doc = token.doc
    end = token.i + 1
    if token.lower_ in TITLES or end + 1 >= len(doc) or doc[end].lower_ != "of" or doc[end].head.i != token.i:
        return end
    named = doc[end + 1]
    if named.ent_iob_ != "B" or named.ent_type_ not in ("GPE", "ORG", "LOC"):
        return end
    return _entity_bounds(named)[1]


def entity_speaker(token: Token) -> Speaker:
    """The whole entity ``token`` belongs to, as a speaker (a person's left-out given name included)."""
    doc = token.doc
    start, end = _entity_bounds(token)
    # "the World Health Organization (WHO": the recogniser took in the abbreviation's opening
    end = next((i for i in range(start + 1, end) if doc[i].text == "(" and i > token.i), end)
    if token.ent_type_ == "ORG":
        end = _past_of_name(doc, end, ("of",))  # "Party of Working People"
        named = end  # "the Associated Press news agency": what it is comes after its name
        while named - start > 1 and doc[named - 1].is_lower and doc[named - 1].is_alpha:
            named -= 1
        end = named if doc[named - 1].text[:1].isupper() else end
    if token.ent_type_ == "PERSON":
        return _make(doc, _trimmed(doc, _given_names(doc, start), end), "person")
    if end - start == 1 and _given_name_before_role(doc, start):
        return _make(doc, _trimmed(doc, start - 1, end), "person")
    number = doc[start - 1] if start > 1 else None
    if token.ent_type_ == "ORG" and number is not None and number.like_num and number.ent_type_ != "DATE":
        start = _name_start(doc, start)  # "the Lost 52 Project", where the recogniser took only "Project"
    return _make(doc, _trimmed(doc, start, end), "name")


def _given_name_before_role(doc: Doc, start: int) -> bool:
    """Whether a one-word entity is a surname after a given name and a role: "an attendee Om Prakash"."""
    if start < 2:
        return False
    given, role = doc[start - 1], doc[start - 2]
    return (
        given.head.i == start
        and given.dep_ == "compound"
        and given.pos_ == "PROPN"
        and not given.ent_type_
        and _capitalised(given)
        and given.lower_ not in TITLES
        and role.pos_ == "NOUN"
        and role.is_lower
    )


def _subject_before(token: Token) -> Token | None:
    """A named subject of the same verb before ``token``, joined to it by "and" (a parse without conj)."""
    if token.dep_ != "nsubj":
        return None
    for sibling in token.head.children:
        if (
            sibling.i < token.i
            and sibling.dep_ == "nsubj"
            and sibling.ent_type_ in SPEAKER_ENTITY_LABELS
            and any(t.dep_ == "cc" and t.lower_ == "and" for t in token.doc[sibling.i : token.i])
        ):
            return sibling
    return None


def _person_within(token: Token) -> Speaker | None:
    """The last person named inside a role phrase: "the director of the agency, Ann Lee," -> Ann Lee.

    Only through appositions, compounds, conjunctions and prepositions, in the
    same paragraph as the verb (never inside a relative clause or a quote).
    """
    doc = token.doc
    for i in range(token.right_edge.i, token.left_edge.i - 1, -1):
        candidate = doc[i]
        unrecognised = _name_of_role(candidate)
        ends_person = candidate.ent_type_ == "PERSON" and _entity_bounds(candidate)[1] - 1 == i
        if unrecognised is None and not ends_person:
            continue
        if candidate.dep_ == "compound" and candidate.head.i == token.i and candidate.i < token.i:
            return None  # "the Biden campaign", "a Trump spokesman", "the Wooster professor" speak, not Biden
        if not _attached(candidate, token) or any(
            "\n" in doc[min(i, other.i) : max(i, other.i)].text for other in (token, token.head)
        ):
            continue
        start, end = unrecognised or _entity_bounds(candidate)
        return _make(doc, _trimmed(doc, _given_names(doc, start), end), "person")
    return None


def _name_of_role(token: Token) -> tuple[int, int] | None:
    """A first and last name the recogniser missed, in apposition to a title: "its chancellor, Ann Lee"."""
    doc = token.doc
    if token.ent_type_ or token.dep_ != "appos" or token.head.lower_ not in TITLES or not _capitalised(token):
        return None
    first = doc[token.i - 1]
    if first.dep_ != "compound" or first.pos_ != "PROPN" or not _capitalised(first) or first.ent_type_:
        return None
    return first.i, token.i + 1


def _attached(token: Token, phrase_head: Token) -> bool:
    for _ in range(6):
        if token.i == phrase_head.i:
            return True
        if token.dep_ not in _PHRASE_LINKS:
            return False
        token = token.head
    return False


def _name_after_title(token: Token) -> Speaker | None:
    """The name closing a title phrase: "First Minister of Ruritania Ann Lee" -> Ann Lee.

    The place and the name run together in capitals, so a run of three or more
    capitalised words at the end of the phrase ends in a first and last name.
    """
    if token.lower_ not in TITLES or token.ent_type_:
        return None
    doc = token.doc
    end = token.right_edge.i + 1
    start = end
    while start > token.i + 1 and _capitalised(doc[start - 1]) and doc[start - 1].pos_ == "PROPN":
        start -= 1
    before = start - 1 - (doc[start - 1].lower_ == "the")
    if end - start < 3 or doc[before].lower_ not in ("of", "to", "for"):
        return None
    return _make(doc, (end - 2, end), "person")


def _given_names(doc: Doc, start: int) -> int:
    """Where a one-word person's name starts with the capitalised words the recogniser left out ("Ann")."""
    if doc[start].ent_iob_ == "B" and start + 1 < len(doc) and doc[start + 1].ent_iob_ == "I":
        return start
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and not doc[start - 1].ent_type_
        and _capitalised(doc[start - 1])
        and doc[start - 1].lower_ not in TITLES - REGNAL
        and doc[start - 1].text not in PLATFORMS  # "on Twitter West said"
        # "Prosecutor Ann Lee said": a capital that proves nothing, but "Pope Leo said" is a name
        and (doc[start - 1].lower_ in REGNAL or not doc[start - 1].is_sent_start)
    ):
        start -= 1
    return start


def _in_name(token: Token) -> bool:
    """A capitalised word that may belong to a name: "On Friday Ford Motor" holds a preposition and a date,
    "on Twitter West" a platform."""
    return (
        _capitalised(token)
        and token.pos_ != "ADP"
        and token.ent_type_ not in _NOT_NAMES
        and token.text not in PLATFORMS
    )


def _acronym(token: Token) -> bool:
    """Capitals the tagger may take for a pronoun: "WHO said", "US officials" (not "I")."""
    return token.is_upper and len(token) > 1


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and token.is_alpha and token.lower_ not in DETERMINERS


def _name_run(doc: Doc, i: int, step: int, lo: int, hi: int) -> tuple[int, int]:
    j = i
    while lo <= j + step < hi:
        if _in_name(doc[j + step]):
            j += step
        elif lo <= (k := j + 2 * step) < hi and _hyphen_between(doc, j, k) and _in_name(doc[k]):
            j = k  # "Tak-Sing Wong"
        else:
            break
    return (i, j + 1) if step > 0 else (j, i + 1)


def _hyphen_between(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens ``a`` and ``b`` are two halves of one hyphenated word ("Tak-Sing")."""
    first, hyphen = doc[min(a, b)], doc[min(a, b) + 1]
    return hyphen.text == "-" and not first.whitespace_ and not hyphen.whitespace_


def speaker_near(doc: Doc, cue: Token, lo: int, hi: int) -> Speaker | None:
    """A speaker found by word shape alone (no parse): "Jin said", "said Jin", "he added".

    ``lo``..``hi`` bound the token indices searched (the attribution's sentence).
    The words just before the cue win over those just after it ("Blinken told
    Washington"); further back, the nearest name or pronoun, skipping lower-case
    words such as an appositive ("Hong Lei, the ministry's spokesman, said").
    """
    before, after = cue.i - 1, cue.i + 1
    aside = _person_before_aside(doc, before, lo)
    if aside is not None:
        return aside
    named_after = _person_after(doc, cue.i, hi)
    for i in (before, after):
        if i == after and named_after is not None:
            return named_after
        if lo <= i < hi and doc[i].lower_ in PRONOUNS:
            return _make(doc, (i, i + 1), "pronoun")
        if lo <= i < hi and _capitalised(doc[i]):
            return _make(doc, _trimmed(doc, *_name_run(doc, i, -1 if i < cue.i else 1, lo, hi)), "name")
    for i in range(before - 1, max(lo, cue.i - 15) - 1, -1):
        if doc[i].lower_ in PRONOUNS:
            return _make(doc, (i, i + 1), "pronoun")
        if _capitalised(doc[i]):
            return _make(doc, _trimmed(doc, *_name_run(doc, i, -1, lo, hi)), "name")
    return None


def _person_before_aside(doc: Doc, comma: int, lo: int) -> Speaker | None:
    """The person before an aside that ends at the cue: "Ann Lee, a columnist from ESPN, said"."""
    if comma < lo or doc[comma].text != ",":
        return None
    for i in range(comma - 1, max(lo, comma - 12) - 1, -1):
        if doc[i].text == ",":
            named = doc[i - 1] if i > lo else None
            return entity_speaker(named) if named is not None and named.ent_type_ == "PERSON" else None
    return None


def _person_after(doc: Doc, cue: int, hi: int) -> Speaker | None:
    """A person named within a few words after an inverted cue: "tweeted Mayor of Ruritania Ann Lee"."""
    for i in range(cue + 1, min(hi, cue + 9)):
        if doc[i].is_punct:
            return None
        if doc[i].ent_type_ == "PERSON":
            start, end = _entity_bounds(doc[i])
            return _make(doc, _trimmed(doc, _given_names(doc, start), min(end, hi)), "person")
    return None


def roles_of(entity: Span) -> list[str]:
    """The common nouns that name a person's role next to their name, alone and with their modifier.

    "Mayor Helen Okafor", "comic artist Jenn Kay", "Hong Lei, the ministry's
    spokesman", "the spokesman, Hong Lei", "President of Ruritania Ann Lee".
    A deputy's or former holder's title is not theirs: "Deputy Governor Ann Lee" is no "the governor".
    """
    doc = entity.doc
    roles = list(itertools.takewhile(lambda t: t.lower_ in TITLES, entity[:-1]))
    i = entity.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "nmod", "amod") and doc[i].head.i >= entity.start:
        if doc[i].pos_ == "NOUN" or doc[i].lower_ in TITLES or doc[i].lower_ in OCCUPATIONS:
            roles.append(doc[i])  # "Actress Jane Dorsey": a capital at the start of a sentence
        i -= 1
    for j in range(i, max(i - 4, 0), -1):  # "President of Ruritania Ann Lee"
        if doc[j].lower_ == "of" and doc[j - 1].lower_ in TITLES:
            roles.append(doc[j - 1])
            break
    root = entity.root
    roles += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        roles.append(root.head)
    # "officers Ann Lee and Tom Park": a plural is the pair's role, not one person's
    held = [
        t
        for t in roles
        if (t.i == 0 or doc[t.i - 1].lower_ not in _NOT_THE_HOLDER) and t.tag_ not in ("NNS", "NNPS")
    ]
    qualified = [  # "Foreign Secretary": also the "foreign secretary", not just any secretary
        f"{doc[t.i - 1].lower_} {t.lower_}"
        for t in held
        if t.i > 0 and doc[t.i - 1].head.i == t.i and doc[t.i - 1].is_alpha and not doc[t.i - 1].ent_type_
    ]
    return [t.lower_ for t in held] + qualified
