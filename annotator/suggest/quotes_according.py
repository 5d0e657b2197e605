"""Quotes attributed by "according to X": X is the speaker of the rest of the sentence."""

from __future__ import annotations

from spacy.tokens import Token

from annotator.suggest.names import TITLES
from annotator.suggest.quotes_confidence import Evidence, calibrated
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.quotes_types import Candidate, Found
from annotator.suggest.speakers import entity_speaker, speaker_near, speaker_of


def according_to(layout: Layout, found: Found) -> None:
    """ "..., according to X." : X is the speaker of the rest of the sentence."""
    doc, text = layout.doc, layout.text
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        para_start, para_end = layout.paragraphs[layout.paragraph_of(token.idx)]
        if layout.parsed:
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if not objects:
                continue
            speaker = speaker_of(objects[0])
            phrase_end = objects[0].right_edge.idx + len(objects[0].right_edge)
            named = _named_after(layout, objects[0].right_edge.i + 1)
            if speaker.kind == "nominal" and named is not None:  # "according to the mayor, Ann Lee,"
                speaker, phrase_end = entity_speaker(named), named.idx + len(named)
            titled = _titled_person_after(layout, objects[0].right_edge.i + 1)
            if speaker.kind != "person" and titled is not None:  # "according to Texas Senator Ann Lee,"
                speaker, phrase_end = entity_speaker(titled), titled.idx + len(titled)
            sentence = token.sent
            sent_start, sent_end = sentence.start_char, sentence.end_char
            claim_before = sentence.root.idx < token.idx
        else:
            speaker = speaker_near(doc, to, to.i, len(doc))
            if speaker is None:
                continue
            phrase_end = speaker.span[1]
            sent_start = layout.sentence_start(para_start, token.idx)
            sent_end = layout.sentence_end(token.idx, para_end)
            claim_before = token.idx - sent_start > sent_end - phrase_end
        sent_start, sent_end = max(sent_start, para_start), min(sent_end, para_end)
        if claim_before and text[sent_start : token.idx].strip(" ,\"“”'‘’"):
            start, end = layout.trim(sent_start, token.idx)
        else:
            start, end = layout.trim(phrase_end, sent_end)
        if len(layout.token_range(start, end)) < 3 or found.taken(start, end):
            continue
        kind = layout.quote_type(start, end)
        evidence = Evidence.of("according", kind, speaker.kind, True, text[start:end])
        found.add(
            Candidate(
                [(start, end)],
                kind,
                calibrated(evidence),
                cue=(token.idx, to.idx + len(to)),
                speaker=speaker,
                evidence=evidence,
            )
        )


def _named_after(layout: Layout, comma: int) -> Token | None:
    """The person in ", Ann Lee," starting at token ``comma``: an appositive the parser left loose."""
    doc = layout.doc
    if comma + 1 >= len(doc) or doc[comma].text != "," or doc[comma + 1].ent_type_ != "PERSON":
        return None
    end = comma + 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return doc[end] if end + 1 < len(doc) and doc[end + 1].text == "," else None


def _titled_person_after(layout: Layout, start: int) -> Token | None:
    """The person closing "Texas Senator Ann Lee" after the place the parser took for the whole object."""
    doc = layout.doc
    i = start
    while i < min(len(doc), start + 3) and doc[i].ent_type_ != "PERSON" and doc[i].lower_ in TITLES:
        i += 1
    if i == start or i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != "PERSON":
        return None
    while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        i += 1
    return doc[i]
