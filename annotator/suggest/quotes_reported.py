"""Reported speech: a speech verb's clausal complement (indirect), with quoted fragments (mixed)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from annotator.suggest.marks import Part
from annotator.suggest.quotes_confidence import Evidence, calibrated
from annotator.suggest.quotes_cues import (
    FINITE,
    RELATIVE,
    cue_span,
    has_subject,
    is_clause_cue,
    is_cue,
    judges,
    object_clause,
    predicate_at,
    speaker_for,
    unmarked_clause,
)
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.quotes_types import Candidate, Found
from annotator.suggest.verbs import DIRECT_ONLY_LEMMAS, SPEECH_VERB_FORMS

_QUOTE_MARKS = "\"“‘«'"
_FIRST_AND_SECOND_PERSON = frozenset({"i", "we", "you"})
_MAX_ATTRIBUTION = 10  # tokens between the commas of "..., the ministry said on Monday, ..."
_ADVERBIAL_MARKS = frozenset(
    ["while", "although", "though", "because", "if", "since", "when", "after", "before", "unless", "as"]
)


def reported_quotes(layout: Layout, found: Found) -> None:
    """Speech verbs with a clausal complement (indirect), with quoted fragments (mixed)."""
    cues: list[Token] = []
    if layout.parsed:
        cues = [
            t
            for t in layout.doc
            if (is_cue(layout, t) or is_clause_cue(layout, t)) and not layout.in_quote_marks(t.idx)
        ]
    seen = {c.i for c in cues}
    cues += [layout.doc[i] for i in found.fragments if i not in seen]
    cues.sort(key=lambda t: t.i)
    for cue in cues:
        _reported_quote(layout, found, cue)


def complements(layout: Layout, cue: Token) -> list[tuple[int, int]]:
    """Token ranges of what a speech verb reports: its clausal complements.

    A complement after the verb wins; one before it counts only when a comma
    separates them ("The plan is sound, he said"). A clause opened by
    "while", "because", ... is an adverbial, whatever the parser says.
    """
    if SPEECH_VERB_FORMS.get(cue.lower_) in DIRECT_ONLY_LEMMAS:
        return []
    doc, text = layout.doc, layout.text
    clauses = [
        c
        for c in cue.children
        if (c.dep_ == "ccomp" or unmarked_clause(c))
        and not any(m.dep_ == "mark" and m.lower_ in _ADVERBIAL_MARKS for m in c.children)
    ]
    misread = _subject_as_object(layout, cue)
    if misread is not None:
        return [misread]
    after = [(c.left_edge.i, _clause_end(layout, c)) for c in clauses if c.i > cue.i]
    if after:  # "said A; B, they reported, ...": a clause after a semicolon is a sentence of its own
        return [(a, b) for a, b in after if ";" not in (doc[a].text, doc[a - 1].text)] or after[:1]
    if not clauses:
        misread = next((found for c in cue.children if (found := object_clause(c)) is not None), None)
        if misread is not None:
            return [misread]
    return [
        (c.left_edge.i, c.right_edge.i + 1)
        for c in clauses
        if (c.left_edge.is_sent_start or c.left_edge.i == 0 or doc[c.left_edge.i - 1].is_punct)
        and c.left_edge.lower_ not in _ADVERBIAL_MARKS
        and text[c.right_edge.idx + len(c.right_edge) : c.right_edge.idx + len(c.right_edge) + 4]
        .lstrip(" ”\"'’")
        .startswith(",")
    ]


def _subject_as_object(layout: Layout, cue: Token) -> tuple[int, int] | None:
    """A clause whose subject the parser took for the speech verb's object: its token range.

    "ruled the draft violated the law": a finite verb with no subject of its own right after the
    object, or after an aside in commas ("suggested the algae, like X, might render"), has the
    object for its subject.
    """
    doc = layout.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.right_edge.i + 2 >= len(doc):
        return None
    first = obj.right_edge.i + (doc[obj.right_edge.i].text != ",")  # "piracy, perhaps ..., is"
    starts = (
        [first] if doc[first].text != "," else [t.i + 1 for t in doc[first : first + 16] if t.text == ","]
    )
    verb = None
    for at in starts:
        if (at > first and doc[at - 1].text != ",") or any(t.tag_ in FINITE for t in doc[first:at]):
            break  # an aside holding a clause of its own
        verb = predicate_at(layout, at, aside=at > first)
        if verb is not None:
            break
    if verb is None or layout.is_ancestor(obj.i, verb.i):
        return None
    end = _clause_end(layout, verb)
    # "... is unconstitutional and violated ...": a second predicate the parser hung elsewhere
    more = doc[end + 1] if end + 1 < len(doc) and doc[end].dep_ == "cc" else None
    if more is not None and more.dep_ == "conj" and more.head == verb.head and more.tag_ in FINITE:
        end = _clause_end(layout, more) if not has_subject(more) else end
    return obj.left_edge.i, end


def _clause_end(layout: Layout, clause: Token) -> int:
    """The token index ending a complement: before a speech verb reporting something of its own.

    "X said A, further saying B" and "X said A and warned B" report A; B is another quote.
    """
    own_cues = [
        layout.left_edge(i)
        for i in layout.clause_links(clause.i + 1, clause.right_edge.i + 1)  # advcl and conj tokens
        if layout.left_edge(i) > clause.left_edge.i
        and layout.is_ancestor(clause.i, i)
        and _reports(layout, i)
    ]
    return min(own_cues, default=clause.right_edge.i + 1)


def _reports(layout: Layout, i: int) -> bool:
    """Whether token ``i`` is a speech verb reporting something of its own (asked once per token)."""
    known = layout.reports.get(i)
    if known is None:
        known = layout.reports[i] = _verb_reports(layout, layout.doc[i])
    return known


def _verb_reports(layout: Layout, verb: Token) -> bool:
    """A finite or -ing speech verb with a clausal complement or a quotation right after it."""
    after = layout.text[verb.idx + len(verb) : verb.idx + len(verb) + 4].lstrip(" ,:")
    return (
        verb.tag_ in ("VBG", "VBD", "VBZ", "VBP")
        and is_cue(layout, verb)
        and (any(c.dep_ == "ccomp" for c in verb.children) or after[:1] in _QUOTE_MARKS)
    )


def _offsets(doc: Doc, a: int, b: int) -> Part:
    """The character offsets of tokens a..b."""
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1])


def _words_in(layout: Layout, start: int, end: int, para_end: int) -> bool:
    """Whether start..end has words before the paragraph ends at ``para_end``."""
    return any(c.isalnum() for c in layout.text[start : min(end, para_end)])


def _reported_quote(layout: Layout, found: Found, cue: Token) -> None:
    doc, text = layout.doc, layout.text
    fragments = found.fragments.get(cue.i, [])
    pieces = complements(layout, cue) if layout.parsed else []
    if layout.parsed and fragments:
        for child in cue.children:
            if (
                child.dep_ == "conj"
                and not is_cue(layout, child)
                and any(
                    child.left_edge.idx <= s < child.right_edge.idx + len(child.right_edge)
                    for s, _ in fragments
                )
            ):
                pieces.append((child.left_edge.i, child.right_edge.i + 1))
    para_start, para_end = layout.paragraphs[layout.paragraph_of(cue.idx)]
    if not fragments:  # "indicated A: "B," he said": a second complement in a quote or paragraph of its own
        pieces = [
            p
            for p in pieces
            if _words_in(layout, *_offsets(doc, *p), para_end) and not found.taken(*_offsets(doc, *p))
        ]
    if not pieces and not fragments:
        _interrupted_quote(layout, found, cue)
        return
    starts = [doc[a].idx for a, _ in pieces] + [s for s, _ in fragments]
    ends = [doc[b - 1].idx + len(doc[b - 1]) for _, b in pieces] + [e for _, e in fragments]
    start, end = layout.trim(max(min(starts), para_start), min(max(ends), para_end))
    if text.startswith("that ", start) and not fragments:
        start += 5
    # a verb of calling quotes a word or two ("called it "unjust.""); a shorter clause is no quote
    short = end - start < 8 and not (fragments and judges(cue))
    if short or start <= cue.idx < end or found.taken(start, end):
        return
    if fragments:
        first, last = min(s for s, _ in fragments), max(e for _, e in fragments)
        start, end = min(start, first), max(end, last)
        if start < first:
            while end < para_end and text[end] in "”’\"'»":
                end += 1
        elif end > last:  # a mixed quote opening on quoted words opens with their mark
            while start > para_start and text[start - 1] in _QUOTE_MARKS:
                start -= 1
    elif len(layout.token_range(start, end)) < 3:
        return
    _add(layout, found, cue, [(start, end)])


def _add(layout: Layout, found: Found, cue: Token, parts: list[Part]) -> None:
    """Keep the quote of ``cue`` made of ``parts``, with the cue's speaker."""
    text = layout.text
    para_start, para_end = layout.paragraphs[layout.paragraph_of(cue.idx)]
    sentence = (layout.sentence_start(para_start, cue.idx), layout.sentence_end(cue.idx, para_end))
    speaker = speaker_for(layout, cue, (sentence[0], cue.idx) if layout.parsed else sentence)
    if speaker is not None and any(s <= speaker.span[0] < e for s, e in parts):
        speaker = None
    if speaker is not None and speaker.text.lower() in _FIRST_AND_SECOND_PERSON:
        return  # "I say ...", "you tell them ...": talk inside a quote or an interview, not a report
    start, end = parts[0][0], parts[-1][1]
    # called it “lousy”: a quote that is nothing but its quoted words is direct
    kind = layout.quote_type(start, end)
    content = " ".join(text[s:e] for s, e in parts)
    evidence = Evidence.of("reported", kind, speaker.kind if speaker else None, True, content)
    found.add(
        Candidate(
            parts,
            kind,
            calibrated(evidence),
            cue=cue_span(cue),
            speaker=speaker,
            evidence=evidence,
        )
    )


def _interrupted_quote(layout: Layout, found: Found, cue: Token) -> None:
    """A clause its attribution interrupts ("The plan, she said, is sound"): one quote in two parts.

    The cue and its subject, set off by commas, hang from the clause's verb. A relative pronoun
    before them ("..., which, the report said, ...") is not part of what was said.
    """
    doc, head = layout.doc, cue.head
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or cue.dep_ not in ("parataxis", "ccomp") or head.pos_ not in ("VERB", "AUX"):
        return
    # the commas around "she said" or "reads the motion"; what the parser hung before them was said
    first = min(subject.left_edge.i, cue.i) - 1
    last = cue.right_edge.i + (doc[cue.right_edge.i].text != ",")
    if (
        not head.left_edge.i < first < last < head.right_edge.i
        or doc[first].text != ","
        or doc[last].text != ","
        or last - first > _MAX_ATTRIBUTION
    ):
        return
    para_start, para_end = layout.paragraphs[layout.paragraph_of(cue.idx)]
    opening = max((t.i + 1 for t in doc[head.left_edge.i : first] if t.text == ";"), default=head.left_edge.i)
    before = layout.trim(max(doc[opening].idx, para_start), doc[first].idx)
    after = layout.trim(
        doc[last].idx + 1, min(_offsets(doc, last + 1, _clause_end(layout, head))[1], para_end)
    )
    parts = [after] if layout.text[slice(*before)].lower() in RELATIVE else [before, after]
    if (
        any(e - s < 2 for s, e in parts)
        or len(layout.token_range(*after)) < 2
        or found.taken(before[0], after[1])
    ):
        return
    _add(layout, found, cue, parts)
