"""Who does the saying in a parsed clause: the subject of a speech verb, or the agent of a passive one."""

from __future__ import annotations

from spacy.tokens import Token

from annotator.suggest.verbs import is_speech_form

_RELATIVE = frozenset({"who", "which", "that"})
_CLAUSES = frozenset({"ccomp", "relcl", "advcl", "acl", "conj", "parataxis", "csubj"})
_QUOTE_MARKS = ('"', "“", "”")


def _in_paragraph(subject: Token, verb: Token) -> Token:
    """The subject, or its conjunct in the verb's paragraph when a missed break joined two paragraphs."""
    doc = subject.doc
    if subject.i > verb.i or "\n" not in doc[subject.i : verb.i].text:
        return subject
    same = [c for c in subject.conjuncts if c.i < verb.i and "\n" not in doc[c.i : verb.i].text]
    return same[-1] if same else subject


def agent_of(verb: Token) -> Token | None:
    """The "by X" of a passive speech verb ("described by the ministry as ...").

    The parser often hangs a late "by X" on the words before it ("was described as
    'a disgrace' by the minister"): in a passive clause, the first "by" after the
    verb and outside quotation marks is its agent.
    """
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for token in verb.subtree:
        if (
            token.i > verb.i
            and token.lower_ == "by"
            and token.dep_ in ("prep", "agent")
            and _same_clause(token, verb)
        ):
            between = token.doc.text[verb.idx : token.idx]
            if sum(between.count(mark) for mark in _QUOTE_MARKS) % 2 == 0:
                return next((g for g in token.children if g.dep_ == "pobj"), None)
            return None
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a speech verb, borrowed from the verb it hangs on when it has none.

    "but said ...", "..., noting that ..." take the subject of the first verb;
    "a letter saying ..." has the letter speak; "cited X as saying ..." has X
    speak, "tried to ... by saying ..." the one who tried.
    """
    for _ in range(3):
        subjects = [
            child
            for child in verb.children
            if child.dep_ in ("nsubj", "nsubjpass") and not (child.dep_ == "nsubjpass" and agent_of(verb))
        ]
        attribute = next((c for c in verb.children if c.dep_ == "attr" and c.ent_type_ == "PERSON"), None)
        if verb.lemma_ == "be" and attribute is not None:
            return attribute  # "Another was the manager Ann Lee, who ...:" introduces Ann Lee
        if subjects:
            # "Niger's president Mahamadou Issoufou said", "said study co-author Ann Lee" may parse as
            # two subjects: the person's name, else the one nearer the verb
            named = max(subjects, key=lambda c: (c.ent_type_ == "PERSON", -abs(c.i - verb.i)))
            child = _in_paragraph(named, verb)
            # "according to the coast guard, who said": the noun before "who", unless it is
            # inside the phrase the parser hung the clause on ("a spokesman for the ministry, who")
            antecedent = _relative_antecedent(child) if child.lower_ in ("who", "which") else None
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                if antecedent is None or antecedent == verb.head or verb.head.is_ancestor(antecedent):
                    return verb.head
                return antecedent
            return antecedent or child
        agent = agent_of(verb)
        if agent is not None:
            return agent
        if verb.dep_ == "acl":
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            governor = verb.head.head
            quoted = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if verb.head.lower_ == "as" and quoted is not None:
                return quoted
            verb = governor
            continue
        borrows = verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"))
        if not borrows or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.dep_ == "ccomp" and is_speech_form(verb.head.text, tagged_verb=verb.head.pos_ == "VERB"):
            verb = verb.head  # "X said the plan costs more, adding ...": X adds, not the plan
    return None


def _same_clause(token: Token, verb: Token) -> bool:
    """Whether ``token`` hangs on ``verb`` with no clause between ("told X was caused by Y" has one)."""
    while token.i != verb.i:
        if token.dep_ in _CLAUSES:
            return False
        token = token.head
    return True


def _relative_antecedent(pronoun: Token) -> Token | None:
    """The noun right before a relative "who" or "which", past a comma: "police" in "police, who"."""
    before = pronoun.i - 1 - (pronoun.i > 0 and pronoun.nbor(-1).text == ",")
    if before < 0 or pronoun.doc[before].pos_ not in ("NOUN", "PROPN"):
        return None
    return pronoun.doc[before]
