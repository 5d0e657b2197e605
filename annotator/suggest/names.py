"""Whom a speaker mention means: the full name a surname, a role or an abbreviation stands for."""

from __future__ import annotations

import bisect
import re
import unicodedata

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Bodies a bare "the government", "the police" may mean.
INSTITUTIONS = frozenset(
    {
        "administration",
        "government",
        "police",
        "army",
        "military",
        "navy",
        "ministry",
        "embassy",
        "parliament",
        "campaign",
    }
)
# Descriptions of a company, a publication or a charity: "the company", "the industry publication"
# mean the body the article is about or has been quoting, whatever its name.
BODIES = frozenset(
    {
        "company",
        "firm",
        "corporation",
        "business",
        "utility",
        "operator",
        "airline",
        "carrier",
        "manufacturer",
        "retailer",
        "publication",
        "newspaper",
        "paper",
        "outlet",
        "magazine",
        "broadcaster",
        "network",
        "charity",
        "organisation",
        "organization",
    }
)
# Last words of names of bodies that no "the company" or "the publication" means.
# fmt: off
OTHER_BODIES = INSTITUTIONS | frozenset([
    "commission", "department", "court", "agency", "council", "party", "university", "committee",
    "office", "service", "authority", "board", "congress", "senate", "assembly", "force", "forces",
    "guard", "guards", "institute", "center", "centre", "union", "association", "federation", "league",
    "school", "hospital", "law", "bureau", "directorate", "secretariat", "tribunal",
    "act", "bill", "treaty", "no", "no.",  # laws the recogniser takes for bodies: "Republic Act No. 7"
])
# fmt: on
# fmt: off
TITLES = frozenset([
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor",
    "sir", "dame", "lord", "lady", "president", "vice", "prime", "minister", "senator", "sen.",
    "rep.", "representative", "gov.", "governor", "general", "gen.", "colonel", "col.", "captain",
    "capt.", "judge", "justice", "chancellor", "premier", "king", "queen", "prince", "princess",
    "pope", "rev.", "reverend", "mayor", "chairman", "chairwoman", "secretary", "ambassador",
    "spokesman", "spokeswoman", "spokesperson", "deputy", "chief", "sheikh", "ayatollah", "crown",
    "cardinal", "archbishop", "bishop", "rabbi", "imam", "commissioner", "director", "mp",
    "inspector", "prosecutor", "detective", "sergeant", "attorney",
    "councillor", "councilor", "constable", "superintendent", "lieutenant", "commander", "admiral",
    "brigadier", "corporal", "sheriff", "magistrate"
])
# fmt: on
# Letters after a name that are no part of it: "Durham Hall QC", "Ann Lee MP".
POST_NOMINALS = frozenset(
    ["QC", "KC", "SC", "MP", "MEP", "MSP", "MLA", "OBE", "CBE", "MBE", "KBE", "DBE", "PhD"]
)
_GENDERS = {"he": "male", "him": "male", "she": "female", "her": "female"}
# Titles that tell whether the person is a "he" or a "she".
GENDERED_TITLES = {
    **dict.fromkeys(["mr", "mr.", "sir", "lord", "king", "prince"], "he"),
    **dict.fromkeys(["mrs", "mrs.", "ms", "ms.", "miss", "lady", "dame", "queen", "princess"], "she"),
}
# A title that is part of a one-word name: "Pope Francis", "King Harald".
REGNAL = frozenset({"pope", "king", "queen", "prince", "princess", "emperor", "empress"})


def name_words(text: str) -> list[str]:
    """The words of a name without titles, determiners or a possessive ending.

    Only the name's own ending: "the Alachua Sheriff's Office" keeps its inner possessive.
    """
    words = re.sub(r"['’]s$", "", text.strip()).split()
    while words and words[0].lower() in TITLES | DETERMINERS:
        words = words[1:]
    return words


def _plain(word: str) -> str:
    """A word without accents, so "Erdogan" finds "Erdoğan"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class Names:
    """Person names seen so far in a document, for surnames and pronouns to point back to."""

    def __init__(self) -> None:
        # Each list is sorted by position and indexed by the word a lookup asks for, so that a
        # document naming thousands of people costs no more per lookup than one naming a few.
        self._people: dict[str, list[tuple[int, list[str]]]] = {}  # by first and by last word
        self._antecedents: list[tuple[int, int, int, str]] = []
        self._weight: dict[str, int] = {}
        self._roles: dict[str, list[tuple[int, str]]] = {}
        self._short_forms: dict[str, str] = {}
        self._organisations: dict[str, list[tuple[int, str]]] = {}  # by last word
        self._gender: dict[str, str] = {}
        self._groups: list[tuple[int, str]] = []
        self._bodies: list[tuple[int, str, int]] = []  # (position, full name, weight)

    def add_organisation(self, position: int, full: str) -> None:
        """Record an organisation's full name, which a shorter mention of its last words means."""
        bisect.insort(self._organisations.setdefault(full.rsplit(" ", 1)[-1], []), (position, full))

    def is_organisation(self, full: str) -> bool:
        """Whether ``full`` is an organisation's full name recorded with :meth:`add_organisation`."""
        return any(name == full for _, name in self._organisations.get(full.rsplit(" ", 1)[-1], []))

    def mention_body(self, position: int, full: str, weight: int = 1) -> None:
        """Count a mention of an organisation (``weight`` 2 when it speaks), for :meth:`body_before`."""
        bisect.insort(self._bodies, (position, full, weight))

    def body_before(self, position: int) -> str | None:
        """The organisation "the company" or "the publication" at ``position`` most likely means.

        The one mentioned most before it, a quote it gave counting twice, the later on a tie;
        None when none is mentioned twice: a body named once is no safer a guess than any other.
        """
        weights: dict[str, int] = {}
        last: dict[str, int] = {}
        for at, full, weight in self._bodies[: bisect.bisect_left(self._bodies, (position,))]:
            words = full.lower().split()
            if words[-1] in OTHER_BODIES or TITLES & set(words):
                continue  # "the network" is no "... Commission", nor "Spokesperson Ann Lee"
            weights[full] = weights.get(full, 0) + weight
            last[full] = at
        if not weights:
            return None
        best = max(weights, key=lambda full: (weights[full], last[full]))
        return best if weights[best] >= 2 else None

    def add_short_form(self, short: str, full: str) -> None:
        """Record that ``short`` stands for ``full`` everywhere ("WHO" -> "World Health Organization")."""
        self._short_forms[_plain(short)] = full

    def short_form(self, short: str) -> str | None:
        """The full name ``short`` abbreviates, if it is a known abbreviation (an organisation's)."""
        return self._short_forms.get(_plain(short))

    def add_person(
        self, position: int, text: str, *, antecedent: tuple[int, int] | None = (-1, 0), weight: int = 1
    ) -> str:
        """Record a mention of a person; returns the full name it stands for.

        ``antecedent`` is (sentence start, rank) for a mention a later pronoun
        may point to (subjects, speakers), None otherwise; ``weight`` counts
        towards which of two people sharing a surname that surname means
        (speakers weigh more than mere mentions).
        """
        full = self.full_name(text, position)
        if any(c.isdigit() for c in full):
            return full
        words = full.split()
        if len(words) >= 2:  # every capitalised word: "Rosselló" is "Ricardo Rosselló Nevares"
            keys = {_plain(w) for w in words[1:-1] if w[:1].isupper()} | {_plain(words[0]), _plain(words[-1])}
            for word in keys:
                bisect.insort(self._people.setdefault(word, []), (position, words))
        self._weight[full] = self._weight.get(full, 0) + weight
        if antecedent is not None:
            sentence, rank = antecedent
            bisect.insort(self._antecedents, (position, sentence if sentence >= 0 else position, rank, full))
        return full

    def _longer_name(self, words: list[str], position: int) -> str | None:
        """A person named earlier with more words that end with ``words`` ("Rosselló Nevares")."""
        plain = [_plain(w) for w in words]
        people = self._people.get(plain[-1], [])
        earlier = people[: bisect.bisect_right(people, position, key=lambda p: p[0])]
        longer = [
            " ".join(known)
            for _, known in earlier
            if len(known) > len(words) and [_plain(w) for w in known[-len(words) :]] == plain
        ]
        return max(longer, key=lambda name: self._weight.get(name, 0)) if longer else None

    def add_role(self, position: int, role: str, full: str) -> None:
        """Record that the person ``full`` is called ``role`` ("spokesman", "mayor") here."""
        bisect.insort(self._roles.setdefault(role.lower(), []), (position, full))

    def by_role(self, role: str, position: int) -> str | None:
        """The person last given ``role`` before ``position`` ("the spokesman" -> "Hong Lei").

        A role named only later ("The governor promised ... Governor Ann Lee said") is the first
        person given it after ``position``.
        """
        found = self._roles.get(role.lower(), [])
        before = bisect.bisect_left(found, position, key=lambda r: r[0])
        if before:
            return found[before - 1][1]
        return found[0][1] if found else None

    def full_name(self, text: str, position: int, *, organisation: bool = False) -> str:
        """The full name a one-word name stands for ("Jin" -> "Jin Canrong").

        Among several people with that name, the one mentioned and quoted most
        so far wins, then the most recent; a name only given later is a last resort.
        """
        words = name_words(text)
        if len(words) > 1 and organisation:  # "the Search and Rescue Agency" after "National Search ..."
            tail = " " + " ".join(words)
            known = self._organisations.get(words[-1], [])
            known = known[: bisect.bisect_left(known, position, key=lambda o: o[0])]
            longer = [name for _, name in known if name.endswith(tail)]
            return longer[-1] if longer else " ".join(words)
        if len(words) > 1 and not organisation:  # "Rosselló Nevares" after "Ricardo Rosselló Nevares"
            return self._longer_name(words, position) or " ".join(words)
        if len(words) != 1:
            return " ".join(words) or text
        word = _plain(words[0])
        if word in self._short_forms:
            return self._short_forms[word]
        people = self._people.get(word, [])
        split = bisect.bisect_right(people, position, key=lambda p: p[0])
        earlier = [" ".join(w) for _, w in people[:split]]
        if earlier:
            order = {name: i for i, name in enumerate(earlier)}
            return max(order, key=lambda name: (self._weight.get(name, 0), order[name]))
        if split < len(people):  # named only later
            return " ".join(people[split][1])
        said = text.split()  # "Pope Francis", "King Olaf": the title is part of the name
        if len(said) >= 2 and said[-2].lower() in REGNAL:
            return f"{said[-2]} {words[0]}"
        return words[0]

    def last_person_before(self, position: int) -> str | None:
        """The person named last before ``position``, whatever their part in the sentence."""
        named = [(at, words) for people in self._people.values() for at, words in people if at < position]
        return " ".join(max(named)[1]) if named else None

    def add_group(self, position: int, name: str) -> None:
        """Record an organisation or a pair of people as subject, whom a later "they" may mean."""
        bisect.insort(self._groups, (position, name))

    def group_before(self, position: int, since: int) -> str | None:
        """The organisation or people a "they" at ``position`` means: the last named since ``since``."""
        i = bisect.bisect_left(self._groups, (position,))
        return self._groups[i - 1][1] if i and self._groups[i - 1][0] >= since else None

    def note_gender(self, full: str, pronoun: str) -> None:
        """Record that ``full`` is a "he" or a "she" (from a title, or a pronoun already resolved to them)."""
        gender = _GENDERS.get(pronoun.lower())
        if gender is not None:
            self._gender.setdefault(full, gender)

    def person_before(self, position: int, pronoun: str = "") -> str | None:
        """The person a "he" or "she" at ``position`` most likely means.

        The last sentence before it that names someone as subject or speaker;
        in that sentence, the subject before a possessive, then the later mention.
        Someone known to be a "he" is no "she" (and the other way round): then
        the sentences before, up to three, are searched for someone who fits.
        """
        wanted = _GENDERS.get(pronoun.lower())
        i = bisect.bisect_left(self._antecedents, (position,))
        first_choice = None
        for _ in range(3):
            if not i:
                break
            sentence = self._antecedents[i - 1][1]
            same = []
            while i > 0 and self._antecedents[i - 1][0] >= sentence:  # a mention is never before its sentence
                i -= 1
                if self._antecedents[i][1] == sentence:
                    same.append(self._antecedents[i])
            same.reverse()
            ranked = [a[3] for a in sorted(same, key=lambda a: (a[2], -a[0]))]
            first_choice = first_choice or ranked[0]
            fitting = [name for name in ranked if wanted is None or self._gender.get(name, wanted) == wanted]
            if fitting:
                return fitting[0]
        return first_choice
