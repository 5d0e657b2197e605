"""Speaker names: the resolved full name of who said it, past titles, roles and documents."""

from __future__ import annotations

from collections.abc import Callable

from suggest_helpers import quote_containing

from annotator.suggest import TextSuggestions

Suggest = Callable[[str], TextSuggestions]


def test_surname_without_accents_resolves_to_the_accented_full_name(suggest: Suggest) -> None:
    text = (
        "Prime Minister Zoltán Şahinoğlu visited the port on Monday.\n\n"
        "Sahinoglu said, “The new harbour will open next spring for every ship.”"
    )
    quote = quote_containing(text, suggest(text), "new harbour")
    assert quote.speaker_name == "Zoltán Şahinoğlu"


def test_person_in_apposition_to_a_role_phrase_is_the_speaker(suggest: Suggest) -> None:
    text = (
        "The director of the city museum, Clara Benton, said the collection would move "
        "to a larger building within two years."
    )
    quote = quote_containing(text, suggest(text), "collection would move")
    assert quote.speaker_name == "Clara Benton"
