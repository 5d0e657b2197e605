"""Quotes in a processed document: direct, indirect, mixed and "according to", with cue and speaker.

Direct quotes come from quotation marks (:mod:`annotator.suggest.marks`) and
need no parser; indirect and mixed quotes need the dependency parse (a speech
verb with a clausal complement). Speakers are resolved to full names in a last
pass over the document, in reading order.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from annotator.suggest.marks import Extent, Part, Quoted, paragraphs, quoted_stretches
from annotator.suggest.names import TITLES, Names, name_words
from annotator.suggest.speakers import (
    PERSON_PRONOUNS,
    Speaker,
    entity_speaker,
    is_parsed,
    roles_of,
    speaker_near,
    speaker_of,
    subject_of,
)
from annotator.suggest.verbs import DIRECT_ONLY_LEMMAS, SPEECH_VERB_FORMS, is_speech_form

_WEB_ADDRESS = re.compile(r"\w\.(com|org|net|ru|de|co\.uk|info)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"”’'»]?\s+")
# fmt: off
_FIRST_AND_SECOND_PERSON = frozenset({"i", "we", "you"})
# A person named in one of these roles is what a later "he" or "she" most likely means;
# within a sentence, the lower rank wins ("Cengiz called Mohammad's admission ...").
_SUBJECTS = {"nsubj": 0, "nsubjpass": 0, "appos": 1, "ROOT": 1, "poss": 2}
_ADVERBIAL_MARKS = frozenset(
    ["while", "although", "though", "because", "if", "since", "when", "after", "before", "unless", "as"]
)
_SMALL_WORDS = frozenset([
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with"
])
# fmt: on
_CALLING_LEMMAS = frozenset({"call", "characterize", "characterise"})
# A quote with fewer words and no speech verb is a term or a scare quote.
MIN_UNCUED_WORDS = 4


@dataclass(frozen=True)
class Quote:
    """A suggested quote: content parts, type, cue, speaker and how sure the suggestion is."""

    start: int
    end: int
    parts: tuple[Part, ...]
    type: str  # "direct", "indirect" or "mixed"
    cue: Part | None
    speaker: Part | None
    speaker_name: str | None
    confidence: float


@dataclass
class _Candidate(Extent):
    parts: list[Part]
    type: str
    confidence: float
    cue: Part | None = None
    speaker: Speaker | None = None
    speaker_name: str | None = None

    def freeze(self) -> Quote:
        return Quote(
            self.start,
            self.end,
            tuple(self.parts),
            self.type,
            self.cue,
            self.speaker.span if self.speaker else None,
            self.speaker_name,
            round(self.confidence, 2),
        )


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


def _judges(verb: Token) -> bool:
    """ "X called it “lousy”": an active verb of calling whose quoted object is what X said."""
    return (
        verb.lemma_ in _CALLING_LEMMAS
        and verb.pos_ == "VERB"
        and any(c.dep_ == "nsubj" for c in verb.children)
        and not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    )


def _looks_like_title(content: str) -> bool:
    """Title Case without sentence punctuation: the name of a work, not something said."""
    words = [w for w in content.split() if w[:1].isalpha()]
    if not words or content.rstrip()[-1:] in ".!?,;:":
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() for w in big) >= 0.75 * len(big)


class _Extractor:
    """Finds the quotes of one document; use :func:`find_quotes`."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.parsed = is_parsed(doc)
        self.paragraphs = paragraphs(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.token_starts = [token.idx for token in doc]
        self.quoted = quoted_stretches(self.text)
        self.candidates: list[_Candidate] = []
        self.fragments: dict[int, list[Part]] = {}
        self.fragment_cues: dict[int, Token] = {}
        self.quoted_spans = [(q.open, q.close) for q in self.quoted]

    # ---------------------------------------------------------------- helpers

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)

    def token_range(self, start: int, end: int) -> range:
        return range(bisect.bisect_left(self.token_starts, start), bisect.bisect_left(self.token_starts, end))

    def in_quote_marks(self, offset: int) -> bool:
        i = bisect.bisect_right(self.quoted_spans, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.quoted_spans[i][0] <= offset < self.quoted_spans[i][1]

    def is_cue(self, token: Token) -> bool:
        if not self.parsed:
            return is_speech_form(token.text, tagged_verb=None)
        verb = token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
        return is_speech_form(token.text, tagged_verb=verb) and not any(
            child.dep_ == "neg" for child in token.children
        )

    def cue_span(self, token: Token) -> Part:
        end = token.idx + len(token)
        for child in token.children:
            if child.dep_ == "prt" and child.i == token.i + 1:
                end = child.idx + len(child)
        return token.idx, end

    def cue_in(self, start: int, end: int, *, last: bool = False) -> Token | None:
        indices = self.token_range(start, end)
        for i in reversed(indices) if last else indices:
            if self.is_cue(self.doc[i]):
                return self.doc[i]
        return None

    def speaker_for(self, cue: Token, region: Part | None) -> Speaker | None:
        if self.parsed:
            subject = subject_of(cue)
            if subject is not None and not self.in_quote_marks(subject.idx):
                return speaker_of(subject)
        if region is None:
            return None
        tokens = self.token_range(*region)
        return speaker_near(self.doc, cue, tokens.start, tokens.stop)

    def last_words(self, region: Part, count: int) -> Part:
        """The end of ``region`` holding its last ``count`` words."""
        start, end = region
        words = list(re.finditer(r"\S+", self.text[start:end]))
        return (start + words[-count].start(), end) if len(words) > count else region

    @staticmethod
    def ends_sentence(stretch: str) -> bool:
        """Whether a sentence ends in ``stretch`` (not just an abbreviation such as "Mr." or "U.S.")."""
        return stretch.lstrip()[:1] in (".", "!", "?") or any(
            len(stretch[: m.start()].split()[-1].rstrip(".")) > 3
            for m in _SENTENCE_END.finditer(stretch)
            if stretch[: m.start()].split()
        )

    def first_words(self, region: Part, count: int) -> Part:
        """The start of ``region`` holding its first ``count`` words."""
        start, end = region
        words = list(re.finditer(r"\S+", self.text[start:end]))
        return (start, start + words[count - 1].end()) if len(words) > count else region

    def sentence_start(self, floor: int, at: int) -> int:
        found = floor
        for match in _SENTENCE_END.finditer(self.text, floor, at):
            found = match.end()
        return found

    def sentence_end(self, at: int, ceiling: int) -> int:
        match = _SENTENCE_END.search(self.text, at, ceiling)
        return match.start() + 1 if match else ceiling

    def trim(self, start: int, end: int) -> Part:
        while start < end and (self.text[start].isspace() or self.text[start] in ",;:–—-"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ".,;:–—-"):
            end -= 1
        return start, end

    # ---------------------------------------------------------- direct quotes

    def direct_quotes(self) -> None:
        """Standalone quoted stretches become direct quotes; embedded ones are fragments."""
        groups: list[tuple[list[Quoted], Part]] = []
        previous_close = -1
        for q in self.quoted:
            paragraph = self.paragraph_of(q.open)
            para_start, _ = self.paragraphs[paragraph]
            floor = max(para_start, previous_close)
            lead = (self.sentence_start(floor, q.open), q.open)
            lead_text = self.text[lead[0] : lead[1]].strip()
            if not lead_text and paragraph and previous_close <= para_start:
                before_start, before_end = self.paragraphs[paragraph - 1]
                if self.text[before_end - 1] == ":":  # "He said:" closes the paragraph before the quote
                    lead = (self.sentence_start(max(before_start, previous_close), before_end), before_end)
            previous_close = q.close
            lead_text = self.text[lead[0] : lead[1]].strip()
            last_word = lead_text.split()[-1] if lead_text else ""
            standalone = (
                not lead_text
                or lead_text.endswith(":")
                or (lead_text.endswith(",") and self.cue_in(*self.last_words(lead, 6)) is not None)
                or is_speech_form(last_word.rstrip(","), tagged_verb=None)
                or (self.text[q.start].isupper() and self.cue_in(*self.last_words(lead, 4)) is not None)
            )
            if not standalone:
                self.fragment(q, lead)
                continue
            if groups and self.continues(groups[-1][0][-1], q):
                groups[-1][0].append(q)
            else:
                groups.append(([q], lead))
        for members, lead in groups:
            self.direct_quote(members, lead)

    def continues(self, before: Quoted, after: Quoted) -> bool:
        """ "X," he said, "Y." : the second stretch goes on with the first one's quote."""
        if self.paragraph_of(before.end) != self.paragraph_of(after.open):
            return False
        middle = self.text[before.close : after.open]
        return (
            self.text[before.start : before.end].rstrip()[-1:] not in ".!?"
            and not self.ends_sentence(middle)  # “... okay”. Lee said, “...”: a new quote
            and middle.strip()[-1:] in (",", ":")
            and len(middle.split()) <= 15
            and self.cue_in(before.close, after.open) is not None
        )

    def direct_quote(self, members: list[Quoted], lead: Part) -> None:
        first, last = members[0], members[-1]
        end_paragraph = self.paragraphs[self.paragraph_of(last.end)]
        following = next((q.open for q in self.quoted if q.open >= last.close), len(self.text))
        tail = (last.close, self.sentence_end(last.close, min(end_paragraph[1], following)))
        regions: list[tuple[Part, bool]] = [
            ((a.close, b.open), False) for a, b in itertools.pairwise(members)
        ]
        lead_text = self.text[lead[0] : lead[1]].strip()
        if lead_text.endswith((":", ",")):
            regions.append((self.last_words(lead, 6), True))
        tail_text = self.text[tail[0] : tail[1]].strip()
        ending = self.text[last.start : last.end].rstrip()[-1:]
        # “...!” Lee said.
        named_after = ending in "!?" and self.cue_in(*self.first_words(tail, 3)) is not None
        if tail_text and (named_after or not (ending in ".!?" and tail_text[:1].isupper())):
            regions.append((tail, False))
        if lead_text:
            regions.append((lead, True))
        cue = speaker = None
        region: Part | None = None
        for region, from_end in regions:
            cue = self.cue_in(*region, last=from_end)
            if cue is not None:
                speaker = self.speaker_for(cue, region)
                break
        if cue is None and lead_text.endswith(":"):
            cue = self.introducing_verb(lead)
            speaker = self.speaker_for(cue, None) if cue is not None else None
        if cue is None and not lead_text:
            cue, speaker = self.introduced_by_person(first.open)
        if lead_text.endswith(":") and (cue is None or lead[0] <= cue.idx < lead[1]):
            cue, speaker = self.according_in(lead) or (cue, speaker)
        parts = [part for q in members for part in q.parts]
        words = sum(len(self.text[s:e].split()) for s, e in parts)
        content = self.text[first.start : last.end]
        if _looks_like_title(content) or (cue is None and words < MIN_UNCUED_WORDS):
            return
        confidence = 0.9 if speaker else 0.6 if cue else 0.45
        if speaker is not None and speaker.kind == "pronoun":
            confidence -= 0.05
        if not all(q.closed for q in members):
            confidence -= 0.15
        self.candidates.append(
            _Candidate(
                parts,
                "direct",
                confidence,
                cue=self.cue_span(cue) if cue is not None else None,
                speaker=speaker,
            )
        )

    def according_in(self, region: Part) -> tuple[Token, Speaker] | None:
        """ "According to X, ...:" before a quote: X said it, whatever verb the clause has."""
        tokens = self.token_range(*region)
        if not self.parsed or not tokens:
            return None
        # from the parsed sentence's start: the parser knows "U.S." ends nothing
        start = min(tokens.start, self.doc[tokens.stop - 1].sent.start)
        for i in range(start, tokens.stop):
            token = self.doc[i]
            if token.lower_ == "according" and token.nbor().lower_ == "to":
                source = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
                return (token, speaker_of(source)) if source is not None else None
        return None

    def introduced_by_person(self, at: int) -> tuple[Token | None, Speaker | None]:
        """A person who does something in the sentence just before a quote opening a sentence.

        "X criticised the decision on Twitter. “...”": X, in the same paragraph, with no quote between.
        """
        para_start = self.paragraphs[self.paragraph_of(at)][0]
        sentence = (self.sentence_start(para_start, at - 1), at)
        if sentence[0] >= at - 1 or any(c in "\"“”«»" for c in self.text[sentence[0] : at]):
            return None, None
        verb = self.introducing_verb(sentence)
        speaker = self.speaker_for(verb, None) if verb is not None else None
        return (verb, speaker) if speaker is not None and speaker.kind == "person" else (None, None)

    def introducing_verb(self, lead: Part) -> Token | None:
        """The main verb of a clause ending in a colon before a quote ("X praised Y on Twitter:").

        Whatever the verb, its subject is the one quoted next.
        """
        if not self.parsed:
            return None
        tokens = self.token_range(*lead)
        root = next(
            (self.doc[i] for i in tokens if self.doc[i].head.i == i or self.doc[i].head.i not in tokens),
            None,
        )
        if root is not None and root.pos_ in ("VERB", "AUX") and subject_of(root) is not None:
            return root
        return None

    def fragment(self, q: Quoted, lead: Part) -> None:
        """A quoted stretch inside a sentence: part of a mixed quote when a speech verb governs it."""
        if len(q.parts) > 1 or _looks_like_title(self.text[q.start : q.end]):
            return
        cue: Token | None = None
        tokens = self.token_range(q.start, q.end)
        if self.parsed and len(tokens):
            token = next(
                (self.doc[i] for i in tokens if not q.start <= self.doc[i].head.idx < q.end),
                self.doc[tokens.start],
            )
            for _ in range(8):
                if token.head.i == token.i:
                    break
                token = token.head
                if (self.is_cue(token) or _judges(token)) and not q.start <= token.idx < q.end:
                    cue = token
                    break
        else:
            cue = self.cue_in(*lead, last=True)
        if cue is None:
            return
        self.fragments.setdefault(cue.i, []).append(q.parts[0])
        self.fragment_cues[cue.i] = cue

    # ---------------------------------------------------- indirect and mixed

    def taken(self, start: int, end: int) -> bool:
        """Whether start..end overlaps a quote found already (a direct quote's cue reports it)."""
        return any(c.start < end and start < c.end for c in self.candidates)

    def reported_quotes(self) -> None:
        """Speech verbs with a clausal complement (indirect), with quoted fragments (mixed)."""
        cues: list[Token] = []
        if self.parsed:
            cues = [t for t in self.doc if self.is_cue(t) and not self.in_quote_marks(t.idx)]
        cues += [t for i, t in self.fragment_cues.items() if not any(c.i == i for c in cues)]
        cues.sort(key=lambda t: t.i)
        for cue in cues:
            self.reported_quote(cue)

    def complements(self, cue: Token) -> list[tuple[int, int]]:
        """Token ranges of what a speech verb reports: its clausal complements.

        A complement after the verb wins; one before it counts only when a comma
        separates them ("The plan is sound, he said"). A clause opened by
        "while", "because", ... is an adverbial, whatever the parser says.
        """
        if SPEECH_VERB_FORMS.get(cue.lower_) in DIRECT_ONLY_LEMMAS:
            return []
        clauses = [
            c
            for c in cue.children
            if c.dep_ == "ccomp"
            and not any(m.dep_ == "mark" and m.lower_ in _ADVERBIAL_MARKS for m in c.children)
        ]
        after = [(c.left_edge.i, c.right_edge.i + 1) for c in clauses if c.i > cue.i]
        if after:
            return after
        return [
            (c.left_edge.i, c.right_edge.i + 1)
            for c in clauses
            if (c.left_edge.is_sent_start or c.left_edge.i == 0 or self.doc[c.left_edge.i - 1].is_punct)
            and c.left_edge.lower_ not in _ADVERBIAL_MARKS
            and self.text[c.right_edge.idx + len(c.right_edge) : c.right_edge.idx + len(c.right_edge) + 4]
            .lstrip(" ”\"'’")
            .startswith(",")
        ]

    def reported_quote(self, cue: Token) -> None:
        fragments = self.fragments.get(cue.i, [])
        pieces = self.complements(cue) if self.parsed else []
        if self.parsed and fragments:
            for child in cue.children:
                if (
                    child.dep_ == "conj"
                    and not self.is_cue(child)
                    and any(
                        child.left_edge.idx <= s < child.right_edge.idx + len(child.right_edge)
                        for s, _ in fragments
                    )
                ):
                    pieces.append((child.left_edge.i, child.right_edge.i + 1))
        if not pieces and not fragments:
            return
        starts = [self.doc[a].idx for a, _ in pieces] + [s for s, _ in fragments]
        ends = [self.doc[b - 1].idx + len(self.doc[b - 1]) for _, b in pieces] + [e for _, e in fragments]
        para_start, para_end = self.paragraphs[self.paragraph_of(cue.idx)]
        start, end = self.trim(max(min(starts), para_start), min(max(ends), para_end))
        if self.text.startswith("that ", start) and not fragments:
            start += 5
        if end - start < 8 or start <= cue.idx < end or self.taken(start, end):
            return
        if fragments:
            start = min(start, min(s for s, _ in fragments))
            end = max(end, max(e for _, e in fragments))
            if start < min(s for s, _ in fragments):
                while end < para_end and self.text[end] in "”’\"'»":
                    end += 1
        elif len(self.token_range(start, end)) < 3:
            return
        sentence = (self.sentence_start(para_start, cue.idx), self.sentence_end(cue.idx, para_end))
        speaker = self.speaker_for(cue, (sentence[0], cue.idx) if self.parsed else sentence)
        if speaker is not None and start <= speaker.span[0] < end:
            speaker = None
        if speaker is not None and speaker.text.lower() in _FIRST_AND_SECOND_PERSON:
            return  # "I say ...", "you tell them ...": talk inside a quote or an interview, not a report
        confidence = (0.75 if fragments else 0.7) if speaker else 0.45
        # called it “lousy”: a quote that is nothing but its quoted words is direct
        quoted = sum(e - s for s, e in fragments)
        kind = "indirect" if not fragments else "direct" if quoted >= 0.9 * (end - start) else "mixed"
        self.candidates.append(
            _Candidate(
                [(start, end)],
                kind,
                confidence,
                cue=self.cue_span(cue),
                speaker=speaker,
            )
        )

    def according_to(self) -> None:
        """ "..., according to X." : X is the speaker of the rest of the sentence."""
        doc = self.doc
        for token in doc:
            if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
                continue
            to = doc[token.i + 1]
            para_start, para_end = self.paragraphs[self.paragraph_of(token.idx)]
            if self.parsed:
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if not objects:
                    continue
                speaker = speaker_of(objects[0])
                phrase_end = objects[0].right_edge.idx + len(objects[0].right_edge)
                named = self.named_after(objects[0].right_edge.i + 1)
                if speaker.kind == "nominal" and named is not None:  # "according to the mayor, Ann Lee,"
                    speaker, phrase_end = entity_speaker(named), named.idx + len(named)
                sentence = token.sent
                sent_start, sent_end = sentence.start_char, sentence.end_char
                claim_before = sentence.root.idx < token.idx
            else:
                speaker = speaker_near(doc, to, to.i, len(doc))
                if speaker is None:
                    continue
                phrase_end = speaker.span[1]
                sent_start = self.sentence_start(para_start, token.idx)
                sent_end = self.sentence_end(token.idx, para_end)
                claim_before = token.idx - sent_start > sent_end - phrase_end
            sent_start, sent_end = max(sent_start, para_start), min(sent_end, para_end)
            if claim_before and self.text[sent_start : token.idx].strip(" ,\"“”'‘’"):
                start, end = self.trim(sent_start, token.idx)
            else:
                start, end = self.trim(phrase_end, sent_end)
            if len(self.token_range(start, end)) < 3 or self.taken(start, end):
                continue
            self.candidates.append(
                _Candidate(
                    [(start, end)], "indirect", 0.7, cue=(token.idx, to.idx + len(to)), speaker=speaker
                )
            )

    def named_after(self, comma: int) -> Token | None:
        """The person in ", Ann Lee," starting at token ``comma``: an appositive the parser left loose."""
        doc = self.doc
        if comma + 1 >= len(doc) or doc[comma].text != "," or doc[comma + 1].ent_type_ != "PERSON":
            return None
        end = comma + 1
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
            end += 1
        return doc[end] if end + 1 < len(doc) and doc[end + 1].text == "," else None

    # ------------------------------------------------------------- speakers

    def resolve(self) -> None:
        """Full names for speakers, in reading order; unattributed quote paragraphs inherit."""
        names = Names()
        people = [
            e
            for e in self.doc.ents
            if e.label_ == "PERSON" and e.text[:1].isupper() and not self.in_quote_marks(e.start_char)
        ]
        for entity in sorted(people, key=lambda e: len(name_words(e.text)) < 2):
            rank = _SUBJECTS.get(entity.root.dep_)
            full = names.add_person(
                entity.start_char,
                entity.text,
                antecedent=None if rank is None else (entity.sent.start_char, rank),
            )
            for role in roles_of(entity):
                names.add_role(entity.start_char, role, full)
        for entity in self.doc.ents:
            if entity.label_ in ("ORG", "GPE", "NORP") and len(entity) > 1:
                full = " ".join(name_words(entity.text))
                names.add_role(entity.start_char, entity.root.lower_, full)
                names.add_organisation(entity.start_char, full)
                short = self.text[entity.end_char : entity.end_char + 12]
                if short.startswith(" (") and ")" in short:
                    abbreviation = short[2 : short.index(")")]
                    if abbreviation.isupper() and abbreviation[0] == full[:1]:
                        names.add_short_form(abbreviation, full)
            if entity.label_ == "ORG" and _WEB_ADDRESS.search(entity.text):  # "Example.com" is "the website"
                for role in ("website", "site"):
                    names.add_role(entity.start_char, role, entity.text)
        for token in self.doc:  # surnames the entity recogniser missed: "Cengiz called ..."
            rank = _SUBJECTS.get(token.dep_)
            if (
                rank is not None
                and token.pos_ == "PROPN"
                and token.ent_type_ != "PERSON"
                and names.full_name(token.text, token.idx) != token.text
                and not self.in_quote_marks(token.idx)
            ):
                names.add_person(token.idx, token.text, antecedent=(token.sent.start_char, rank))
            elif _unrecognised_name(token):  # "Representative Ann Lee" the recogniser missed
                first = token.nbor(-1)
                names.add_person(first.idx, f"{first.text} {token.text}", antecedent=None, weight=0)
        previous: _Candidate | None = None
        for candidate in sorted(self.candidates, key=lambda c: c.start):
            speaker = candidate.speaker
            if speaker is not None:
                candidate.speaker_name = self.speaker_name(speaker, names)
            elif (
                candidate.type == "direct"
                and previous is not None
                and previous.speaker is not None
                and self.paragraph_of(candidate.start) - self.paragraph_of(previous.end) <= 1
            ):
                candidate.speaker = previous.speaker
                candidate.speaker_name = previous.speaker_name
                candidate.confidence = max(candidate.confidence, 0.7)
            previous = candidate

    def speaker_name(self, speaker: Speaker, names: Names) -> str | None:
        position = speaker.span[0]
        if speaker.kind == "group":
            found = [self.speaker_name(member, names) for member in speaker.members]
            return " and ".join(name for name in found if name)
        if speaker.kind == "pronoun":
            return names.person_before(position) if speaker.text.lower() in PERSON_PRONOUNS else None
        if speaker.kind == "nominal" or not name_words(speaker.text):
            person = names.by_role(speaker.text.split()[-1], position)
            if person is not None:
                return names.add_person(position, person, weight=2)
            first, _, rest = " ".join(speaker.text.split()).partition(" ")
            return rest if rest and first.lower() in ("the", "a", "an") else f"{first} {rest}".strip()
        # "the ... Agency": an organisation (a person's name takes no article)
        definite = "the " in (self.text[max(0, position - 4) : position].lower(), speaker.text[:4].lower())
        full = names.full_name(speaker.text, position, organisation=speaker.kind == "name" and definite)
        if not self.parsed or speaker.kind == "person" or full != " ".join(name_words(speaker.text)):
            names.add_person(position, full, weight=2)
        return full

    def run(self) -> list[Quote]:
        self.direct_quotes()
        self.reported_quotes()
        self.according_to()
        self.resolve()
        return [c.freeze() for c in sorted(self.candidates, key=lambda c: c.start)]


def find_quotes(doc: Doc) -> list[Quote]:
    """Every quote suggested for ``doc``, in text order."""
    return _Extractor(doc).run()
