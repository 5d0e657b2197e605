"""Mixed quotes: reported speech holding the speaker's own quoted words, apart from direct and indirect."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from suggest_helpers import quote_containing, said

from annotator.suggest import TextSuggestions

Suggest = Callable[[str], TextSuggestions]

CONTRACT = (
    'Harbour board chair Lena Okoro said it "was signed in haste by people who never read '
    'the small print of any of its forty clauses".'
)
TYPED = [
    pytest.param(
        CONTRACT,
        "signed in haste",
        "mixed",
        id="short_subject_before_a_long_quoted_predicate_is_mixed",
    ),
    pytest.param(
        'The ferry service will resume in "a matter of weeks", according to the port authority.',
        "ferry service",
        "mixed",
        id="according_to_claim_with_quoted_words_is_mixed",
    ),
    pytest.param(
        'Transport minister Paul Reyes called the plan "reckless" and "short-sighted" on Monday.',
        "reckless",
        "direct",
        id="quoted_words_joined_by_and_are_direct",
    ),
    pytest.param(
        'Harbour master Ines Carvalho called the delay "absurd."',
        "absurd",
        "direct",
        id="one_quoted_word_a_verb_of_calling_governs_is_a_quote",
    ),
    pytest.param(
        'Councillor Rui Mendes hailed the new quay as the "pride of the coast."',
        "pride of the coast",
        "direct",
        id="hailed_as_quotes_what_the_speaker_called_it",
    ),
    pytest.param(
        'Councillor Rui Mendes labelled the report as "scaremongering" and left the hall.',
        "scaremongering",
        "direct",
        id="labelled_as_quotes_what_the_speaker_called_it",
    ),
    pytest.param(
        'Councillor Rui Mendes referred to the flooding as a "slow disaster" on Monday.',
        "slow disaster",
        "direct",
        id="referred_to_as_quotes_what_the_speaker_called_it",
    ),
    pytest.param(
        'The mayor, Tom Elder, said the new levy ("road charge") would pay for the harbour wall.',
        "new levy",
        "indirect",
        id="quoted_gloss_in_parentheses_leaves_it_indirect",
    ),
    pytest.param(
        "According to the council, the harbour wall will be rebuilt by spring; "
        '"We owe the town a safe harbour and we will deliver one."',
        "rebuilt by spring",
        "indirect",
        id="quote_opening_its_own_clause_after_a_semicolon_is_no_fragment",
    ),
]


@pytest.mark.parametrize(("text", "words", "kind"), TYPED)
def test_quote_type_follows_its_quoted_words(suggest: Suggest, text: str, words: str, kind: str) -> None:
    assert quote_containing(text, suggest(text), words).type == kind


def test_a_name_after_a_passive_called_is_no_quote(suggest: Suggest) -> None:
    text = 'A charity called "Friends of the Coast" opened a shop on Monday.'
    assert not [q for q in suggest(text).quotes if "Friends" in text[q.start : q.end]]


def test_mixed_quote_starts_at_the_reported_clause(suggest: Suggest) -> None:
    quote = quote_containing(CONTRACT, suggest(CONTRACT), "signed in haste")
    assert CONTRACT[quote.start : quote.end].startswith("it ")
    assert (said(CONTRACT, quote.cue), quote.speaker_name) == ("said", "Lena Okoro")


def test_mixed_quote_ends_where_a_second_speech_verb_quotes_on(suggest: Suggest) -> None:
    text = (
        'Port director Anna Weiss said the new cranes "will double what the quay can handle," '
        'further saying, "The town has waited ten years for this."'
    )
    result = suggest(text)
    mixed = quote_containing(text, result, "new cranes")
    assert (mixed.type, text[mixed.start : mixed.end]) == (
        "mixed",
        'the new cranes "will double what the quay can handle,"',
    )
    direct = quote_containing(text, result, "waited ten years")
    assert (direct.type, said(text, direct.cue)) == ("direct", "saying")


def test_reported_clause_stops_before_adding_and_its_own_clause(suggest: Suggest) -> None:
    text = (
        "Harbour pilot Joe Marsh said the channel was silted up, "
        "adding that dredging should begin before the summer season."
    )
    result = suggest(text)
    first = quote_containing(text, result, "silted up")
    assert text[first.start : first.end] == "the channel was silted up"
    second = quote_containing(text, result, "dredging")
    assert (said(text, second.cue), second.speaker_name) == ("adding", "Joe Marsh")


def test_quoted_subject_right_after_said_opens_a_mixed_quote_with_its_mark(suggest: Suggest) -> None:
    text = 'Harbour master Ruth Kell said "two small boats" had sunk near the pier.'
    quote = quote_containing(text, suggest(text), "small boats")
    assert quote.type == "mixed"
    assert text[quote.start : quote.end] == '"two small boats" had sunk near the pier'


def test_quoted_words_inside_nested_speech_belong_to_the_outer_report(suggest: Suggest) -> None:
    text = 'The coastguard reported its divers said "two small boats" had sunk near the pier on Friday night.'
    quote = quote_containing(text, suggest(text), "small boats")
    assert quote.type == "mixed"
    assert (said(text, quote.cue), quote.speaker_name) == ("reported", "coastguard")
    assert text[quote.start : quote.end].startswith("its divers said")


def test_full_quoted_sentence_after_said_stays_direct(suggest: Suggest) -> None:
    text = 'Harbour master Ruth Kell said "Two small boats sank near the pier."'
    quote = quote_containing(text, suggest(text), "small boats")
    assert (quote.type, text[quote.start : quote.end]) == ("direct", "Two small boats sank near the pier.")


def test_clause_misread_as_the_object_of_said_is_the_mixed_quote(suggest: Suggest) -> None:
    clause = 'a plan allowing the sale of the old pier marked a "dark day for the town"'
    text = f"Councillor Amy Byrne said {clause}."
    quote = quote_containing(text, suggest(text), "dark day")
    assert (quote.type, text[quote.start : quote.end]) == ("mixed", clause)


def test_clause_after_the_person_told_is_what_was_told(suggest: Suggest) -> None:
    clause = "he had lost sight of the smaller vessel in the fog"
    text = f"The captain told officers {clause}."
    quote = quote_containing(text, suggest(text), "lost sight")
    assert (quote.type, said(text, quote.cue), text[quote.start : quote.end]) == ("indirect", "told", clause)
