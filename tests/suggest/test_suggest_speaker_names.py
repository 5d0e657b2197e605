"""Speaker names: the resolved full name of who said it, past titles, roles and documents."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc
from suggest_helpers import quote_containing, said

from annotator.suggest import TextSuggestions
from annotator.suggest.quotes import find_quotes
from annotator.suggest.speakers import speaker_of
from annotator.suggest.subjects import subject_of

Suggest = Callable[[str], TextSuggestions]

# (case, text, words of the quote, speaker name)
RESOLVED = [
    (
        "surname without accents finds the accented full name",
        "Prime Minister Zoltán Şahinoğlu visited the port on Monday.\n\n"
        "Sahinoglu said, “The new harbour will open next spring for every ship.”",
        "new harbour",
        "Zoltán Şahinoğlu",
    ),
    (
        "person in apposition to a role phrase",
        "The director of the city museum, Clara Benton, said the collection would move "
        "to a larger building within two years.",
        "collection would move",
        "Clara Benton",
    ),
    (
        "document speaks for whoever published it",
        "A report published by the Coastal Research Institute said the sea level had risen faster "
        "than expected.",
        "sea level",
        "Coastal Research Institute",
    ),
    (
        "according to a document by someone",
        "According to a survey by the Harbour Workers Union, most members oppose the plan.",
        "most members",
        "Harbour Workers Union",
    ),
    (
        "the agency is the organisation named before",
        "The Northern Weather Agency issued a storm warning on Sunday. "
        "The agency said the winds would reach the coast by midnight.",
        "winds would reach",
        "Northern Weather Agency",
    ),
    (
        "abbreviation stands for the name it was introduced with",
        "The International Rowing Federation (IRF) met in Geneva. "
        "The IRF's statement said the championship would move to June.",
        "championship would move",
        "International Rowing Federation",
    ),
    (
        "organisation in apposition to a common noun",
        "The radio network KBNX reported that the bridge would stay closed until Friday.",
        "bridge would stay closed",
        "KBNX",
    ),
    (
        "two organisations as one subject",
        "Reuters and Bloomberg reported that the merger talks had collapsed on Tuesday.",
        "merger talks",
        "Reuters and Bloomberg",
    ),
    (
        "name closing a title of a place",
        "Governor of Westmark Province Anna Kowalczyk said the roads would be cleared by morning.",
        "roads would be cleared",
        "Anna Kowalczyk",
    ),
    (
        "person named a few words after an inverted cue",
        "“We will rebuild every house on this street before winter,” wrote former city planner Rosa Delgado.",
        "rebuild every house",
        "Rosa Delgado",
    ),
    (
        "participle after a reported clause belongs to the reporter",
        "Chief economist Omar Haddad said the new tariff “hurts small farmers most,” "
        "adding, “Nobody in the capital seems to notice that at all.”",
        "Nobody in the capital",
        "Omar Haddad",
    ),
    (
        "attribution after a quote ending in an exclamation mark",
        "Protesters filled the square on Friday.\n\n"
        "“Give us back our park! We were here first!” Grace Mwangi told the crowd.",
        "Give us back",
        "Grace Mwangi",
    ),
    (
        "person acting in the sentence before a quote in the same paragraph",
        "Tom Whitfield, who ran the harbour for ten years, criticised the plan on Twitter. "
        "“Nobody asked the fishermen what they need before signing this deal.”",
        "Nobody asked",
        "Tom Whitfield",
    ),
    (
        "according to data from an organisation",
        "According to data from the Lakeside Water Board, the reservoir is half empty this summer.",
        "reservoir is half empty",
        "Lakeside Water Board",
    ),
    (
        "a title that is part of a single name stays",
        "Pope Benedict visited the village school on Sunday. "
        "Pope Benedict said the children would never be forgotten.",
        "never be forgotten",
        "Pope Benedict",
    ),
    (
        "according to a role, then the name between commas",
        "According to the county sheriff, Dana Whitlock, the road had been closed since dawn.",
        "road had been closed",
        "Dana Whitlock",
    ),
    (
        "a person introduced by 'was' before a colon",
        "The first to arrive was firefighter Ivan Petrov, who described the scene: "
        "“The smoke was so thick we could not see our own hands.”",
        "smoke was so thick",
        "Ivan Petrov",
    ),
    (
        "two organisations with relative clauses as one subject",
        "Siemens, which makes trains, and Philips which makes lamps, emphasized they were working "
        "day and night to meet demand.",
        "working day and night",
        "Siemens and Philips",
    ),
    (
        "according to him",
        "Army spokesman Karim Haddad said the convoy had crossed the border at night. "
        "According to him, the soldiers met no resistance on the way.",
        "met no resistance",
        "Karim Haddad",
    ),
    (
        "a shorter mention of an organisation",
        "The National Flood Defence Agency closed the dam on Monday. "
        "A day later the Flood Defence Agency said the water level had dropped.",
        "water level had dropped",
        "National Flood Defence Agency",
    ),
    (
        "according to someone, before a colon that opens a quote",
        "Prosecutor Helena Marsh charged the driver on Monday.\n\n"
        "According to Marsh, the video if shared by the driver would decide the case: "
        "“The key question is whether he meant to hurt anyone at all.”",
        "key question",
        "Helena Marsh",
    ),
    (
        "the website is the web address named before",
        "The Kolvik.com news site covers the northern towns. "
        "The website reported that the ferry had been cancelled for the whole week.",
        "ferry had been cancelled",
        "Kolvik.com",
    ),
    (
        "the president is who was introduced as president of a country",
        "President of Ruritania Anna Kowalczyk opened the session on Monday. "
        "The president said the budget would be balanced by next year.",
        "budget would be balanced",
        "Anna Kowalczyk",
    ),
]


@pytest.mark.parametrize(("text", "words", "name"), [r[1:] for r in RESOLVED], ids=[r[0] for r in RESOLVED])
def test_speaker_resolves_to_the_full_name(suggest: Suggest, text: str, words: str, name: str) -> None:
    assert quote_containing(text, suggest(text), words).speaker_name == name


def test_quotes_of_two_sentences_with_their_own_attributions_stay_apart(suggest: Suggest) -> None:
    text = (
        "Councillor Mia Tran said, “The old rules kept nurses out of the debate and that's wrong”. "
        "Her rival Paul Ostrowski said, “We have moved the plan to a better place”."
    )
    quotes = suggest(text).quotes
    assert [q.speaker_name for q in quotes] == ["Mia Tran", "Paul Ostrowski"]


def test_quote_after_a_sentence_end_is_not_joined_to_the_one_before(suggest: Suggest) -> None:
    text = (
        "Minister Ella Novak spoke first and said, “We must stand together”, before leaving the hall. "
        "Opposition leader Ben Adair wrote, “I expect the minister to keep that promise.”"
    )
    quotes = [q for q in suggest(text).quotes if q.type == "direct"]
    assert [q.speaker_name for q in quotes] == ["Ella Novak", "Ben Adair"]


def test_subject_in_the_paragraph_before_gives_way_to_its_conjunct_in_the_verbs_paragraph() -> None:
    """A parser that runs two paragraphs together may make a signature line the subject."""
    words = ["The", "mayor", "\n\n", "Peter", "Lund", "said", "it", "ended", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=[True, False, False, True, True, True, True, False, False],
        heads=[1, 5, 1, 4, 1, 5, 7, 5, 5],
        deps=["det", "nsubj", "dep", "compound", "conj", "ROOT", "nsubj", "ccomp", "punct"],
        pos=["DET", "NOUN", "SPACE", "PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"],
    )
    subject = subject_of(doc[5])
    assert subject is not None and speaker_of(subject).text == "Peter Lund"


def test_quote_that_is_only_its_quoted_words_is_direct(suggest: Suggest) -> None:
    text = "Councillor Jo Reed described the new budget as “a betrayal of every family in this town” today."
    quote = quote_containing(text, suggest(text), "betrayal")
    assert (quote.type, quote.speaker_name) == ("direct", "Jo Reed")


def test_quoted_words_someone_called_something_are_a_direct_quote(suggest: Suggest) -> None:
    text = "Opposition leader Mark Ellison called the plan “a disgrace to this parliament” on Monday."
    quote = quote_containing(text, suggest(text), "disgrace")
    assert (quote.type, said(text, quote.cue), quote.speaker_name) == ("direct", "called", "Mark Ellison")


def test_a_name_given_in_quotes_is_not_a_quote(suggest: Suggest) -> None:
    text = "The old bridge is called “the iron lady” by the people of the valley."
    assert suggest(text).quotes == []


def test_surname_resolves_to_a_first_and_last_name_the_recogniser_missed() -> None:
    words = ["Critics", "named", "Jon", "Arn", ".", "Arn", "said", "the", "plan", "failed", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=[True, True, True, False, True, True, True, True, True, False, False],
        heads=[1, 1, 3, 1, 1, 6, 6, 8, 9, 6, 6],
        deps=[
            *("nsubj", "ROOT", "compound", "dobj", "punct"),
            *("nsubj", "ROOT", "det", "nsubj", "ccomp", "punct"),
        ],
        pos=["NOUN", "VERB", "PROPN", "PROPN", "PUNCT", "PROPN", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
        lemmas=["critic", "name", "Jon", "Arn", ".", "Arn", "say", "the", "plan", "fail", "."],
    )
    (quote,) = find_quotes(doc)
    assert quote.speaker_name == "Jon Arn"
