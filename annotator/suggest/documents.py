"""Documents that speak for whoever issued them: "X's statement", "a report by X"."""

from __future__ import annotations

from spacy.tokens import Token

from annotator.suggest.names import OTHER_BODIES, TITLES
from annotator.suggest.person_spans import OCCUPATIONS
from annotator.suggest.subjects import agent_of, subject_of

# Things that "say" on behalf of whoever wrote or published them.
DOCUMENTS = frozenset(
    [
        "report",
        "statement",
        "post",
        "tweet",
        "poll",
        "survey",
        "study",
        "data",
        "notice",
        "website",
        "site",
        "summary",
        "decree",
        "letter",
        "release",
        "document",
        "analysis",
        "announcement",
        "message",
        "video",
        "footage",
        "figure",
        "account",
        "office",
        "filing",
        "decision",
        "judgment",
        "judgement",
        "verdict",
        "ruling",
        "order",
        "paper",
        "article",
        "blog",
        "record",
        "records",
        "proclamation",
        "memo",
        "memorandum",
        "opinion",
        "story",
        "research",
        "advisory",
        "bulletin",
        "warning",
        "book",
        "complaint",
        "lawsuit",
        "petition",
        "findings",
        "speech",
    ]
)
# Nouns for people that neither an occupation, a title nor an ending ("-er", "-ist") gives away.
# fmt: off
_PEOPLE = frozenset([
    "wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "parent", "child",
    "family", "relative", "friend", "aide", "colleague", "partner", "staff", "team", "source", "expert",
    "police", "authority", "counsel", "agent", "people", "person", "victim", "coroner",
])
# fmt: on
_PEOPLE_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "men", "women")
_PARTS = frozenset(
    {"part", "parts", "portion", "excerpt", "excerpts", "extract", "extracts", "passage", "section"}
)
_ISSUING = frozenset(
    {"release", "issue", "publish", "post", "send", "deliver", "make", "put", "file", "give"}
)


def is_document(token: Token) -> bool:
    """Whether ``token`` names a document, not part of a name: "the Sheriff's Office" is a body."""
    named = token.ent_type_ or (token.text[:1].isupper() and not token.is_sent_start)
    return bool({token.lemma_.lower(), token.lower_} & DOCUMENTS) and not named


def source_of(token: Token) -> Token | None:
    """Who stands behind a document that speaks: "a report by X", "X's statement", "a post published by X".

    After "according to", any thing someone owns or made speaks for them: "according to CNN's
    projections", "according to projections by CNN", but not "according to his lawyer" nor
    "according to the U.S. embassy", a body named after its country.
    """
    document = is_document(token)
    if not (document or _according_to_thing(token)):
        return None
    for child in token.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "prep" and child.lower_ == "of" and (body := _body_of(child)) is not None:
            return body  # "the opinion of the Court"
        if not document:
            continue
        if child.dep_ == "acl" and (agent := agent_of(child) or _sent_from(child)) is not None:
            return agent
        if child.dep_ == "compound" and _names_body(child):
            return child  # "a UN report", "the government statement", "a fire service statement"
    return None


def _names_body(token: Token) -> bool:
    """Whether a word before a document names who issued it: "UN", "government", "FEC" (unrecognised)."""
    acronym = token.is_upper and token.is_alpha and len(token) >= 2 and token.pos_ == "PROPN"
    return acronym or token.ent_type_ in ("ORG", "GPE") or token.lower_ in OTHER_BODIES


def _body_of(of: Token) -> Token | None:
    """The body in "of the Court", "of Acme Ltd": a name or a kind of body, not "of the incident"."""
    body = next((g for g in of.children if g.dep_ == "pobj"), None)
    return body if body is not None and _names_body(body) else None


def _sent_from(verb: Token) -> Token | None:
    """Whose account a document came from: "a tweet sent from Biden's account" -> Biden."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            account = next((g for g in child.children if g.dep_ == "pobj"), None)
            return source_of(account) if account is not None else None
    return None


def _according_to_thing(token: Token) -> bool:
    """A common noun naming no person, object of "according to": "projections", "her memoirs"."""
    to = token.head
    return (
        token.dep_ == "pobj"
        and to.lower_ == "to"
        and to.i > 0
        and to.nbor(-1).lower_ == "according"
        and token.pos_ == "NOUN"
        and not token.ent_type_
        and not _names_people(token)
    )


def _names_people(token: Token) -> bool:
    """Whether a common noun names people: "lawyer", "spokesman", "analyst", "wife", "officials"."""
    word = token.lemma_.lower()
    return word in _PEOPLE or word in OCCUPATIONS or word in TITLES or word.endswith(_PEOPLE_ENDINGS)


def document_source(verb: Token) -> Token | None:
    """Whose document a verb hands on: "issued the following statement from the king" -> the king."""
    for child in verb.children:
        if child.dep_ == "dobj" and (source := source_of(child)) is not None and child.i < source.i:
            return source
    return None


def whole_of(token: Token) -> Token | None:
    """The document a part of it stands for: "Part of the judge's statement", "excerpts from her book"."""
    if token.lower_ not in _PARTS:
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def issuer_of(token: Token) -> Token | None:
    """Who issued the document ``token`` names, so that "the statement" later speaks for them.

    Besides "X's statement" and "a report by X": "X released a statement", "X, in a statement
    (read by an aide), said": the one who speaks through it, not who read it out.
    """
    if not is_document(token):
        return None
    verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "in" else token.head
    issuing = verb is not token.head or (token.dep_ == "dobj" and verb.lemma_ in _ISSUING)
    if issuing and verb.pos_ in ("VERB", "AUX") and (subject := subject_of(verb)) is not None:
        return subject
    return source_of(token) or _author_of(token)


def _author_of(token: Token) -> Token | None:
    """The person named as author of a document: "Ann Lee, co-author of a new study"."""
    of = token.head
    if token.dep_ != "pobj" or of.lower_ != "of" or of.head.lower_ not in ("author", "co-author", "coauthor"):
        return None
    author = of.head
    return author.head if author.dep_ == "appos" else None
