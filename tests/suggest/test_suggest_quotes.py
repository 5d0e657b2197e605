"""Quotes suggested by the default pipeline: each kind of quote, its cue, speaker and resolved name."""

from __future__ import annotations

from collections.abc import Callable

from suggest_helpers import covered, quote_containing, said

from annotator.suggest import TextSuggestions

Suggest = Callable[[str], TextSuggestions]
Article = tuple[str, TextSuggestions]


def test_direct_quote_has_cue_and_speaker_after_it(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "We cannot keep asking people")
    assert quote.type == "direct"
    assert said(text, quote.cue) == "told"
    assert said(text, quote.speaker) == "Okafor"
    assert text[quote.start : quote.end].startswith("We cannot")
    # “X,” Okafor told reporters. “Y.”: the quote goes on after its attribution, one quote in two parts
    assert [text[s:e][-9:] for s, e in quote.parts] == ["t century", "listened."]


def test_surname_resolves_to_full_name_mentioned_earlier(bridge: Article) -> None:
    text, result = bridge
    assert quote_containing(text, result, "We cannot keep").speaker_name == "Helen Okafor"
    assert quote_containing(text, result, "detailed timetable").speaker_name == "David Brennan"


def test_quote_split_by_its_attribution_is_one_quote_with_two_parts(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "This is not a luxury")
    assert [text[s:e] for s, e in quote.parts] == [
        "This is not a luxury",
        "it is the least we owe the people who cross it every day.",
    ]
    assert (quote.start, quote.end) == (quote.parts[0][0], quote.parts[1][1])
    assert said(text, quote.cue) == "said"


def test_pronoun_speaker_resolves_to_the_person_named_before(bridge: Article) -> None:
    text, result = bridge
    split = quote_containing(text, result, "This is not a luxury")
    assert (said(text, split.speaker), split.speaker_name) == ("she", "Helen Okafor")
    roadworks = quote_containing(text, result, "Nobody likes roadworks")
    assert (said(text, roadworks.speaker), roadworks.speaker_name) == ("he", "David Brennan")
    short = quote_containing(text, result, "about time")
    assert short.speaker_name == "Amira Haddad"


def test_inverted_attribution_with_appositive_names_the_speaker(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "always supported the project")
    assert said(text, quote.speaker) == "David Brennan"
    assert said(text, quote.cue) == "said"


def test_quote_running_over_two_paragraphs_is_one_quote(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "begin in the spring")
    # “X,” said Brennan. “Y ¶ “Z.”: continued after its attribution, then over the paragraph break
    assert [text[s:e][:9] for s, e in quote.parts] == ["The minis", "We expect", "Traffic w"]
    assert "\n" in text[quote.start : quote.end]
    assert quote.speaker_name == "David Brennan"


SPOKESMAN = (
    "“The ministry has always supported the project,” said David Brennan, a spokesman.\n\n"
    "“We expect the work to begin in the spring.”"
)


def test_unattributed_quote_paragraph_inherits_the_previous_speaker(suggest: Suggest) -> None:
    attributed, inherited = suggest(SPOKESMAN).quotes
    assert attributed.speaker_name == inherited.speaker_name == "David Brennan"
    assert inherited.cue is None
    assert 0 < inherited.confidence < attributed.confidence <= 1


def test_indirect_quote_is_the_clausal_complement_of_a_speech_verb(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "the repairs were overdue")
    assert quote.type == "indirect"
    assert text[quote.start : quote.end].startswith("the repairs were overdue")
    assert said(text, quote.cue) == "said"
    assert quote.speaker_name == "Helen Okafor"


def test_organisation_can_be_the_speaker(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "cover half of the cost")
    assert said(text, quote.speaker) == "The transport ministry"
    assert quote.speaker_name == "transport ministry"


def test_reported_speech_with_quoted_fragment_is_mixed(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "budget was unrealistic")
    assert quote.type == "mixed"
    assert "a fantasy dressed up as a spreadsheet" in text[quote.start : quote.end]
    assert said(text, quote.cue) == "warned"
    assert quote.speaker_name == "Mark Ruiz"


def test_according_to_names_the_source(bridge: Article) -> None:
    text, result = bridge
    quote = quote_containing(text, result, "similar projects have run")
    assert said(text, quote.cue) == "According to"
    assert said(text, quote.speaker) == "the council's own auditors"
    assert text[quote.start : quote.end] == "similar projects have run 30 per cent over budget"


def test_scare_quotes_and_titles_are_not_quotes(bridge: Article) -> None:
    text, result = bridge
    assert not covered(text, result, "the Rattler")
    assert not covered(text, result, "Bridges for Tomorrow")


def test_short_quoted_term_without_a_cue_is_not_a_quote(suggest: Suggest) -> None:
    text = 'The so-called "peace dividend" never arrived, and the "reform" stalled in committee.'
    assert suggest(text).quotes == []


def test_negated_speech_verb_reports_nothing(suggest: Suggest) -> None:
    assert suggest("The ministry did not say whether the talks would resume next week.").quotes == []


def test_straight_double_quotes_with_inverted_speaker_and_title(suggest: Suggest) -> None:
    text = '"We will not back down until the contract is signed," said union leader Maria Lopez.'
    (quote,) = suggest(text).quotes
    assert quote.type == "direct"
    assert said(text, quote.speaker) == "Maria Lopez"


def test_guillemets_after_a_colon_quote_the_subject(suggest: Suggest) -> None:
    text = "The minister said: «We have done everything we could for these families.»"
    (quote,) = suggest(text).quotes
    assert quote.type == "direct"
    assert said(text, quote.cue) == "said"
    assert said(text, quote.speaker) == "The minister"


def test_single_quotes_with_apostrophe_inside(suggest: Suggest) -> None:
    text = "Anna Berg was blunt after the match. ‘We didn’t deserve to win today,’ she said."
    (quote,) = suggest(text).quotes
    assert text[quote.start : quote.end] == "We didn’t deserve to win today"
    assert quote.speaker_name == "Anna Berg"


def test_told_with_that_clause_is_indirect(suggest: Suggest) -> None:
    text = "Police told reporters that the suspect had fled the city before dawn."
    (quote,) = suggest(text).quotes
    assert quote.type == "indirect"
    assert text[quote.start : quote.end] == "the suspect had fled the city before dawn"
    assert said(text, quote.speaker) == "Police"


def test_pronoun_with_no_person_before_it_stays_unresolved(suggest: Suggest) -> None:
    text = "“The results speak for themselves and we are proud of them,” she said."
    (quote,) = suggest(text).quotes
    assert said(text, quote.speaker) == "she"
    assert quote.speaker_name is None


def test_full_sentence_quoted_after_said_and_a_time_is_direct(suggest: Suggest) -> None:
    text = 'The governor said on Friday "We will open the schools again in March. Parents can plan for it."'
    (quote,) = suggest(text).quotes
    assert quote.type == "direct"
    assert (said(text, quote.cue), said(text, quote.speaker)) == ("said", "The governor")


def test_according_to_in_mid_sentence_attributes_the_main_clause(suggest: Suggest) -> None:
    text = "On Sunday in Leeds, according to police and witnesses, a lorry crashed into a bus shelter."
    (quote,) = suggest(text).quotes
    assert text[quote.start : quote.end] == "a lorry crashed into a bus shelter"
    assert said(text, quote.speaker) == "police"


def test_adverbial_clause_before_a_speech_verb_is_not_reported_speech(suggest: Suggest) -> None:
    text = "While most agreed that the season was long, coach Paul Grant stressed the need for rest."
    quotes = suggest(text).quotes
    assert all(said(text, q.cue) != "stressed" and q.speaker_name != "Paul Grant" for q in quotes)


def test_passive_speech_verb_takes_the_agent_as_speaker(suggest: Suggest) -> None:
    text = "The harbour was described by the Port Authority as “unsafe for any vessel after dark”."
    (quote,) = suggest(text).quotes
    assert quote.type == "direct"  # a quoted object of the cue, not a reported clause
    assert said(text, quote.speaker) == "the Port Authority"


def test_title_after_a_speech_verb_is_not_a_quote(suggest: Suggest) -> None:
    text = "The banners mentioned “National Science Week Celebration” in large letters."
    assert suggest(text).quotes == []


def test_quote_after_a_colon_belongs_to_the_subject_of_any_verb(suggest: Suggest) -> None:
    text = "Coach Maria Vance praised her players on Sunday: “They never stopped running, not for a minute.”"
    (quote,) = suggest(text).quotes
    assert said(text, quote.cue) == "praised"
    assert quote.speaker_name == "Maria Vance"


def test_cited_as_saying_makes_the_cited_person_the_speaker(suggest: Suggest) -> None:
    text = "The agency cited Inspector Tom Reyes as saying the suspects had links to a local gang."
    (quote,) = suggest(text).quotes
    assert quote.type == "indirect"
    assert quote.speaker_name == "Tom Reyes"


def test_attribution_on_the_line_before_a_wrapped_quote(suggest: Suggest) -> None:
    text = "At the hearing, chair Ruth Okoye commented:\n“The budget is not\nrealistic at all.”\n\nLater."
    (quote,) = suggest(text).quotes
    assert (said(text, quote.cue), quote.speaker_name) == ("commented", "Ruth Okoye")


def test_role_noun_resolves_to_the_person_given_that_role_before(suggest: Suggest) -> None:
    text = (
        "Mayor Ann Lee opened the new library on Monday.\n\n"
        "“Every child in this city deserves a quiet place to read,” the mayor said."
    )
    (quote,) = suggest(text).quotes
    assert said(text, quote.speaker) == "the mayor"
    assert quote.speaker_name == "Ann Lee"


def test_attribution_introducing_the_quote_wins_over_a_participle_after_it(suggest: Suggest) -> None:
    text = "Director Sam Reid wrote of his star, “I knew then that she was special”, recalling their meeting."
    (quote,) = suggest(text).quotes
    assert (said(text, quote.cue), quote.speaker_name) == ("wrote", "Sam Reid")


def test_first_person_reported_speech_is_not_a_quote(suggest: Suggest) -> None:
    text = "Asked about the law, he answered at length. I always say the rules should be simple, he added."
    assert all(said(text, q.speaker) != "I" for q in suggest(text).quotes)


def test_windows_line_endings_give_the_same_quotes(suggest: Suggest, bridge: Article) -> None:
    text, result = bridge
    crlf = text.replace("\n", "\r\n")
    found = suggest(crlf)
    assert [crlf[q.start : q.end].replace("\r\n", "\n") for q in found.quotes] == [
        text[q.start : q.end] for q in result.quotes
    ]
    assert [q.speaker_name for q in found.quotes] == [q.speaker_name for q in result.quotes]


def test_attribution_paragraph_ending_in_a_colon_introduces_the_next_quote(suggest: Suggest) -> None:
    text = "Chief engineer Lina Park told the inquiry:\n\n“The cables were never inspected after the flood.”"
    (quote,) = suggest(text).quotes
    assert (said(text, quote.cue), quote.speaker_name) == ("told", "Lina Park")


def test_pronoun_prefers_the_subject_over_a_possessive_in_the_sentence_before(suggest: Suggest) -> None:
    text = (
        "Maria Lopez spoke after the vote. Lopez called Tom Baker's budget a good start. "
        "She explained, “We will still need more money for the schools next year.”"
    )
    quote = next(q for q in suggest(text).quotes if q.type == "direct")
    assert (said(text, quote.speaker), quote.speaker_name) == ("She", "Maria Lopez")


def test_quote_going_on_after_a_full_stop_attribution_is_one_quote(suggest: Suggest) -> None:
    text = '"It was a hard game out there", Radmall said. "We are sore after that one."'
    (quote,) = suggest(text).quotes
    assert [text[s:e] for s, e in quote.parts] == [
        "It was a hard game out there",
        "We are sore after that one.",
    ]
    assert said(text, quote.speaker) == "Radmall"


def test_a_new_sentence_after_a_quote_ending_in_a_full_stop_starts_a_new_quote(suggest: Suggest) -> None:
    text = '"The game is over." Radmall said. "We are sore after that one."'
    assert len(suggest(text).quotes) == 2


def test_according_to_a_document_after_the_quote_names_who_issued_it(suggest: Suggest) -> None:
    text = (
        "The ban follows months of pressure.\n\n"
        '"The airline carries weapons across the region," according to a tweet on Monday by '
        "Foreign Minister Ana Ruiz."
    )
    (quote,) = suggest(text).quotes
    assert quote.speaker_name == "Ana Ruiz"


def test_part_of_a_statement_speaks_for_whoever_made_it(suggest: Suggest) -> None:
    text = (
        "Judge Tomas Reyes ruled on Friday. Part of the judge's statement reads "
        '"the rule cannot stand in its present form."'
    )
    (quote,) = suggest(text).quotes
    assert (said(text, quote.speaker), quote.speaker_name) == ("the judge", "Tomas Reyes")


def test_the_government_is_the_government_of_the_country_named_before(suggest: Suggest) -> None:
    text = (
        "The government of New Zealand closed the schools on Monday.\n\n"
        "The government said 40 teams took part. The government statement added that the schools would open."
    )
    assert [q.speaker_name for q in suggest(text).quotes] == ["government of New Zealand"] * 2


def test_a_statement_from_someone_issued_by_another_is_theirs(suggest: Suggest) -> None:
    text = 'King Harald spoke on Monday. The palace issued the following statement from the king: "We mourn."'
    (quote,) = suggest(text).quotes
    assert quote.speaker_name == "King Harald"


def test_they_after_an_organisation_that_spoke_means_it(suggest: Suggest) -> None:
    text = (
        "The Lena Park Animal Foundation was founded in 1978.\n\n"
        "Park's animal foundation said she had been in good health. Park, they said, wanted no memorial."
    )
    quotes = suggest(text).quotes
    assert [q.speaker_name for q in quotes] == ["Lena Park Animal Foundation"] * 2


def test_a_hyphenated_given_name_stays_in_the_speaker_s_name(suggest: Suggest) -> None:
    text = '"Our coating repels water," study co-author Tak-Sing Wong said in a press release.'
    (quote,) = suggest(text).quotes
    assert quote.speaker_name == "Tak-Sing Wong"


def test_his_family_and_the_family_are_the_family_of_the_man_named_before(suggest: Suggest) -> None:
    text = (
        "Radio host Don Imus, known to fans as the I-Man, died on Friday, his family reported.\n\n"
        "The family said they planned a private funeral."
    )
    assert [q.speaker_name for q in suggest(text).quotes] == ["Imus family", "Imus family"]


def test_the_police_is_the_whole_name_of_the_force_named_before(suggest: Suggest) -> None:
    text = (
        "Thames Valley Police said they arrested two men on Monday.\n\n"
        "Police said on Tuesday the theft involved several vehicles."
    )
    assert [q.speaker_name for q in suggest(text).quotes] == ["Thames Valley Police"] * 2


def test_records_speak_for_whoever_keeps_them(suggest: Suggest) -> None:
    text = "The plane was built in 1944, according to Federal Aviation Administration records."
    (quote,) = suggest(text).quotes
    assert quote.speaker_name == "Federal Aviation Administration"
