"""Split a quote at the cursor and join two quotes, as a script does it: asserted on the project file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.actions.change import Refused
from annotator.actions.edits import apply_all
from annotator.actions.history import past_actions
from annotator.actions.perform import perform
from annotator.store import Project

# Written for these tests: one quote split by its speaker and cue, and one quote on its own.
TEXT = (
    "“We will rebuild the harbour,” said Mayor Ana Ruiz, “and the port will reopen soon.”\n"
    "Li Wei called the plan “rushed and far too expensive for the town.”"
)


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def quotes(tmp_path: Path) -> Path:
    """Mayor's two-part quote (speaker and cue linked) and Li Wei's quote (speaker linked), all accepted."""
    path = tmp_path / "quotes.annotator"
    with Project.open(path, annotator="maker") as project:
        document_id, _ = project.add_document(TEXT)
        first, second = at("“We will rebuild the harbour,”"), at("“and the port will reopen soon.”")
        mayor = project.add_span(document_id, *first[:1], second[1], "QUOTE", kind="quote",
                                 attributes={"type": "direct", "speaker_name": "Ana Ruiz",
                                             "parts": [list(first), list(second)]})  # fmt: skip
        ruiz = project.add_span(document_id, *at("Ana Ruiz"), "PERSON")
        said = project.add_span(document_id, *at("said"), "CUE", kind="cue")
        project.set_relation(mayor.id, "SPEAKER", ruiz.id)
        project.set_relation(mayor.id, "CUE", said.id)
        li = project.add_span(document_id, *at("“rushed and far too expensive for the town.”"), "QUOTE",
                              kind="quote", attributes={"type": "indirect"})  # fmt: skip
        wei = project.add_span(document_id, *at("Li Wei"), "SPEAKER", kind="speaker")
        project.set_relation(li.id, "SPEAKER", wei.id)
    return path


def quote_texts(project: Project) -> list[str]:
    return [TEXT[s.start : s.end] for s in sorted(project.spans(1, kind="quote"), key=lambda s: s.start)]


def links(project: Project) -> set[tuple[str, str, str]]:
    spans = {s.id: TEXT[s.start : s.end] for s in project.spans(1)}
    return {(spans[r.head_id], r.label, spans[r.child_id]) for r in project.relations(1)}


def test_split_between_parts_gives_two_quotes_that_keep_speaker_and_cue(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        events_before = len(project.events())
        gap = TEXT.index(" said Mayor")
        change = perform(project, 1, "split_quote", span=1, caret=gap + 3)
        assert change.title == "Split quote"
        assert quote_texts(project) == [
            "“We will rebuild the harbour,”",
            "“and the port will reopen soon.”",
            "“rushed and far too expensive for the town.”",
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
        inside = TEXT.index("expensive") + 4
        perform(project, 1, "split_quote", caret=inside)
        assert quote_texts(project)[-2:] == ["“rushed and far too", "expensive for the town.”"]
        li_quotes = [q for q in project.spans(1, kind="quote") if q.start >= TEXT.index("“rushed")]
        assert all(q.attributes["type"] == "indirect" for q in li_quotes)
        assert {(TEXT[q.start : q.end], "SPEAKER", "Li Wei") for q in li_quotes} <= links(project)


@pytest.mark.parametrize("where", ["“rushed", "town.”"])
def test_split_at_a_quote_edge_is_refused_and_writes_nothing(quotes: Path, where: str) -> None:
    with Project.open(quotes, annotator="script") as project:
        before = len(project.events())
        caret = TEXT.index(where) if where.startswith("“") else TEXT.index(where) + len(where)
        with pytest.raises(Refused):
            perform(project, 1, "split_quote", caret=caret)
        assert len(project.events()) == before


def test_join_makes_one_quote_of_both_parts_and_keeps_the_first_speaker(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        perform(project, 1, "join_quotes", span=1)
        (joined,) = project.spans(1, kind="quote")
        assert (joined.start, joined.end) == (0, len(TEXT))
        assert joined.attributes["type"] == "mixed"  # direct + indirect
        assert len(joined.attributes["parts"]) == 3
        assert links(project) == {(TEXT, "SPEAKER", "Ana Ruiz"), (TEXT, "CUE", "said")}
        # Li Wei's speaker span linked nothing else: it went with his quote.
        assert "SPEAKER" not in {s.label for s in project.spans(1)}


def test_join_takes_the_second_quotes_speaker_when_the_first_has_none(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project:
        project.set_relation(1, "SPEAKER", None)
        project.set_relation(1, "CUE", None)
        perform(project, 1, "join_quotes", span=1)
        assert links(project) == {(TEXT, "SPEAKER", "Li Wei")}


def test_join_with_no_quote_after_is_refused(quotes: Path) -> None:
    with Project.open(quotes, annotator="script") as project, pytest.raises(Refused, match="no quote after"):
        perform(project, 1, "join_quotes", span=4)


def content(project: Project) -> dict[int, dict]:
    """Every span as stored, less who touched it last."""
    return {s.id: {**s.as_dict(), "annotator": None} for s in project.spans(1)}


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
