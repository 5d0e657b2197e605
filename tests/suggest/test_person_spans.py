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


def _parsed(
    words: str, pos: str, heads: list[int], deps: str, ents: str, spaces: list[bool] | None = None
) -> Doc:
    """A hand-made parse, so each test states the recogniser's mistake it mends."""
    return Doc(
        _ENGLISH.vocab,
        words=words.split(),
        spaces=spaces,
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


@pytest.mark.parametrize("title", ["Broadcaster", "Superintendent", "Legislator", "Ecologist"])
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


def test_a_given_name_opening_the_capitals_is_added_whatever_word_it_hangs_on() -> None:
    doc = _parsed(
        "Carmen Yulín Cruz said",
        "PROPN PROPN PROPN VERB",
        [2, 2, 3, 3],
        "compound compound nsubj ROOT",
        "O B-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Carmen Yulín Cruz"]


def test_a_person_named_elsewhere_is_taken_out_of_a_place_ending_with_their_name() -> None:
    doc = _parsed(
        "Hong Kong Carrie Lam spoke . Lam said",
        "PROPN PROPN PROPN PROPN VERB PUNCT PROPN VERB",
        [1, 3, 3, 4, 4, 4, 7, 7],
        "compound compound compound nsubj ROOT punct nsubj ROOT",
        "B-GPE I-GPE I-GPE I-GPE O O B-PERSON O",
    )
    assert _people(doc) == ["Carrie Lam", "Lam"]
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Hong Kong"]


def test_a_hyphenated_given_name_comes_out_of_an_organisation_whole() -> None:
    doc = _parsed(
        "Amnesty International Man - kei Tam said . Tam added",
        "PROPN PROPN PROPN PUNCT PROPN PROPN VERB PUNCT PROPN VERB",
        [1, 5, 4, 4, 5, 6, 6, 6, 9, 9],
        "compound compound compound punct compound nsubj ROOT punct nsubj ROOT",
        "B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG O O B-PERSON O",
        spaces=[True, True, False, False, True, True, False, True, True, False],
    )
    assert _people(doc) == ["Man-kei Tam", "Tam"]
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == ["Amnesty International"]


@pytest.mark.parametrize("title", ["Ecologist", "Broadcaster"])
def test_an_occupation_the_recogniser_left_out_is_not_taken_for_a_given_name(title: str) -> None:
    doc = _parsed(
        f"{title} Piers Morgan said",
        "PROPN PROPN PROPN VERB",
        [2, 2, 3, 3],
        "compound compound nsubj ROOT",
        "O B-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Piers Morgan"]


def test_a_place_the_document_names_is_cut_off_the_name_after_a_title() -> None:
    doc = _parsed(
        "Prime Minister of North Ruritania Anna Lee wrote . North Ruritania mourns",
        "PROPN PROPN ADP PROPN PROPN PROPN PROPN VERB PUNCT PROPN PROPN VERB",
        [1, 6, 1, 4, 2, 6, 7, 7, 7, 10, 11, 11],
        "compound nmod prep compound pobj compound nsubj ROOT punct compound nsubj ROOT",
        "O O O B-ORG I-ORG I-ORG I-ORG O O B-GPE I-GPE O",
    )
    assert _people(doc) == ["Anna Lee"]
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["North Ruritania", "North Ruritania"]


def test_a_title_phrase_elsewhere_shows_the_place_before_the_name() -> None:
    doc = _parsed(
        "The Mayor of Ruritania spoke . Mayor of Ruritania Anna Lee wrote",
        "DET PROPN ADP PROPN VERB PUNCT PROPN ADP PROPN PROPN PROPN VERB",
        [1, 4, 1, 2, 4, 4, 10, 6, 7, 10, 11, 11],
        "det nsubj prep pobj ROOT punct nmod prep pobj compound nsubj ROOT",
        "O O O O O O O O B-PERSON I-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Anna Lee"]


def test_a_name_after_a_title_stays_whole_when_nothing_shows_where_the_place_ends() -> None:
    doc = _parsed(
        "Prime Minister of Ruritania Anna Lee wrote",
        "PROPN PROPN ADP PROPN PROPN PROPN VERB",
        [1, 5, 1, 2, 5, 6, 6],
        "compound nmod prep pobj compound nsubj ROOT",
        "O O O B-PERSON I-PERSON I-PERSON O",
    )
    assert _people(doc) == ["Ruritania Anna Lee"]


def test_a_person_of_an_organisation_taken_for_an_organisation_is_a_person() -> None:
    doc = _parsed(
        "Tove Berg of Nordby Fire Service said",
        "PROPN PROPN ADP PROPN PROPN PROPN VERB",
        [1, 6, 1, 5, 5, 2, 6],
        "compound nsubj prep compound compound pobj ROOT",
        "B-ORG I-ORG O B-ORG I-ORG I-ORG O",
    )
    assert _people(doc) == ["Tove Berg"]
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == ["Nordby Fire Service"]


def test_an_organisation_of_a_place_stays_an_organisation() -> None:
    doc = _parsed(
        "Acme Rescue of Ruritania said",
        "PROPN PROPN ADP PROPN VERB",
        [1, 4, 1, 2, 4],
        "compound nsubj prep pobj ROOT",
        "B-ORG I-ORG O B-GPE O",
    )
    assert _people(doc) == []


def test_a_whole_name_is_a_person_when_its_surname_names_someone_else() -> None:
    doc = _parsed(
        "Tom Lee died . Ann Mary Lee , his wife , said",
        "PROPN PROPN VERB PUNCT PROPN PROPN PROPN PUNCT PRON NOUN PUNCT VERB",
        [1, 2, 2, 2, 6, 6, 11, 6, 9, 6, 6, 11],
        "compound nsubj ROOT punct compound compound nsubj punct poss appos punct ROOT",
        "B-PERSON I-PERSON O O B-ORG I-ORG I-ORG O O O O O",
    )
    assert _people(doc) == ["Tom Lee", "Ann Mary Lee"]


def test_a_word_the_document_names_as_a_place_is_no_given_name() -> None:
    doc = _parsed(
        "Ruritania Anna Lee spoke . Lee visited Ruritania",
        "PROPN PROPN PROPN VERB PUNCT PROPN VERB PROPN",
        [2, 2, 3, 3, 3, 6, 6, 6],
        "compound compound nsubj ROOT punct nsubj ROOT dobj",
        "B-GPE I-GPE I-GPE O O B-PERSON O B-GPE",
    )
    assert _people(doc) == ["Anna Lee", "Lee"]
