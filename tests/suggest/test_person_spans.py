"""Person names mended before suggestions and speakers read them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from annotator.suggest import TextSuggestions
from annotator.suggest.person_spans import mend_person_names

Suggest = Callable[[str], TextSuggestions]
_ENGLISH = spacy.blank("en")


def _parsed(words: str, pos: str, heads: list[int], deps: str, ents: str) -> Doc:
    """A hand-made parse, so each test states the recogniser's mistake it mends."""
    return Doc(
        _ENGLISH.vocab,
        words=words.split(),
        pos=pos.split(),
        heads=heads,
        deps=deps.split(),
        ents=ents.split(),
    )


def _people(doc: Doc) -> list[str]:
    mend_person_names(doc)
    return [e.text for e in doc.ents if e.label_ == "PERSON"]


def test_a_title_is_cut_off_and_the_surname_left_out_added() -> None:
    doc = _parsed(
        "According to Chief Superintendent Ana Ruiz of police",
        "VERB ADP PROPN PROPN PROPN PROPN ADP NOUN",
        [0, 0, 5, 5, 5, 1, 5, 6],
        "ROOT prep compound compound compound pobj prep pobj",
        "O O O B-PERSON I-PERSON O O O",
    )
    assert _people(doc) == ["Ana Ruiz"]


def test_a_given_name_before_a_particle_is_added() -> None:
    doc = _parsed(
        "Arnel dela Vega said",
        "PROPN PROPN PROPN VERB",
        [1, 3, 1, 3],
        "compound nsubj appos ROOT",
        "O B-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Arnel dela Vega"]


def test_a_title_the_recogniser_left_out_stays_out() -> None:
    doc = _parsed(
        "Minority Whip Dick Durbin said",
        "PROPN PROPN PROPN PROPN VERB",
        [1, 3, 3, 4, 4],
        "compound compound compound nsubj ROOT",
        "O O B-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Dick Durbin"]


@pytest.mark.parametrize("title", ["Broadcaster", "Superintendent"])
def test_an_occupation_or_title_taken_in_is_cut_off(title: str) -> None:
    doc = _parsed(
        f"{title} Piers Morgan said",
        "PROPN PROPN PROPN VERB",
        [2, 2, 3, 3],
        "compound compound nsubj ROOT",
        "B-PERSON I-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Piers Morgan"]


def test_a_regnal_title_stays_part_of_the_name() -> None:
    doc = _parsed(
        "Pope Francis said", "PROPN PROPN VERB", [1, 2, 2], "compound nsubj ROOT", "B-PERSON I-PERSON O"
    )
    assert _people(doc) == ["Pope Francis"]


def test_a_surname_taken_for_a_common_noun_still_means_the_person(suggest: Suggest) -> None:
    text = (
        "The match was tough, according to assistant coach Ben Radmall.\n\n"
        "Radmall conceded that his side needed to work on some things."
    )
    quote = next(q for q in suggest(text).quotes if "his side" in text[q.start : q.end])
    assert quote.speaker_name == "Ben Radmall"
