"""Split a quote at the cursor and join two quotes, as a script does it: asserted on the project file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.actions.change import Refused
from annotator.actions.edits import apply_all
from annotator.actions.history import past_actions
from annotator.actions.perform import perform
from annotator.store import Project
from tests.texts import offset

# Written for these tests: a quote split by its speaker and cue, a second quote in the same paragraph,
# and a third one in the next paragraph.
TEXT = (
    "“We will rebuild the harbour,” said Mayor Ana Ruiz, “and the port will reopen soon.” "
    "Li Wei called the plan “rushed and far too expensive for the town.”\n"
    "Others said “it is about time.”"
)
MAYOR, RUIZ, SAID, LI_WEI_QUOTE, CALLED, OTHERS = 1, 2, 3, 4, 5, 6


def at(fragment: str) -> tuple[int, int]:
    return offset(TEXT, fragment)


@pytest.fixture
def quotes(tmp_path: Path) -> Path:
    """The mayor's two-part quote (speaker and cue), Li Wei's quote (a cue), a quote in paragraph two."""
    path = tmp_path / "quotes.annotator"
    with Project.open(path, annotator="maker") as project:
        document_id, _ = project.add_document(TEXT)
        first, second = at("“We will rebuild the harbour,”"), at("“and the port will reopen soon.”")
        mayor = project.add_span(document_id, first[0], second[1], "QUOTE", kind="quote",
                                 attributes={"type": "direct", "speaker_name": "Ana Ruiz",
                                             "parts": [list(first), list(second)]})  # fmt: skip
        ruiz = project.add_span(document_id, *at("Ana Ruiz"), "PERSON")
        said = project.add_span(document_id, *at("said"), "CUE", kind="cue")
        project.set_relation(mayor.id, "SPEAKER", ruiz.id)
        project.set_relation(mayor.id, "CUE", said.id)
        li = project.add_span(document_id, *at("“rushed and far too expensive for the town.”"), "QUOTE",
                              kind="quote", attributes={"type": "indirect"})  # fmt: skip
        called = project.add_span(document_id, *at("called"), "CUE", kind="cue")
        project.set_relation(li.id, "CUE", called.id)
        project.add_span(document_id, *at("“it is about time.”"), "QUOTE", kind="quote")
    return path


def quote_texts(project: Project) -> list[str]:
    return [TEXT[s.start : s.end] for s in sorted(project.spans(1, kind="quote"), key=lambda s: s.start)]


def links(project: Project) -> set[tuple[str, str, str]]:
    spans = {s.id: TEXT[s.start : s.end] for s in project.spans(1)}
    return {(spans[r.head_id], r.label, spans[r.child_id]) for r in project.relations(1)}


def content(project: Project) -> dict[int, dict]:
    """Every span as stored, less who touched it last."""
    return {s.id: {**s.as_dict(), "annotator": None} for s in project.spans(1)}


def test_split_between_parts_gives_two_quotes_that_keep_speaker_and_cue(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        events_before = len(project.events())
        change = perform(project, 1, "split_quote", span=MAYOR, caret=TEXT.index(" said Mayor") + 3)
        assert change.title == "Split quote"
        assert quote_texts(project)[:2] == [
            "“We will rebuild the harbour,”",
            "“and the port will reopen soon.”",
        ]
        new = max(project.spans(1, kind="quote"), key=lambda s: s.id)
        assert new.attributes["parts"] == [list(at("“and the port will reopen soon.”"))]
        assert new.attributes["speaker_name"] == "Ana Ruiz" and new.status == "accepted"
        assert links(project) >= {
            ("“We will rebuild the harbour,”", "SPEAKER", "Ana Ruiz"),
            ("“We will rebuild the harbour,”", "CUE", "said"),
            ("“and the port will reopen soon.”", "SPEAKER", "Ana Ruiz"),
            ("“and the port will reopen soon.”", "CUE", "said"),
        }
        batch = {event["batch"] for event in project.events()[events_before:]}
        assert len(batch) == 1, "one action is one batch in the event log"


def test_split_inside_a_word_cuts_before_that_word(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        perform(project, 1, "split_quote", caret=TEXT.index("expensive") + 4)
        assert "“rushed and far too" in quote_texts(project)
        assert "expensive for the town.”" in quote_texts(project)
        halves = [
            q for q in project.spans(1, kind="quote") if TEXT.index("“rushed") <= q.start < len(TEXT) - 30
        ]
        assert len(halves) == 2 and all(q.attributes["type"] == "indirect" for q in halves)
        assert {(TEXT[q.start : q.end], "CUE", "called") for q in halves} <= links(project)


@pytest.mark.parametrize("where", ["“rushed", "town.”"])
def test_split_at_a_quote_edge_is_refused_and_writes_nothing(quotes: Path, where: str) -> None:
    with Project.open(quotes, annotator="script") as project:
        before = len(project.events())
        caret = TEXT.index(where) if where.startswith("“") else TEXT.index(where) + len(where)
        with pytest.raises(Refused):
            perform(project, 1, "split_quote", caret=caret)
        assert len(project.events()) == before


def test_a_selected_quote_is_split_only_where_the_caret_is_inside_it(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        with pytest.raises(Refused, match="Click inside the quote"):
            perform(project, 1, "split_quote", span=MAYOR, caret=TEXT.index("expensive"))
        assert len(quote_texts(project)) == 3


def test_join_makes_one_quote_of_both_and_keeps_the_first_ones_links(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        perform(project, 1, "join_quotes", span=MAYOR)
        joined = project.span(MAYOR)
        assert TEXT[joined.start : joined.end].endswith("for the town.”")
        assert joined.attributes["type"] == "mixed"  # direct + indirect
        assert len(joined.attributes["parts"]) == 3
        assert {(label, child) for _, label, child in links(project)} == {
            ("SPEAKER", "Ana Ruiz"),
            ("CUE", "said"),
        }
        # The cue "called" linked only Li Wei's quote: it went with it.
        assert [TEXT[s.start : s.end] for s in project.spans(1, kind="cue")] == ["said"]


def test_join_takes_the_second_quotes_link_where_the_first_has_none(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        project.set_relation(MAYOR, "CUE", None)
        perform(project, 1, "join_quotes", span=MAYOR)
        assert {(label, child) for _, label, child in links(project)} == {
            ("SPEAKER", "Ana Ruiz"),
            ("CUE", "called"),
        }


@pytest.mark.parametrize(
    ("quote", "prepare", "message"),
    [
        (LI_WEI_QUOTE, None, "another paragraph"),
        (OTHERS, None, "no quote after"),
        (MAYOR, "rejected", "rejected"),
        (MAYOR, "speakers", "different speakers"),
    ],
)
def test_join_refuses_quotes_that_do_not_belong_together(
    quotes: Path, quote: int, prepare: str | None, message: str
) -> None:
    with Project.open(quotes, annotator="script") as project:
        if prepare == "rejected":
            project.update_span(LI_WEI_QUOTE, status="rejected")
        if prepare == "speakers":
            li_wei = project.add_span(1, *at("Li Wei"), "SPEAKER", kind="speaker")
            project.set_relation(LI_WEI_QUOTE, "SPEAKER", li_wei.id)
        before = len(project.events())
        with pytest.raises(Refused, match=message):
            perform(project, 1, "join_quotes", span=quote)
        assert len(project.events()) == before


def test_split_then_join_gives_back_the_quote_as_it_was(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        original = project.span(LI_WEI_QUOTE)
        perform(project, 1, "split_quote", span=LI_WEI_QUOTE, caret=TEXT.index("expensive"))
        perform(project, 1, "join_quotes", span=LI_WEI_QUOTE)
        joined = project.span(LI_WEI_QUOTE)
        assert (joined.start, joined.end) == (original.start, original.end)
        assert joined.attributes["parts"] == [[original.start, original.end]]


def test_split_decides_the_quotes_suggested_cue_and_leaves_its_speaker_entity_to_decide(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        for span_id in (RUIZ, SAID):
            project.update_span(span_id, status="suggested")
        perform(project, 1, "split_quote", caret=TEXT.index("Mayor"))
        assert (project.span(RUIZ).status, project.span(SAID).status) == ("suggested", "accepted")


@pytest.mark.parametrize(("action", "where"), [("split_quote", {"caret": 40}), ("join_quotes", {"span": 1})])
def test_the_undo_history_read_from_the_log_restores_every_span_and_link(
    quotes: Path, action: str, where: dict[str, int]
) -> None:
    with Project.open(quotes, annotator="script") as project:
        spans_before, links_before = content(project), links(project)
        perform(project, 1, action, **where)
        assert content(project) != spans_before
        last = past_actions(project, "script")[-1]
        apply_all(project, last.undo)
        assert content(project) == spans_before
        assert links(project) == links_before
        assert project.document(1).status == "new"


def test_splitting_a_mixed_quote_types_each_half_by_its_marks(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        project.update_span(MAYOR, attributes={**project.span(MAYOR).attributes, "type": "mixed"})
        perform(project, 1, "split_quote", span=MAYOR, caret=TEXT.index("Mayor"))
        first, second = sorted(project.spans(1, kind="quote"), key=lambda q: q.start)[:2]
        assert TEXT[first.start : first.end] == "“We will rebuild the harbour,”"
        assert (first.attributes["type"], second.attributes["type"]) == ("direct", "direct")


def test_the_first_half_loses_the_comma_and_and_that_joined_it(tmp_path: Path) -> None:
    text = "He said the talks were sensitive, and China hoped for calm."
    with Project.open(tmp_path / "joint.annotator", annotator="model") as project:
        project.add_document(text)
        start = text.index("the talks")
        project.add_span(1, start, len(text), "QUOTE", kind="quote", origin="model", status="suggested",
                         attributes={"type": "mixed", "confidence": 0.9})  # fmt: skip
        perform(project, 1, "split_quote", span=1, caret=text.index("China"))
        halves = sorted(project.spans(1, kind="quote"), key=lambda q: q.start)
        assert [text[q.start : q.end] for q in halves] == [
            "the talks were sensitive",
            "China hoped for calm.",
        ]
        assert [q.attributes["type"] for q in halves] == ["indirect", "indirect"]
        new = halves[1]
        assert (new.origin, "confidence" in new.attributes) == ("model", False)
        assert new.attributes["suggested"] == {"label": "QUOTE", "start": start, "end": len(text)}
