"""Indirect speech the parser hangs oddly: each rule of the reported-speech pass on a sentence of its own."""

from __future__ import annotations

from collections.abc import Callable

from suggest_helpers import quote_containing, said

from annotator.suggest import TextSuggestions

Suggest = Callable[[str], TextSuggestions]


def test_complement_before_a_colon_and_quote_is_kept_apart_from_the_quote(suggest: Suggest) -> None:
    text = (
        'A port spokeswoman, Ida Marsh, indicated the ferry was delayed by the storm: "We hope '
        'to sail tomorrow," she said, "if the wind drops."'
    )
    quote = quote_containing(text, suggest(text), "ferry was delayed")
    assert (quote.type, text[quote.start : quote.end]) == ("indirect", "the ferry was delayed by the storm")
    assert said(text, quote.cue) == "indicated"


def test_attribution_interrupting_the_clause_splits_it_in_two_parts(suggest: Suggest) -> None:
    text = "The new bridge, the mayor said, will open in May."
    quote = quote_containing(text, suggest(text), "will open")
    assert [text[s:e] for s, e in quote.parts] == ["The new bridge", "will open in May"]
    assert (quote.type, said(text, quote.cue), said(text, quote.speaker)) == ("indirect", "said", "the mayor")


def test_inverted_attribution_by_a_document_splits_the_clause(suggest: Suggest) -> None:
    text = "Since the dam holds less water each year, reads the report, the valley farms face a dry summer."
    quote = quote_containing(text, suggest(text), "dry summer")
    assert [text[s:e] for s, e in quote.parts] == [
        "Since the dam holds less water each year",
        "the valley farms face a dry summer",
    ]
    assert (said(text, quote.cue), said(text, quote.speaker)) == ("reads", "the report")


def test_relative_pronoun_before_an_interrupting_attribution_is_left_out(suggest: Suggest) -> None:
    text = "The harbour will close for a week, which, the council said, local fishermen have accepted."
    quote = quote_containing(text, suggest(text), "fishermen")
    assert [text[s:e] for s, e in quote.parts] == ["local fishermen have accepted"]


def test_clause_after_a_semicolon_is_not_the_first_verbs_complement(suggest: Suggest) -> None:
    text = (
        "Police said the driver showed signs of fatigue and was thought to be asleep; "
        "his crash, they reported, was officially recorded as an accident."
    )
    result = suggest(text)
    assert text[slice(*quote_containing(text, result, "fatigue").parts[-1])].endswith("to be asleep")
    crash = quote_containing(text, result, "his crash")
    assert [text[s:e] for s, e in crash.parts] == ["his crash", "was officially recorded as an accident"]
    assert said(text, crash.cue) == "reported"


def test_interrupted_clause_starts_after_a_semicolon(suggest: Suggest) -> None:
    text = "Ms Lee said the school had closed; its pupils, she said, were moved to a church hall."
    quote = quote_containing(text, suggest(text), "pupils")
    assert [text[s:e] for s, e in quote.parts] == ["its pupils", "were moved to a church hall"]


def test_subject_taken_for_the_object_of_the_speech_verb_opens_the_clause(suggest: Suggest) -> None:
    text = "The union has repeatedly maintained a strike is what the workers are already planning."
    quote = quote_containing(text, suggest(text), "strike")
    assert text[quote.start : quote.end] == "a strike is what the workers are already planning"
    assert said(text, quote.cue) == "maintained"


def test_subject_with_a_phrase_in_commas_before_a_modal_opens_the_clause(suggest: Suggest) -> None:
    text = "The engineers suggested the cracks, like the rust, might weaken the bridge over time."
    quote = quote_containing(text, suggest(text), "bridge")
    assert text[quote.start : quote.end] == "the cracks, like the rust, might weaken the bridge over time"


def test_participle_after_the_object_reports_nothing(suggest: Suggest) -> None:
    text = "The city announced a full closure of the market, beyond the closure first announced in May."
    assert suggest(text).quotes == []


def test_clause_with_its_own_subject_after_an_adverbial_phrase_is_reported(suggest: Suggest) -> None:
    text = "In an interview with the Herald, he said as a child he was taken from his parents by the state."
    quote = quote_containing(text, suggest(text), "taken from")
    assert text[quote.start : quote.end] == "as a child he was taken from his parents by the state"


def test_clause_opened_by_a_conjunction_is_not_what_was_said(suggest: Suggest) -> None:
    text = "He answered the questions before the guards took him away."
    assert suggest(text).quotes == []


def test_rulings_and_provisions_report_their_clause(suggest: Suggest) -> None:
    for text, cue, clause in [
        ("The judge ruled the new parking fees broke city law.", "ruled", "parking fees broke city law"),
        ("The treaty specifies that ships are inspected twice a year.", "specifies", "ships are inspected"),
        ("The panel decided the race would be run again.", "decided", "the race would be run again"),
    ]:
        quote = quote_containing(text, suggest(text), clause)
        assert (quote.type, said(text, quote.cue)) == ("indirect", cue)


def test_ruling_or_deciding_without_a_clause_reports_nothing(suggest: Suggest) -> None:
    for text in ["The king ruled the country for forty years.", "The council decided to close the pool."]:
        assert suggest(text).quotes == []


def test_subject_before_an_aside_in_commas_opens_the_clause(suggest: Suggest) -> None:
    for text, clause in [
        (
            "Residents have claimed the mayor, especially, amongst other local officials, is quietly "
            "ignoring their complaints.",
            "the mayor, especially, amongst other local officials, is quietly ignoring their complaints",
        ),
        (
            "The newspaper yesterday suggested theft, perhaps to sell the copper, is now the likeliest "
            "cause.",
            "theft, perhaps to sell the copper, is now the likeliest cause",
        ),
    ]:
        quote = quote_containing(text, suggest(text), "is ")
        assert text[quote.start : quote.end] == clause


def test_aside_holding_a_clause_of_its_own_leaves_the_object_alone(suggest: Suggest) -> None:
    text = "The board announced the merger, which cost millions, and is now hiring."
    assert all("merger" not in text[q.start : q.end] for q in suggest(text).quotes)


def test_according_to_a_place_title_and_name_is_the_named_person_s(suggest: Suggest) -> None:
    text = "The crash is under way.\n\nAccording to Texas Senator Ann Whitfield, the plane is one of ten."
    (quote,) = suggest(text).quotes
    assert text[quote.start : quote.end] == "the plane is one of ten"
    assert quote.speaker_name == "Ann Whitfield"


def test_a_speaker_with_a_verb_of_her_own_wins_over_according_to(suggest: Suggest) -> None:
    text = "Minister Wanda Ortiz has expressed she is not interested in the office, according to Reuters."
    (quote,) = suggest(text).quotes
    assert (said(text, quote.cue), quote.speaker_name) == ("expressed", "Wanda Ortiz")
