"""Direct quotes: stretches between quotation marks, paired with their cue and speaker.

A stretch standing on its own (opening a sentence, after a colon, after "he
said,") is a direct quote; one split by its attribution ("X," he said, "Y.")
is one quote with two parts. A stretch embedded in a sentence is a fragment,
kept for the mixed quote of the speech verb that governs it.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Token

from annotator.suggest.documents import document_source
from annotator.suggest.marks import Part, Quoted
from annotator.suggest.quotes_confidence import Evidence, calibrated
from annotator.suggest.quotes_cues import (
    according_in,
    cue_in,
    cue_span,
    introducing_verb,
    is_cue,
    judges,
    speaker_for,
)
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.quotes_types import Candidate, Found
from annotator.suggest.speakers import Speaker, speaker_of
from annotator.suggest.verbs import is_speech_form

# fmt: off
_SMALL_WORDS = frozenset([
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with"
])
# fmt: on
# A quote with fewer words and no speech verb is a term or a scare quote.
MIN_UNCUED_WORDS = 4


def looks_like_title(content: str) -> bool:
    """Title Case without sentence punctuation: the name of a work, not something said."""
    words = [w for w in content.split() if w[:1].isalpha()]
    if not words or content.rstrip()[-1:] in ".!?,;:":
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() for w in big) >= 0.75 * len(big)


def direct_quotes(layout: Layout, found: Found) -> None:
    """Standalone quoted stretches become direct quotes; embedded ones are fragments."""
    text = layout.text
    groups: list[tuple[list[Quoted], Part]] = []
    previous_close = -1
    for q in layout.quoted:
        paragraph = layout.paragraph_of(q.open)
        para_start, _ = layout.paragraphs[paragraph]
        floor = max(para_start, previous_close)
        lead = (layout.sentence_start(floor, q.open), q.open)
        lead_text = text[lead[0] : lead[1]].strip()
        if not lead_text and paragraph and previous_close <= para_start:
            before_start, before_end = layout.paragraphs[paragraph - 1]
            if text[before_end - 1] == ":":  # "He said:" closes the paragraph before the quote
                lead = (layout.sentence_start(max(before_start, previous_close), before_end), before_end)
        previous_close = q.close
        lead_text = text[lead[0] : lead[1]].strip()
        last_word = lead_text.split()[-1] if lead_text else ""
        standalone = (
            not lead_text
            or lead_text.endswith(":")
            or (lead_text.endswith(",") and cue_in(layout, *layout.last_words(lead, 6)) is not None)
            or (is_speech_form(last_word.rstrip(","), tagged_verb=None) and not _runs_on(layout, q))
            or (text[q.start].isupper() and cue_in(layout, *layout.last_words(lead, 4)) is not None)
        )
        if not standalone:
            _fragment(layout, found, q, lead)
            continue
        if groups and _continues(layout, groups[-1][0][-1], q):
            groups[-1][0].append(q)
        else:
            groups.append(([q], lead))
    for members, lead in groups:
        _direct_quote(layout, found, members, lead)


def _runs_on(layout: Layout, q: Quoted) -> bool:
    """'said "three people" were hurt': the sentence goes on after the marks, the words are part of it."""
    content = layout.text[q.start : q.end].rstrip()
    after = layout.text[q.close : q.close + 40].split()
    word = after[0].rstrip(",.;:") if after else ""
    return content[-1:] not in ".!?,;:" and word[:1].islower() and not is_speech_form(word, tagged_verb=None)


def _continues(layout: Layout, before: Quoted, after: Quoted) -> bool:
    """ "X," he said, "Y." or "X," he said. "Y.": the second stretch goes on with the first one's quote."""
    if layout.paragraph_of(before.end) != layout.paragraph_of(after.open):
        return False
    middle = layout.text[before.close : after.open].strip()
    attribution = middle[:-1] if middle[-1:] in (",", ":", ".") else ""
    opening = layout.text[after.start : after.end].lstrip()[:1]
    return (
        bool(attribution)
        and (opening.isalnum() or opening in "[(")  # words, not a run of marks
        and layout.text[before.start : before.end].rstrip()[-1:] not in ".!?"
        and not layout.ends_sentence(attribution)  # “... okay”. Lee said, “...”: a new quote
        and len(middle.split()) <= 15
        and cue_in(layout, before.close, after.open) is not None
    )


def _direct_quote(layout: Layout, found: Found, members: list[Quoted], lead: Part) -> None:
    text = layout.text
    first, last = members[0], members[-1]
    end_paragraph = layout.paragraphs[layout.paragraph_of(last.end)]
    following = layout.next_quote_open(last.close)
    if following is None:
        following = len(text)
    tail = (last.close, layout.sentence_end(last.close, min(end_paragraph[1], following)))
    regions: list[tuple[Part, bool]] = [((a.close, b.open), False) for a, b in itertools.pairwise(members)]
    lead_text = text[lead[0] : lead[1]].strip()
    if lead_text.endswith((":", ",")):
        regions.append((layout.last_words(lead, 6), True))
    tail_text = text[tail[0] : tail[1]].strip()
    ending = text[last.start : last.end].rstrip()[-1:]
    # “...!” Lee said.
    named_after = ending in "!?" and cue_in(layout, *layout.first_words(tail, 3)) is not None
    if tail_text and (named_after or not (ending in ".!?" and tail_text[:1].isupper())):
        regions.append((tail, False))
    if lead_text:
        regions.append((lead, True))
    cue = speaker = None
    region: Part | None = None
    for region, from_end in regions:
        cue = cue_in(layout, *region, last=from_end)
        if cue is not None:
            speaker = speaker_for(layout, cue, region)
            break
    if cue is None and lead_text.endswith(":"):
        cue = introducing_verb(layout, lead)
        speaker = speaker_for(layout, cue, None) if cue is not None else None
    if cue is None and not lead_text:
        cue, speaker = _introduced_by_person(layout, first.open)
    if lead_text.endswith(":") and (cue is None or lead[0] <= cue.idx < lead[1]):
        cue, speaker = according_in(layout, lead) or (cue, speaker)
    if cue is None and tail_text.lower().startswith(("according to", ", according to")):
        cue, speaker = according_in(layout, tail) or (cue, speaker)  # “...,” according to a tweet by X.
    if cue is not None and (source := document_source(cue)) is not None:
        speaker = speaker_of(source)
    parts = [part for q in members for part in q.parts]
    words = sum(len(text[s:e].split()) for s, e in parts)
    content = text[first.start : last.end]
    if looks_like_title(content) or (cue is None and words < MIN_UNCUED_WORDS):
        return
    evidence = Evidence.of(
        "direct",
        "direct",
        speaker.kind if speaker else None,
        cue is not None,
        " ".join(text[s:e] for s, e in parts),
        unclosed=not all(q.closed for q in members),
    )
    found.add(
        Candidate(
            parts,
            "direct",
            calibrated(evidence),
            cue=cue_span(cue) if cue is not None else None,
            speaker=speaker,
            evidence=evidence,
        )
    )


def _introduced_by_person(layout: Layout, at: int) -> tuple[Token | None, Speaker | None]:
    """A person who does something in the sentence just before a quote opening a sentence.

    "X criticised the decision on Twitter. “...”": X, in the same paragraph, with no quote between.
    """
    para_start = layout.paragraphs[layout.paragraph_of(at)][0]
    sentence = (layout.sentence_start(para_start, at - 1), at)
    if sentence[0] >= at - 1 or any(c in '"“”«»' for c in layout.text[sentence[0] : at]):
        return None, None
    verb = introducing_verb(layout, sentence)
    speaker = speaker_for(layout, verb, None) if verb is not None else None
    return (verb, speaker) if speaker is not None and speaker.kind == "person" else (None, None)


def _fragment(layout: Layout, found: Found, q: Quoted, lead: Part) -> None:
    """A quoted stretch inside a sentence: part of a mixed quote when a speech verb governs it."""
    if len(q.parts) > 1 or looks_like_title(layout.text[q.start : q.end]):
        return
    cue: Token | None = None
    doc = layout.doc
    tokens = layout.token_range(q.start, q.end)
    if layout.parsed and len(tokens):
        token = next((doc[i] for i in tokens if not q.start <= doc[i].head.idx < q.end), doc[tokens.start])
        for _ in range(8):
            if token.head.i == token.i:
                break
            token = token.head
            if (is_cue(layout, token) or judges(token)) and not q.start <= token.idx < q.end:
                cue = token
                break
    else:
        cue = cue_in(layout, *lead, last=True)
    if cue is None:
        return
    found.fragments.setdefault(cue.i, []).append(q.parts[0])
