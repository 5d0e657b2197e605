"""Speaker resolution (issue 17): whom a pronoun, a role, a document or a partly recognised name means."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from suggest_helpers import quote_containing, said

from annotator.suggest import PipelineInfo, TextSuggestions
from annotator.suggest.names import Names
from annotator.suggest.person_spans import mend_person_names
from annotator.suggest.quotes_layout import Layout
from annotator.suggest.quotes_names import _known_names, _listed
from annotator.suggest.speakers import entity_speaker, speaker_near, speaker_of
from annotator.suggest.subjects import subject_of

Suggest = Callable[[str], TextSuggestions]

# (case, text, words of the quote, speaker name)
RESOLVED = [
    (
        "he is the subject of the main clause, not of the clause inside it",
        "After a long night, Tomas Verhoeven accepted a coalition in which Lina Okonkwo became "
        "finance minister. “Nobody will split this government,” he declared.",
        "Nobody will split",
        "Tomas Verhoeven",
    ),
    (
        "a role is the person given it later when nobody had it before",
        "The governor said the dam would be repaired before the spring floods. "
        "Governor Ruth Abernathy visited the site on Tuesday with two engineers.",
        "dam would be repaired",
        "Ruth Abernathy",
    ),
    (
        "a deputy is not who the role means",
        "On Monday, Deputy Mayor Sarah Mitchell opened the new bridge. "
        "The mayor said the toll would be dropped next year. "
        "Mayor Piotr Lindqvist had promised a free crossing during the campaign.",
        "toll would be dropped",
        "Piotr Lindqvist",
    ),
    (
        "the statement speaks for who made it in a statement before",
        "On Friday Governor Martin Kessler, in a statement read by an aide, announced the schools "
        "would reopen. The statement also said buses would run on the usual timetable.",
        "buses would run",
        "Martin Kessler",
    ),
    (
        "the statement speaks for who released it",
        "The Alpine Rescue Federation released a statement on Sunday. "
        "The statement said the missing climbers had been found alive near the summit.",
        "missing climbers had been found",
        "Alpine Rescue Federation",
    ),
    (
        "a report named after an organisation's short form is the organisation's",
        "The World Meteorological Organization (WMO) met in Geneva last month. "
        "A WMO report concluded that the glaciers had lost a tenth of their ice in a decade.",
        "glaciers had lost",
        "World Meteorological Organization",
    ),
    (
        "a given name the recogniser left out of a surname it took for a place",
        "Speaking to reporters, a volunteer Om Sharma said, “We have been cooking for the whole street.”",
        "cooking for the whole street",
        "Om Sharma",
    ),
    (
        "a name the recogniser took for an organisation is a person when joined to a person's name",
        "The jury heard that Maria Ostrova met the guards Anselme Duroc and Nicolas Fabre at a bar. "
        "The guards disputed her account. Duroc denied any wrongdoing, but when shown Ostrova's letter "
        "he admitted the meeting had taken place.",
        "meeting had taken place",
        "Anselme Duroc",
    ),
    (
        "she is no one a title calls a man",
        "Clara Voss founded the company in 2001. Mr Jonas Albrecht, the chairman, opened the meeting "
        "on Monday. “We will not sell the factory,” she said.",
        "will not sell",
        "Clara Voss",
    ),
    (
        "she is no one a pronoun already called a man",
        "Clara Voss founded the company in 2001. Jonas Albrecht became its chairman last year. "
        "“We are growing,” he said. Jonas Albrecht opened the meeting on Monday. "
        "“We will not sell the factory,” she said.",
        "will not sell",
        "Clara Voss",
    ),
    (
        "the foreign minister is the foreign secretary, not the last minister named",
        "Ruritania's Foreign Secretary Elena Marsh met the envoy on Monday. "
        "Health Minister Olaf Brandt visited the hospital later that day. "
        "The foreign minister said the embassy would reopen in the spring.",
        "embassy would reopen",
        "Elena Marsh",
    ),
    (
        "they are the organisation named as subject just before",
        "The Harbour Workers Union criticised the plan on Thursday. They said the port must stay public.",
        "port must stay public",
        "Harbour Workers Union",
    ),
    (
        "a statement they released speaks for the organisation they are",
        "The Harbour Workers Union criticised the plan on Thursday. "
        "They released a statement which said, “The port must stay public.”",
        "port must stay public",
        "Harbour Workers Union",
    ),
    (
        "they are the two people who spoke just before",
        "Mayor Ann Lee and Governor Tom Park said the bridge would be rebuilt. "
        "They added that tolls would be dropped.",
        "tolls would be dropped",
        "Ann Lee and Tom Park",
    ),
    (
        "a pronoun joined to a name is both people",
        "Governor Tom Baker met the families on Monday. "
        "Both he and Mayor Ann Lee said the bridge would reopen within a month.",
        "bridge would reopen",
        "Tom Baker and Ann Lee",
    ),
    (
        "police ranks are titles, not names",
        "In Ontario, provincial police Detective Constable Mara Quinn stated that the prices had doubled.",
        "prices had doubled",
        "Mara Quinn",
    ),
    (
        "a court's decision speaks for the court",
        "The Ruritanian Supreme Court heard the appeal in March. "
        "The Supreme Court decision stated that the election had been lawful.",
        "election had been lawful",
        "Ruritanian Supreme Court",
    ),
    (
        "the police are the police a place name was given to",
        "The Kent police closed the coast road on Sunday. The police said the driver had fled on foot.",
        "driver had fled",
        "Kent police",
    ),
    (
        "a government with its own adjective is not the government named before",
        "The Ruritania government sent a letter on Monday. The Valdorian government said it would protest.",
        "would protest",
        "Valdorian government",
    ),
    (
        "he is no body of police",
        "Tom Reyes was arrested by the Kent police on Monday. The police said the arrest was lawful. "
        "“I did nothing wrong,” he said.",
        "did nothing wrong",
        "Tom Reyes",
    ),
    (
        "after 'according to', a thing someone owns speaks for its owner",
        "Turnout rose in every district, according to Ruritania Broadcasting's projections.",
        "Turnout rose",
        "Ruritania Broadcasting",
    ),
    (
        "after 'according to', a thing made by two bodies speaks for both",
        "According to estimates by Reuters and the BBC, the opposition won in nine of the ten regions.",
        "opposition won",
        "Reuters and BBC",
    ),
    (
        "a person's own role after 'according to' is someone else speaking",
        "Tomas Verhoeven was arrested on Monday. According to his lawyer, the charges will be dropped.",
        "charges will be dropped",
        "his lawyer",
    ),
    (
        "of two subjects after the cue, the person's name",
        "“The ice is thinning from below,” said study co-author Maria Lindqvist.",
        "ice is thinning",
        "Maria Lindqvist",
    ),
    (
        "'its' is the body named before",
        "The Harbour Safety Board is investigating the collision. "
        "Its website notes that the inquiry will take a year.",
        "inquiry will take a year",
        "Harbour Safety Board",
    ),
    (
        "the company is the body the article keeps naming",
        "Harbourline Energy (HLE) cut power to 4,000 homes on Monday. HLE crews worked overnight, and the "
        "Regional Energy Commission asked HLE for a report. The company said supply would return by Friday.",
        "supply would return",
        "Harbourline Energy",
    ),
    (
        "the publication is the one the article has been quoting",
        "Fjord Radio said the ferry had lost power. The Maritime Courier reported the crew had been "
        "rescued. The industry publication stated the ferry was twelve years old.",
        "ferry was twelve years old",
        "Maritime Courier",
    ),
    (
        "the hotel is the hotel named before",
        "A fire broke out at the Hotel Lindenhof Palace in Graz on Tuesday. "
        "The hotel said that all guests had been moved to another building.",
        "guests had been moved",
        "Hotel Lindenhof Palace",
    ),
    (
        "a campaign named after a person is the campaign",
        "Mayor Ingrid Halvorsen will not debate online. The Halvorsen campaign criticised the decision, "
        "accusing the council of “hiding from the voters.”",
        "hiding from the voters",
        "Halvorsen campaign",
    ),
    (
        "the professor who goes on is the person quoted just before",
        "“The ice is thinning from below,” said study co-author Maria Lindqvist. "
        "The Uppsala professor added, “We need to know more.”",
        "We need to know more",
        "Maria Lindqvist",
    ),
    (
        "the fire service and its statement are the service named before",
        "North Ruritania Fire and Rescue Service were called to the hall at nine. Appliances came from "
        "four towns, according to a fire service statement. The fire service indicated an investigation "
        "was underway.",
        "investigation was underway",
        "North Ruritania Fire and Rescue Service",
    ),
    (
        "a given name right after a run of titles",
        "Police Senior Superintendent Marta Lin Hoi-yan said at a press conference: "
        "“The officers were threatened.”",
        "officers were threatened",
        "Marta Lin Hoi-yan",
    ),
    (
        "a tweet sent from someone's account is theirs",
        "Ann Lindqvist spoke first. A tweet sent from Lindqvist's Twitter account during the debate "
        "repeated the promise, saying “My running mate will be a woman.”",
        "running mate will be a woman",
        "Ann Lindqvist",
    ),
    (
        "the government is the whole country's government named before",
        "The United States government charged him in May. The government suggested his debt was a factor.",
        "debt was a factor",
        "United States government",
    ),
    (
        "a number inside a name",
        "The Lost 52 Project announced on Sunday that the wreck was the remains of the submarine.",
        "wreck was the remains",
        "Lost 52 Project",
    ),
    (
        "a capitalised kind is the body of that kind named before",
        "The Ruritanian Department of Corrections runs the prison. The Department said that an inmate "
        "had been stabbed.",
        "inmate had been stabbed",
        "Ruritanian Department of Corrections",
    ),
    (
        "they are the body that spoke before its quoted sentences",
        "The Ruritanian Department of Corrections issued a statement: “There was an assault on Friday. "
        "He is in stable condition.” They also said they had identified the attacker.",
        "had identified the attacker",
        "Ruritanian Department of Corrections",
    ),
    (
        "letters after a name are no part of it, and a title before a name the recogniser took for "
        "a body makes it a person",
        "Judge Ruth Abernathy QC said the men had shown no remorse. "
        "Prosecutor Kama Lindqvist QC said the victims were “ripe and vulnerable”.",
        "victims were",
        "Kama Lindqvist",
    ),
    (
        "an occupation before a name at the start of a sentence",
        "Voter Kitty Mak said she had queued for an hour.",
        "queued for an hour",
        "Kitty Mak",
    ),
    (
        "the government of a place names itself",
        "The government of American Samoa said the issue should be decided by Congress.",
        "issue should be decided",
        "government of American Samoa",
    ),
    (
        "the government is the nation's government named before",
        "Several Iranian government officials have caught the virus. "
        "The government said that the schools would close.",
        "schools would close",
        "Iranian government",
    ),
    (
        "the opinion of the court speaks for the court named before",
        "The Supreme Court of Ruritania removed the governor on Wednesday. "
        "The opinion of the Court stated, “The oath was void.”",
        "oath was void",
        "Supreme Court of Ruritania",
    ),
    (
        "a memo posted by someone is theirs",
        "According to a memo posted online by Senator Ann Lee, the Senate cancelled the vote.",
        "Senate cancelled the vote",
        "Ann Lee",
    ),
    (
        "its press release is the body's the article keeps naming",
        "The NBA suspended its season on Wednesday. The NBA said a player had tested positive. "
        "According to its press release, the league will pause “until further notice.”",
        "league will pause",
        "NBA",
    ),
    (
        "the campaign is the campaign named before",
        "The Lindqvist campaign bought airtime in May. The campaign called the report false, saying "
        "it had “never met the man.”",
        "never met the man",
        "Lindqvist campaign",
    ),
    (
        "a story in a paper is the paper's",
        "On Monday, a New York Times story alleged that the senator had sold his shares early.",
        "senator had sold his shares",
        "New York Times",
    ),
    (
        "records named after an abbreviation are the body's",
        "According to FEC records, the campaign spent $2 million on advertising in May.",
        "campaign spent",
        "FEC",
    ),
    (
        "a study speaks for the person named as its author",
        "Professor Michael Oyelaran of Boston University, co-author of a new study published in the "
        "journal, described the results as striking. The study reports that gun ownership predicts suicide.",
        "gun ownership predicts suicide",
        "Michael Oyelaran",
    ),
    (
        "an office with a capital is a body, not a document, and keeps its name's possessive",
        "The Harlow County Sheriff's Office tweeted the road would stay closed until Friday.",
        "road would stay closed",
        "Harlow County Sheriff's Office",
    ),
    (
        "an 'and' inside a name joins no second speaker",
        "As of yesterday, Latvia's Institute of Epidemiology, Disease Control and Research (IEDCR) "
        "reported the number of cases had doubled.",
        "number of cases had doubled",
        "Institute of Epidemiology, Disease Control and Research",
    ),
    (
        "an occupation opening the sentence before a name is what 'the actress' means",
        "Actress Jane Dorsey is set to appear in the final season. "
        "The actress recalled her first season was the hardest of her career.",
        "her first season was the hardest",
        "Jane Dorsey",
    ),
    (
        "a noun 'named' someone is that person",
        'A university student named Wong said, "Even though the weather was so bad, we never back down."',
        "weather was so bad",
        "Wong",
    ),
    (
        "a body's advisory speaks for the body",
        "The National Weather Center (NWC) upgraded the storm on Monday. "
        "The NWC advisory indicated the winds were near 180 mph.",
        "winds were near 180 mph",
        "National Weather Center",
    ),
    (
        "excerpts from a book speak for its author",
        "Excerpts from Ann Morrow's book Tides revealed the mayor downplayed the flood in February.",
        "mayor downplayed the flood",
        "Ann Morrow",
    ),
    (
        "a speech someone delivered speaks for them",
        'The next day, President Oskar Pellet delivered a speech declaring himself the "president of order."',
        "president of order",
        "Oskar Pellet",
    ),
    (
        "a platform before a name is no part of it",
        "Amy Morrow spoke at a rally in Charleston. The next day on Twitter Morrow accused her husband of "
        'attempting to "lock me up" due to her comments.',
        "lock me up",
        "Amy Morrow",
    ),
    (
        "a name the recogniser took for a body, in apposition to a title's place, is a person",
        "The current president of Namibia, Hage Geingob, expressed his sadness. "
        'Geingob tweeted, "I announce with sadness the passing of my comrade."',
        "passing of my comrade",
        "Hage Geingob",
    ),
    (
        "a titled person's campaign is the campaign by their surname",
        "Amy Morrow lost the primary. "
        "Senator Morrow's campaign said she was ending her presidential bid today.",
        "ending her presidential bid",
        "Morrow campaign",
    ),
    (
        "a person's administration is named as 'the Trump administration' is",
        "Donald Trump spoke on Monday. Trump's administration said the tariffs would stay.",
        "tariffs would stay",
        "Trump administration",
    ),
    (
        "a person's department is the department",
        'Donald Trump said so. Trump\'s State Department asked for any "external party" to stay out of it.',
        "external party",
        "State Department",
    ),
    (
        "what a news agency is comes after its name and is no part of it",
        "According to the Associated Press news agency, the delegates are not to be bound to any candidate.",
        "delegates are not to be bound",
        "Associated Press",
    ),
    (
        "an abbreviation in capitals is no pronoun",
        "The World Health Organization (WHO) met on Monday. "
        "WHO said they are uncertain whether the virus spreads before symptoms show.",
        "uncertain whether the virus spreads",
        "World Health Organization",
    ),
]


@pytest.mark.parametrize(("text", "words", "name"), [r[1:] for r in RESOLVED], ids=[r[0] for r in RESOLVED])
def test_speaker_is_whom_the_mention_means(suggest: Suggest, text: str, words: str, name: str) -> None:
    assert quote_containing(text, suggest(text), words).speaker_name == name


def test_an_abbreviation_taken_into_the_name_still_stands_for_it(pipeline: PipelineInfo) -> None:
    text = "The Ocean Survey Board (OSB) met on Monday. The OSB said the reef was recovering."
    doc = pipeline.nlp(text)
    start = text.index("Ocean")
    doc.set_ents([doc.char_span(start, text.index(")"), label="ORG")], default="unmodified")
    names = _known_names(Layout(doc))
    assert names.full_name("OSB", text.rindex("OSB")) == "Ocean Survey Board"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The fire started before dawn, according to firefighters, who said the alarm had failed twice.",
            "firefighters",
        ),
        (
            "The ferry sank in calm water, according to the coast guard, who said the crew had been rescued.",
            "the coast guard",
        ),
        (
            "The ferry sank, according to a spokesman for the ministry, who said the crew had been rescued.",
            "a spokesman",
        ),
    ],
    ids=[
        "relative clause parsed as a conjunct",
        "relative clause hung on the wrong noun",
        "relative clause after a phrase with a preposition",
    ],
)
def test_who_said_is_the_noun_before_who(suggest: Suggest, text: str, speaker: str) -> None:
    quote = quote_containing(text, suggest(text), "had")
    assert said(text, quote.speaker) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('The strike was described as "a disgrace" by the transport minister.', "the transport minister"),
        (
            'The outbreak was previously announced to be a "pandemic" by the Global Health Council (GHC).',
            "the Global Health Council",
        ),
    ],
    ids=["by after the quoted words", "by after a nested infinitive"],
)
def test_a_late_by_names_who_spoke_in_a_passive_clause(suggest: Suggest, text: str, speaker: str) -> None:
    quote = suggest(text).quotes[0]
    assert said(text, quote.speaker) == speaker


def test_a_by_inside_the_quoted_words_names_no_one(suggest: Suggest) -> None:
    text = 'The new law was described as "a step back by decades" in the debate.'
    assert said(text, suggest(text).quotes[0].speaker) == "The new law"


def test_an_organisation_ends_before_the_bracket_the_recogniser_took_in(pipeline: PipelineInfo) -> None:
    text = "The Ocean Survey Board (OSB said the reef was recovering."
    doc = pipeline.nlp(text)
    doc.set_ents([doc.char_span(text.index("Ocean"), text.index(" said"), label="ORG")], default="unmodified")
    assert entity_speaker(doc[3]).text == "Ocean Survey Board"


def test_any_capitalised_word_of_a_longer_name_finds_it() -> None:
    names = Names()
    names.add_person(0, "Ricarda Montes Olivar")
    assert names.full_name("Montes", 100) == "Ricarda Montes Olivar"
    assert names.full_name("Montes Olivar", 100) == "Ricarda Montes Olivar"


def test_three_capitalised_words_the_recogniser_missed_are_one_name(pipeline: PipelineInfo) -> None:
    text = "Sunday, May 3, 2020\n\nRicarda Montes Olivar, the region's governor, resigned on Friday."
    doc = pipeline.nlp(text)
    doc.set_ents([], default="outside")
    assert _known_names(Layout(doc)).full_name("Montes", len(text)) == "Ricarda Montes Olivar"


def test_a_name_taken_for_an_organisation_is_a_person_with_a_title_in_apposition(
    pipeline: PipelineInfo,
) -> None:
    text = "The governor will be replaced by Lucia Ferrer Campos, the Secretary of Justice."
    doc = pipeline.nlp(text)
    name = doc.char_span(text.index("Lucia"), text.index(","), label="ORG")
    doc.set_ents([name], default="outside")
    assert _known_names(Layout(doc)).full_name("Ferrer", len(text)) == "Lucia Ferrer Campos"


def test_a_preposition_and_a_date_before_a_name_are_not_part_of_it(pipeline: PipelineInfo) -> None:
    doc = pipeline.nlp("On Friday Halvorsen Shipping Company announced the harbour would close.")
    cue = next(t for t in doc if t.text == "announced")
    speaker = speaker_near(doc, cue, 0, len(doc))
    assert speaker is not None and speaker.text == "Halvorsen Shipping Company"


def test_a_name_after_a_title_is_a_person_though_taken_for_an_organisation(pipeline: PipelineInfo) -> None:
    text = "Detective Sergeant Lena Hartmann stated that the border closure raised prices."
    doc = pipeline.nlp(text)
    doc.set_ents([doc.char_span(0, text.index(" stated"), label="ORG")], default="outside")
    assert _known_names(Layout(doc)).person_before(len(text), "she") == "Lena Hartmann"


def test_an_organisations_abbreviation_is_no_one_a_pronoun_means(pipeline: PipelineInfo) -> None:
    text = (
        "Mayor Ann Lee visited the town on Monday. "
        "The troops are there to fight the Northern Liberation Front (NLF). "
        "Asked about the plan, she said the town was safe."
    )
    names = _known_names(Layout(pipeline.nlp(text)))
    assert names.short_form("NLF") == "Northern Liberation Front"
    assert names.person_before(text.index("she said"), "she") == "Ann Lee"


def test_a_by_inside_the_reported_clause_is_not_the_agent(pipeline: PipelineInfo) -> None:
    doc = pipeline.nlp("She was told the fire had been started by a cigarette.")
    told = next(t for t in doc if t.text == "told")
    subject = subject_of(told)
    assert subject is not None and subject.text == "She"


def test_a_plural_role_before_two_names_is_no_role_of_one(suggest: Suggest) -> None:
    text = (
        "The court heard that the guards Anselme Duroc and Nicolas Fabre met the witness at a bar. "
        "Both guards said they would appeal the verdict."
    )
    assert quote_containing(text, suggest(text), "would appeal").speaker_name != "Anselme Duroc"


def test_the_company_is_no_body_named_once(suggest: Suggest) -> None:
    text = "Harbourline Energy cut power to 4,000 homes on Monday. The company said supply would return."
    assert quote_containing(text, suggest(text), "supply would return").speaker_name == "company"


def test_a_body_named_after_its_country_is_not_the_country(suggest: Suggest) -> None:
    text = "According to the U.S. embassy in Vienna, the detained man was released on Monday."
    assert quote_containing(text, suggest(text), "man was released").speaker_name == "U.S. embassy"


def test_a_name_in_apposition_to_a_title_is_a_person_the_recogniser_missed(pipeline: PipelineInfo) -> None:
    text = "“He was brilliant,” said University of Ruritania, East Campus's chancellor, Tomas Pradeepan."
    doc = pipeline.nlp(text)
    doc.set_ents([], default="outside")
    said = next(t for t in doc if t.text == "said")
    subject = subject_of(said)
    assert subject is not None and speaker_of(subject).text == "Tomas Pradeepan"


def test_a_name_before_a_role_is_whose_the_role_is_not_who_speaks(pipeline: PipelineInfo) -> None:
    doc = pipeline.nlp("A Halvorsen spokesman said the mayor would not attend.")
    doc.set_ents([doc.char_span(2, 11, label="PERSON")], default="outside")
    said = next(t for t in doc if t.text == "said")
    subject = subject_of(said)
    assert subject is not None and speaker_of(subject).text == "A Halvorsen spokesman"


def test_a_body_the_recogniser_missed_is_what_its_kind_means(pipeline: PipelineInfo) -> None:
    text = (
        "North Ruritania Fire and Rescue Service were called to the hall at nine. "
        "The service said the roof had collapsed."
    )
    doc = pipeline.nlp(text)
    doc.set_ents([], default="outside")
    names = _known_names(Layout(doc))
    assert names.by_role("service", text.index("The service")) == "North Ruritania Fire and Rescue Service"


def test_without_a_parse_the_person_before_an_aside_ending_at_the_cue_speaks(pipeline: PipelineInfo) -> None:
    text = "On Twitter, Ann Lee, sport columnist from ESPN, said the game was off."
    doc = pipeline.nlp(text)
    doc.set_ents(
        [
            doc.char_span(12, 19, label="PERSON"),
            doc.char_span(text.index("ESPN"), text.index(", said"), label="ORG"),
        ],
        default="outside",
    )
    said = next(t for t in doc if t.text == "said")
    speaker = speaker_near(doc, said, 0, len(doc))
    assert speaker is not None and speaker.text == "Ann Lee"


@pytest.mark.parametrize(
    ("phrase", "spoken"), [("The city of Harlow", "The city of Harlow"), ("The mayor of Harlow", "The mayor")]
)
def test_a_bodys_of_and_its_name_belong_to_it_but_not_a_roles(
    pipeline: PipelineInfo, phrase: str, spoken: str
) -> None:
    text = f"{phrase} announced on Twitter the aviation authority would investigate the crash."
    doc = pipeline.nlp(text)
    doc.set_ents(
        [doc.char_span(text.index("Harlow"), text.index(" announced"), label="GPE")], default="outside"
    )
    announced = next(t for t in doc if t.text == "announced")
    subject = subject_of(announced)
    assert subject is not None and speaker_of(subject).text == spoken


def test_a_caption_run_into_a_name_is_cut_off(pipeline: PipelineInfo) -> None:
    doc = pipeline.nlp("Tom Tancredo Image said the vote would be close.")
    doc.set_ents([doc.char_span(0, 18, label="PERSON")], default="outside")
    mend_person_names(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Tom Tancredo", "PERSON")]


def test_speakers_are_named_as_a_list_is_written() -> None:
    assert _listed(["Ann Lee", "Tom Park"]) == "Ann Lee and Tom Park"
    assert _listed(["Ann Lee", "Tom Park", "Eva Kim"]) == "Ann Lee, Tom Park and Eva Kim"
