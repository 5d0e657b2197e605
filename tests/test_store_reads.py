"""The store's reads for the window: span rows decoded in one place, list rows, outside changes, undo."""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project, new_session

TEXT = "Ann Lee said the plan would work. Bob Ray disagreed."
ACTIONS = {"span.add", "span.update", "span.delete", "document.status"}


def test_every_span_read_gives_the_same_records(project: Project) -> None:
    document_id, _ = project.add_document(TEXT)
    project.add_span(document_id, 0, 7, "PERSON", stance="favor")
    project.add_span(document_id, 0, 33, "QUOTE", kind="quote", attributes={"type": "mixed", "ü": [[0, 33]]})
    with project.transaction():
        writer = project.suggestion_writer(document_id, "model-1", "pipeline")
        written = writer.add_span("entity", 34, 41, "PERSON", {"confidence": 0.5})
        writer.flush()
    spans = project.spans(document_id)
    assert [span.label for span in spans] == ["QUOTE", "PERSON", "PERSON"]
    assert project.spans_by_id(document_id) == {span.id: span for span in spans}
    assert [project.span(span.id) for span in spans] == spans
    assert project.find_span(document_id, 0, 7, "PERSON") == spans[1]
    assert written == project.span(written.id)
    assert written.attributes == {"confidence": 0.5} and written.model == "model-1"
    assert spans[0].attributes == {"type": "mixed", "ü": [[0, 33]]} and spans[1].attributes == {}


def test_document_rows_give_title_or_text_start_status_and_pending(project: Project) -> None:
    titled, _ = project.add_document(TEXT, title="The plan")
    untitled, _ = project.add_document("x" * 100)
    project.add_span(titled, 0, 7, "PERSON", status="suggested", origin="model")
    project.add_span(titled, 34, 41, "PERSON", status="suggested", origin="model")
    project.add_span(titled, 17, 21, "MISC")
    project.set_document_status(untitled, "done")
    rows = project.document_rows([untitled, titled, 999])
    assert rows == {titled: ("The plan", "new", 2), untitled: ("x" * 80, "done", 0)}
    assert rows[titled].pending == 2 and rows[untitled].status == "done"
    assert project.document_rows([]) == {}


def test_next_unfinished_document_wraps_round_and_skips_the_current_one(project: Project) -> None:
    assert project.next_unfinished_document(None) is None
    ids = [project.add_document(f"Document number {n}.")[0] for n in range(4)]
    project.set_document_status(ids[1], "done")
    project.set_document_status(ids[2], "in_progress")
    assert project.next_unfinished_document(None) == ids[0]
    assert project.next_unfinished_document(ids[0]) == ids[2]
    assert project.next_unfinished_document(ids[2]) == ids[3]
    assert project.next_unfinished_document(ids[3]) == ids[0]
    for document_id in (ids[0], ids[2]):
        project.set_document_status(document_id, "skipped")
    assert project.next_unfinished_document(ids[3]) is None
    assert project.next_unfinished_document(ids[1]) == ids[3]


def test_outside_commits_are_seen_with_the_documents_they_touched(project: Project, tmp_path: Path) -> None:
    assert project.last_event_id() == 0
    first, _ = project.add_document(TEXT)
    version, seen = project.data_version(), project.last_event_id()
    project.add_span(first, 0, 7, "PERSON")
    assert project.data_version() == version  # its own commits do not count
    assert project.documents_changed_since(seen) == {first}
    seen = project.last_event_id()
    assert seen > 0 and project.documents_changed_since(seen) == set()
    with Project(project.path, annotator="other") as other:
        second, _ = other.add_document("Another text entirely.")
        other.add_span(second, 0, 7, "MISC")
        other.set_setting("topic", "plans")  # an event of no document
    assert project.data_version() != version
    assert project.documents_changed_since(seen) == {second}
    assert project.last_event_id() == seen + 3


def test_changes_written_under_the_same_session_are_not_another_programs(tmp_path: Path) -> None:
    path = tmp_path / "sessions.annotator"
    session = new_session()
    with Project.open(path, annotator="ann", session=session) as window:
        document_id, _ = window.add_document(TEXT)
        seen = window.last_event_id()
        assert not window.others_logged_since(seen)
        # The window's pipeline process: another connection, the window's session.
        with Project.open(path, annotator="ann", session=session) as helper:
            helper.add_span(document_id, 0, 7, "PERSON")
            with helper.transaction():
                writer = helper.suggestion_writer(document_id, "model-1", "model")
                writer.add_span("entity", 34, 41, "PERSON", {})
                writer.flush()
        assert not window.others_logged_since(seen)
        assert {event["batch"].split(".")[0] for event in window.events(after_id=seen)} == {session}
        with Project.open(path, annotator="ann", session=new_session()) as second_window:
            second_window.set_setting("topic", "plans")
        assert window.others_logged_since(seen)
        assert not window.others_logged_since(window.last_event_id())
        with Project.open(path, annotator="ann") as command_line:  # no session: another program
            command_line.set_document_status(document_id, "done")
        assert window.others_logged_since(window.last_event_id() - 1)


def test_in_transaction_is_true_only_inside_one(project: Project) -> None:
    assert not project.in_transaction()
    with project.transaction():
        assert project.in_transaction()
        with project.transaction():
            assert project.in_transaction()
    assert not project.in_transaction()


def test_undoable_run_starts_after_the_last_event_that_breaks_it(project: Project) -> None:
    assert project.undoable_run_start("tester", ACTIONS, within=100) == (0, None)
    document_id, _ = project.add_document(TEXT)  # an import: not an undoable action
    added = project.events()[-1]
    project.add_span(document_id, 0, 7, "PERSON")
    assert project.undoable_run_start("tester", ACTIONS, within=100) == (added["id"], added["batch"])
    project.add_span(document_id, 34, 41, "PERSON", annotator="someone else")
    breaker = project.events()[-1]
    project.add_span(document_id, 17, 21, "MISC")
    project.set_document_status(document_id, "done")
    assert project.undoable_run_start("tester", ACTIONS, within=100) == (breaker["id"], breaker["batch"])
    # An action outside ``actions`` breaks the run too.
    newest = project.events()[-1]
    assert project.undoable_run_start("tester", ACTIONS - {"document.status"}, within=100) == (
        newest["id"],
        newest["batch"],
    )
    # Looking back two events only: the run is at least that long, so it starts at the second newest.
    second_newest = project.events()[-2]
    assert project.undoable_run_start("tester", ACTIONS, within=2) == (
        second_newest["id"],
        second_newest["batch"],
    )


def test_last_worked_document_is_the_one_of_the_latest_annotation(project: Project) -> None:
    assert project.last_worked_document() is None
    first, _ = project.add_document("One document.")
    second, _ = project.add_document("Another document.")
    assert project.last_worked_document() is None  # adding documents is no annotation
    project.add_span(second, 0, 7, "ORG")
    project.set_document_status(first, "done")
    assert project.last_worked_document() == first
    project.add_span(second, 8, 16, "ORG")
    assert project.last_worked_document() == second
