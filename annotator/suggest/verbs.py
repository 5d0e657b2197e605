"""Speech verbs: the words that introduce a quote ("said", "told", "warned", ...).

Matched on the word form, so they work without a lemmatizer (the rules-only
pipeline has none). Verbs of thinking (believe, hope, fear) are left out on
purpose: "he hopes it works" reports an attitude, not something said.
"""

from __future__ import annotations

# fmt: off
SPEECH_LEMMAS = [
    "accuse", "acknowledge", "add", "admit", "advise", "affirm", "agree", "allege", "announce",
    "answer", "argue", "ask", "assert", "assure", "attest", "aver", "avow", "blame", "boast",
    "brag", "caution", "charge", "claim", "clarify", "comment", "complain", "concede", "conclude",
    "confess", "confirm", "contend", "continue", "counter", "cry", "declare", "demand", "deny",
    "describe", "disclose", "dispute", "echo", "elaborate", "emphasise", "emphasize", "estimate",
    "explain", "exclaim", "express", "forecast", "grumble", "guarantee", "hint", "imply",
    "indicate", "inform", "insist", "instruct", "joke", "lament", "maintain", "mention", "mutter",
    "note", "notify", "object", "observe", "opine", "order", "plead", "pledge", "point", "posit",
    "post", "predict", "proclaim", "promise", "pronounce", "propose", "protest", "quip", "read",
    "reaffirm", "reason", "reassure", "rebut", "recall", "reckon", "recommend", "recount",
    "reiterate", "relate", "remark", "remind", "repeat", "reply", "report", "respond", "retort",
    "reveal", "say", "scream", "shout", "signal", "speculate", "state", "stress", "suggest",
    "swear", "tell", "testify", "threaten", "tweet", "underline", "underscore", "urge", "vow",
    "warn", "whisper", "write", "yell"
]
# fmt: on

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "swear": ("swear", "swears", "swore", "sworn", "swearing"),
    "read": ("read", "reads"),
}
_DOUBLED = {"admit", "aver", "quip", "rebut", "regret", "submit", "commit", "omit"}


def _forms(lemma: str) -> tuple[str, ...]:
    """The base, third person, past and -ing forms of a regular verb."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma in _DOUBLED:
        stem = lemma + lemma[-1]
        return lemma, lemma + "s", stem + "ed", stem + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "o")) else "s")
    return lemma, third, lemma + "ed", lemma + "ing"


# Verbs that introduce a direct quote ("he continued") but report nothing on their own.
DIRECT_ONLY_LEMMAS = frozenset({"continue", "describe", "echo"})

SPEECH_VERB_FORMS: dict[str, str] = {form: lemma for lemma in SPEECH_LEMMAS for form in _forms(lemma)}

# Forms too ambiguous to introduce a quote on their own in a rules-only pipeline
# (no part-of-speech tags to tell "a post" from "posted", "the report" from "reported").
# fmt: off
_NOUN_LIKE = {
    "post", "posts", "report", "reports", "order", "orders", "answer", "answers", "echo", "signal",
    "signals", "point", "points", "charge", "charges", "cry", "joke", "jokes", "demand", "demands",
    "reason", "reasons", "counter", "object", "objects", "protest", "protests", "tweet", "tweets",
    "comment", "comments", "estimate", "estimates", "forecast", "pledge", "pledges", "promise",
    "promises", "vow", "vows", "blame", "continue"
}
# fmt: on


def is_speech_form(word: str, *, tagged_verb: bool | None) -> bool:
    """Whether ``word`` is a speech verb form; ``tagged_verb`` is None without a tagger."""
    form = word.lower()
    if form not in SPEECH_VERB_FORMS:
        return False
    if tagged_verb is None:
        return form not in _NOUN_LIKE
    return tagged_verb
