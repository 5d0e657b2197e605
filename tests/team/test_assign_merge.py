"""Assign documents to annotators' files and merge their work back as layers (issue 14, ADR 18)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.store import SCHEMA_VERSION, Project, StoreError
from annotator.team.assign import assign, check_names, plan
from annotator.team.merge import merge_file

NAMES = ["ana", "ben", "cho"]


def _project(path: Path, documents: int = 20) -> Project:
    """A project of ``documents`` articles, each with a model suggestion and a human span."""
    project = Project.open(path, annotator="lead")
    for number in range(documents):
        text = f"Article {number}: Mayor Ana Ruiz said the bridge would open. 😀 Ünïcode\r\nend."
        doc_id, _ = project.add_document(text, title=f"Article {number}", meta={"n": number})
        with project.transaction():
            writer = project.suggestion_writer(doc_id, "en_core_web_sm", "model")
            quote = writer.add_span("quote", text.index("the bridge"), text.index(" 😀") - 1, "QUOTE", {})
            person = writer.add_span("entity", text.index("Ana"), text.index(" said"), "PERSON", {})
            writer.add_relation(quote.id, person.id, "SPEAKER")
            writer.flush()
        project.add_span(doc_id, 0, 7, "WORK_OF_ART")  # the lead's own decision: no annotator gets it
    return project


def test_the_plan_gives_the_overlap_to_two_annotators_and_the_rest_to_one() -> None:
    shares = plan(list(range(100)), NAMES, 0.2, seed=7)
    counts: dict[int, int] = {}
    for share in shares.values():
        for doc_id in share:
            counts[doc_id] = counts.get(doc_id, 0) + 1
    assert set(counts) == set(range(100))
    assert sorted(counts.values()).count(2) == 20
    assert max(counts.values()) == 2
    assert max(len(s) for s in shares.values()) - min(len(s) for s in shares.values()) <= 1
    assert plan(list(range(100)), NAMES, 0.2, seed=7) == shares
    assert plan(list(range(100)), NAMES, 0.2, seed=8) != shares
    pairs = {tuple(sorted(n for n in NAMES if d in shares[n])) for d, c in counts.items() if c == 2}
    assert pairs == {("ana", "ben"), ("ana", "cho"), ("ben", "cho")}


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (["ana", "ana"], "more than once"),
        (["../x"], "cannot be"),
        (["a/b"], "cannot be"),
        ([" "], "at least"),
    ],
)
def test_unfit_names_are_refused(names: list[str], words: str) -> None:
    with pytest.raises(StoreError, match=words):
        check_names(names)


def test_each_annotator_file_holds_the_share_and_suggestions_but_no_decisions(tmp_path: Path) -> None:
    with _project(tmp_path / "main.annotator") as main:
        main.set_setting("topic", "Bridge tolls")
        made = assign(main, tmp_path / "out", NAMES, overlap=0.25, seed=1)
    assert [a.path.name for a in made] == [f"{n}.annotator" for n in NAMES]
    assert sum(a.documents for a in made) == 20 + 5
    for assigned in made:
        with Project.open(assigned.path, read_only=True) as copy:
            assert copy.owner == assigned.name
            assert copy.annotator == assigned.name
            assert copy.setting("topic") == "Bridge tolls"
            assert copy.count_documents() == assigned.documents
            for doc_id in copy.document_ids():
                spans = copy.spans(doc_id)
                assert {(s.kind, s.status, s.origin) for s in spans} == {
                    ("quote", "suggested", "model"),
                    ("entity", "suggested", "model"),
                }
                assert [r.label for r in copy.relations(doc_id)] == ["SPEAKER"]
    assert not list((tmp_path / "out").glob(".*"))


def test_assign_refuses_to_replace_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "ben.annotator").write_bytes(b"ben's work")
    with _project(tmp_path / "main.annotator", 3) as main, pytest.raises(StoreError, match="exists already"):
        assign(main, tmp_path / "out", NAMES)
    assert (tmp_path / "out" / "ben.annotator").read_bytes() == b"ben's work"
    assert not (tmp_path / "out" / "ana.annotator").exists()


def _annotate(path: Path, stance: str) -> None:
    """Accept every suggestion with ``stance`` and mark the first two documents done."""
    with Project.open(path) as copy:
        for doc_id in copy.document_ids()[:2]:
            for span in copy.spans(doc_id):
                copy.update_span(span.id, status="accepted", stance=stance)
            copy.set_document_status(doc_id, "done")


def test_merge_brings_each_annotator_as_a_layer_and_again_only_what_changed(tmp_path: Path) -> None:
    with _project(tmp_path / "main.annotator") as main:
        made = assign(main, tmp_path / "out", NAMES, overlap=0.25, seed=1)
    for assigned, stance in zip(made, ["favor", "against", "favor"], strict=True):
        _annotate(assigned.path, stance)
    with Project.open(tmp_path / "merged.annotator", annotator="lead") as merged:
        reports = [merge_file(merged, assigned.path) for assigned in made]
        assert [r.layer for r in reports] == NAMES
        assert merged.count_documents() == 20
        assert merged.layer_names() == NAMES
        for assigned in made:
            statuses = merged.layer_statuses(assigned.name)
            assert len(statuses) == assigned.documents
            assert list(statuses.values()).count("done") == 2
        ana_done = [d for d, s in merged.layer_statuses("ana").items() if s == "done"]
        spans = merged.layer_spans_by_document("ana", ana_done)
        assert {s.stance for spans_of in spans.values() for s in spans_of} == {"favor"}
        links = merged.layer_relations_by_document("ana", ana_done)
        for doc_id in ana_done:
            by_id = {s.id: s for s in spans[doc_id]}
            (link,) = links[doc_id]
            assert (by_id[link.head_id].kind, by_id[link.child_id].label) == ("quote", "PERSON")
        assert merged.spans(ana_done[0]) == []  # the reviewed version is the project's own, untouched

        again = merge_file(merged, made[0].path)
        assert again.unchanged and again.documents == 0

        with Project.open(made[0].path) as ana:
            third = ana.document_ids()[2]
            ana.set_document_status(third, "done")
        newer = tmp_path / "ana-newer.annotator"
        shutil.copy(made[0].path, newer)
        update = merge_file(merged, newer)
        assert (update.layer, update.documents, update.new_documents) == ("ana", 1, 0)
        assert list(merged.layer_statuses("ana").values()).count("done") == 3
        assert merged.layer_source("ana").source_path == str(newer)


def test_merge_refuses_itself_a_copy_of_itself_a_name_taken_and_an_older_copy(tmp_path: Path) -> None:
    with _project(tmp_path / "main.annotator", 4) as main:
        made = assign(main, tmp_path / "out", ["ana", "ben"])
    target = tmp_path / "merged.annotator"
    with Project.open(target) as merged:
        merge_file(merged, made[0].path)
    shutil.copy(target, tmp_path / "copy.annotator")
    with Project.open(target) as merged:
        with pytest.raises(StoreError, match="being merged into"):
            merge_file(merged, target)
        with pytest.raises(StoreError, match="copy of"):
            merge_file(merged, tmp_path / "copy.annotator")
        with pytest.raises(StoreError, match="already holds an annotator named 'ana'"):
            merge_file(merged, made[1].path, name="ana")
        older = tmp_path / "older.annotator"
        shutil.copy(made[0].path, older)
        _annotate(made[0].path, "favor")
        merge_file(merged, made[0].path)
        with pytest.raises(StoreError, match="older than"):
            merge_file(merged, older)


def test_merge_refuses_a_newer_schema_and_leaves_it_untouched(tmp_path: Path) -> None:
    newer = tmp_path / "newer.annotator"
    with _project(newer, 1):
        pass
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = newer.read_bytes()
    with (
        Project.open(tmp_path / "merged.annotator") as merged,
        pytest.raises(Exception, match="newer annotator"),
    ):
        merge_file(merged, newer)
    assert newer.read_bytes() == before


def test_a_stopped_merge_leaves_the_target_sound_and_the_next_merge_finishes(tmp_path: Path) -> None:
    with _project(tmp_path / "main.annotator", 1200) as main:
        (ana,) = assign(main, tmp_path / "out", ["ana"])
    calls = iter([False, True])
    with Project.open(tmp_path / "merged.annotator") as merged:
        stopped = merge_file(merged, ana.path, should_stop=lambda: next(calls))
        assert stopped.stopped and stopped.documents == 500
        assert merged.layer_source("ana").merged_event_id == 0
        finished = merge_file(merged, ana.path)
        assert finished.documents == 1200 and not finished.stopped
        assert len(merged.layer_statuses("ana")) == 1200
        assert merged.conn.execute("SELECT count(*) FROM layer_spans").fetchone()[0] == 2400
        assert merged.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_damaged_row_in_a_source_leaves_that_document_out_and_names_it(tmp_path: Path) -> None:
    with _project(tmp_path / "main.annotator", 3) as main:
        (ana,) = assign(main, tmp_path / "out", ["ana"])
    with sqlite3.connect(ana.path) as conn:
        conn.execute("UPDATE spans SET attributes = '{broken' WHERE id = 1")
        conn.execute("UPDATE documents SET meta = 'not json' WHERE id = 3")
    with Project.open(tmp_path / "merged.annotator") as merged:
        report = merge_file(merged, ana.path)
        assert report.documents == 1
        assert len(report.problems) == 2
        assert any("document 1 left out" in p and "spans row 1" in p for p in report.problems)
        assert any("document 3 left out" in p and "column meta" in p for p in report.problems)
        assert list(merged.layer_statuses("ana")) == [merged.document_id_for_text(merged.document(1).text)]
