"""Cues: which token is the speech verb of a quote, who its subject is, and clauses the parser misreads."""

from __future__ import annotations

from spacy.tokens import Token

from annotator.suggest.marks import Part
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.speakers import Speaker, speaker_near, speaker_of
from annotator.suggest.subjects import subject_of
from annotator.suggest.verbs import is_speech_form

FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
RELATIVE = frozenset({"who", "whom", "which", "that", "what"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_COMPLEMENTED = frozenset({"dobj", "attr", "acomp", "xcomp", "ccomp", "oprd", "dative"})
_CALLING_LEMMAS = frozenset({"call", "characterize", "characterise", "label", "brand", "hail", "laud"})
# Rulings and provisions: what they report is a clause, never a quotation on its own.
_CLAUSE_CUES = frozenset({"rule", "rules", "ruled", "ruling", "specify", "specifies", "specified", "decided"})


def is_cue(layout: Layout, token: Token) -> bool:
    """A speech verb form, tagged as a verb and not negated when the document is parsed."""
    if not layout.parsed:
        return is_speech_form(token.text, tagged_verb=None)
    verb = token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
    return is_speech_form(token.text, tagged_verb=verb) and not any(
        child.dep_ == "neg" for child in token.children
    )


def is_clause_cue(layout: Layout, token: Token) -> bool:
    """A verb that reports a clause but never introduces a quotation ("the judge ruled the ban void")."""
    return (
        layout.parsed
        and token.lower_ in _CLAUSE_CUES
        and token.pos_ == "VERB"
        and not any(child.dep_ == "neg" for child in token.children)
    )


def cue_span(token: Token) -> Part:
    """The cue's offsets: the verb, with a particle right after it ("pointed out")."""
    end = token.idx + len(token)
    for child in token.children:
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child)
    return token.idx, end


def cue_in(layout: Layout, start: int, end: int, *, last: bool = False) -> Token | None:
    """The first (or ``last``) cue among the tokens starting in start..end."""
    indices = layout.token_range(start, end)
    for i in reversed(indices) if last else indices:
        if is_cue(layout, layout.doc[i]):
            return layout.doc[i]
    return None


def speaker_for(layout: Layout, cue: Token, region: Part | None) -> Speaker | None:
    """The cue's subject outside quotation marks, else a likely speaker near it within ``region``."""
    if layout.parsed:
        subject = subject_of(cue)
        if subject is not None and not layout.in_quote_marks(subject.idx):
            return speaker_of(subject)
    if region is None:
        return None
    tokens = layout.token_range(*region)
    return speaker_near(layout.doc, cue, tokens.start, tokens.stop)


def judges(verb: Token) -> bool:
    """ "X called it “lousy”": an active verb of calling whose quoted object is what X said.

    Also "labelled it as", "hailed it as", "referred to it as" "..."."""
    calling = verb.lemma_ in _CALLING_LEMMAS or (
        verb.lemma_ == "refer" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
    )
    return (
        calling
        and verb.pos_ == "VERB"
        and any(c.dep_ == "nsubj" for c in verb.children)
        and not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    )


def introducing_verb(layout: Layout, lead: Part) -> Token | None:
    """The main verb of a clause ending in a colon before a quote ("X praised Y on Twitter:").

    Whatever the verb, its subject is the one quoted next.
    """
    if not layout.parsed:
        return None
    doc = layout.doc
    tokens = layout.token_range(*lead)
    root = next((doc[i] for i in tokens if doc[i].head.i == i or doc[i].head.i not in tokens), None)
    if root is not None and root.pos_ in ("VERB", "AUX") and subject_of(root) is not None:
        return root
    return None


def according_in(layout: Layout, region: Part) -> tuple[Token, Speaker] | None:
    """ "According to X, ...:" before a quote: X said it, whatever verb the clause has."""
    tokens = layout.token_range(*region)
    if not layout.parsed or not tokens:
        return None
    doc = layout.doc
    # from the parsed sentence's start: the parser knows "U.S." ends nothing
    start = min(tokens.start, doc[tokens.stop - 1].sent.start)
    for i in range(start, tokens.stop):
        token = doc[i]
        if token.lower_ == "according" and token.nbor().lower_ == "to":
            source = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
            return (token, speaker_of(source)) if source is not None else None
    return None


def unmarked_clause(clause: Token) -> bool:
    """A finite clause with a subject and no conjunction after the verb, taken for an adverbial.

    "said as a teenager she was forced": what was said.
    """
    return (
        clause.dep_ == "advcl"
        and clause.i > clause.head.i
        and has_subject(clause)
        and (clause.tag_ in FINITE or _finite_aux(clause))
        and not any(c.dep_ == "mark" for c in clause.children)
    )


def object_clause(obj: Token) -> tuple[int, int] | None:
    """A clause the parser hung on a speech verb's object: the token range it reports.

    "told police she had left": a clause with its own subject right after the object is what
    was told. "said a law allowing it marked a sad day": a clause inside the object is the
    whole object misread, subject and all.
    """
    if obj.dep_ != "dobj" or obj.i < obj.head.i:
        return None
    for verb in obj.subtree:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        finite = verb.tag_ in FINITE or _finite_aux(verb)
        if subject is None or not finite or subject.lower_ in RELATIVE:
            continue
        if verb.dep_ == "relcl" and verb.head.i == obj.i and subject.left_edge.i == obj.i + 1:
            return verb.left_edge.i, verb.right_edge.i + 1
        if verb.dep_ == "ccomp" and verb.head.i != obj.i:
            return obj.left_edge.i, obj.right_edge.i + 1
    return None


def predicate_at(layout: Layout, at: int, *, aside: bool) -> Token | None:
    """The finite verb with no subject of its own whose phrase starts at token ``at``.

    Without an auxiliary, a verb with nothing after it is a participle ("the withdrawal first
    announced in May"); after an aside only an auxiliary or "be" makes it finite.
    """
    doc = layout.doc
    verbs = [t for t in doc[at : at + 6] if t.pos_ in ("VERB", "AUX") and layout.left_edge(t.i) == at]
    if not verbs:
        return None
    verb = max(verbs, key=lambda t: t.right_edge.i)  # "would be governing": the verb, not its auxiliary
    deps = {c.dep_ for c in verb.children}
    finite = _finite_aux(verb) or (
        verb.tag_ in FINITE and (verb.lemma_ == "be" or (not aside and deps & _COMPLEMENTED))
    )
    return verb if finite and not has_subject(verb) and not is_cue(layout, verb) else None


def has_subject(verb: Token) -> bool:
    """Whether ``verb`` has a subject of its own."""
    return any(c.dep_ in _SUBJECTS for c in verb.children)


def _finite_aux(verb: Token) -> bool:
    """Whether ``verb`` has a finite auxiliary ("would", "is", "had")."""
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in verb.children)
