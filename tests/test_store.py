"""The project file: documents, spans, relations, settings and the event log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.store import SCHEMA_VERSION, Project, SchemaError, StoreError

TEXT = "Anthony Blinken said THAAD was needed. “We are ready,” he said."


def test_same_text_twice_is_one_document(project: Project) -> None:
    first = project.add_document(TEXT, title="THAAD")
    second = project.add_document(TEXT, title="other title")
    assert first == (first[0], True)
    assert second == (first[0], False)
    assert project.count_documents() == 1
    assert project.document(first[0]).title == "THAAD"


def test_text_is_stored_exactly_with_crlf_and_astral_characters(project: Project) -> None:
    text = "Line one 😀\r\nline two 漢字 e\u0301 \u05e9\u05dc\u05d5\u05dd\r\n"
    doc_id, _ = project.add_document(text)
    assert project.document(doc_id).text == text
    span = project.add_span(doc_id, 9, 10, "EMOJI")
    assert project.document(doc_id).text[span.start : span.end] == "😀"


def test_whitespace_only_text_is_refused(project: Project) -> None:
    with pytest.raises(StoreError, match="non-empty"):
        project.add_document(" \r\n\t")


def test_span_outside_the_text_is_refused_and_nothing_is_stored(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    for start, end in [(-1, 3), (5, 5), (7, 3), (0, len(TEXT) + 1)]:
        with pytest.raises(StoreError, match="does not fit"):
            project.add_span(doc_id, start, end, "PERSON")
    assert project.spans(doc_id) == []


def test_identical_span_is_stored_once(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    first = project.add_span(doc_id, 0, 15, "PERSON", status="suggested", origin="model")
    again = project.add_span(doc_id, 0, 15, "PERSON")
    assert again.id == first.id
    assert len(project.spans(doc_id)) == 1


def test_overlapping_spans_of_different_kinds_coexist(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    project.add_span(doc_id, 0, 15, "PERSON")
    project.add_span(doc_id, 0, 38, "QUOTE", kind="quote", attributes={"type": "indirect"})
    assert [span.kind for span in project.spans(doc_id)] == ["quote", "entity"]


def test_update_records_before_and_after_in_the_event_log(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    span = project.add_span(doc_id, 0, 15, "PERSON", status="suggested", origin="model")
    project.update_span(span.id, status="accepted", stance="favor")
    event = project.events(document_id=doc_id)[-1]
    assert event["action"] == "span.update"
    assert event["annotator"] == "tester"
    assert event["before"]["status"] == "suggested"
    assert event["after"] == {**event["before"], "status": "accepted", "stance": "favor"}


def test_update_to_an_existing_span_is_refused(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    project.add_span(doc_id, 0, 7, "PERSON")
    other = project.add_span(doc_id, 8, 15, "PERSON")
    with pytest.raises(StoreError, match="exists already"):
        project.update_span(other.id, start=0, end=7)


def test_one_user_action_is_one_batch_and_rolls_back_whole(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    with pytest.raises(RuntimeError), project.transaction():
        project.add_span(doc_id, 0, 15, "PERSON")
        project.set_document_status(doc_id, "in_progress")
        raise RuntimeError("crash in the middle of an action")
    assert project.spans(doc_id) == []
    assert project.document(doc_id).status == "new"
    with project.transaction() as batch:
        quote = project.add_span(doc_id, 40, 53, "QUOTE", kind="quote")
        speaker = project.add_span(doc_id, 55, 57, "SPEAKER", kind="speaker")
        project.set_relation(quote.id, "SPEAKER", speaker.id)
    batch_events = [event for event in project.events() if event["batch"] == batch]
    assert [event["action"] for event in batch_events] == ["span.add", "span.add", "relation.add"]


def test_nested_transaction_failure_keeps_the_outer_work(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    with project.transaction():
        project.add_span(doc_id, 0, 15, "PERSON")
        with pytest.raises(StoreError):
            project.add_span(doc_id, 0, 999, "PERSON")
    assert len(project.spans(doc_id)) == 1


def test_deleting_a_speaker_removes_the_link_and_logs_both(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    quote = project.add_span(doc_id, 40, 53, "QUOTE", kind="quote")
    speaker = project.add_span(doc_id, 55, 57, "SPEAKER", kind="speaker")
    project.set_relation(quote.id, "SPEAKER", speaker.id)
    project.delete_span(speaker.id)
    assert project.relations(doc_id) == []
    assert [event["action"] for event in project.events()][-2:] == ["relation.delete", "span.delete"]


def test_deleted_span_is_restored_with_its_id(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    span = project.add_span(doc_id, 0, 15, "PERSON", stance="against")
    project.delete_span(span.id)
    restored = project.restore_span(span.as_dict())
    assert (restored.id, restored.stance, restored.label) == (span.id, "against", "PERSON")


def test_restoring_a_span_whose_place_is_taken_is_refused_as_a_store_error(project: Project) -> None:
    """Undo catches StoreError ("the data moved on"); a bare sqlite3 error would escape it."""
    doc_id, _ = project.add_document(TEXT)
    deleted = project.add_span(doc_id, 0, 15, "PERSON")
    project.add_span(doc_id, 21, 26, "ORG")
    project.delete_span(deleted.id)
    project.add_span(doc_id, 0, 15, "PERSON", status="suggested", origin="model")
    with pytest.raises(StoreError, match="exists already"):
        project.restore_span(deleted.as_dict())
    newest = project.add_span(doc_id, 40, 42, "SPEAKER", kind="speaker")
    project.delete_span(newest.id)
    # SQLite hands the highest id out again once its span is deleted.
    assert project.add_span(doc_id, 55, 57, "SPEAKER", kind="speaker").id == newest.id
    with pytest.raises(StoreError, match="exists already"):
        project.restore_span(newest.as_dict())
    assert [span.start for span in project.spans(doc_id)] == [0, 21, 55]


def test_true_and_false_are_not_offsets(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    for start, end in [(False, 5), (0, True)]:
        with pytest.raises(StoreError, match="whole numbers"):
            project.add_span(doc_id, start, end, "PERSON")
    assert project.spans(doc_id) == []


def test_relation_needs_a_quote_head_in_the_same_document(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    other_id, _ = project.add_document("Another text entirely.")
    entity = project.add_span(doc_id, 0, 15, "PERSON")
    quote = project.add_span(doc_id, 40, 53, "QUOTE", kind="quote")
    elsewhere = project.add_span(other_id, 0, 7, "ORG")
    with pytest.raises(StoreError, match="not a quote"):
        project.set_relation(entity.id, "SPEAKER", quote.id)
    with pytest.raises(StoreError, match="same document"):
        project.set_relation(quote.id, "SPEAKER", elsewhere.id)
    project.set_relation(quote.id, "SPEAKER", entity.id)
    project.set_relation(quote.id, "SPEAKER", None)
    assert project.relations(doc_id) == []


def test_relation_child_must_be_of_the_kind_its_label_needs(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    entity = project.add_span(doc_id, 0, 15, "PERSON")
    he = project.add_span(doc_id, 16, 18, "SPEAKER", kind="speaker")
    cue = project.add_span(doc_id, 20, 24, "CUE", kind="cue")
    quote = project.add_span(doc_id, 40, 53, "QUOTE", kind="quote")
    with pytest.raises(StoreError, match=f"span {entity.id} .* kind entity: a CUE link needs .* kind cue"):
        project.set_relation(quote.id, "CUE", entity.id)
    with pytest.raises(StoreError, match="kind cue: a SPEAKER link needs a span of kind entity or speaker"):
        project.set_relation(quote.id, "SPEAKER", cue.id)
    with pytest.raises(StoreError, match="kind quote"):
        project.set_relation(quote.id, "SPEAKER", quote.id)
    assert project.relations(doc_id) == []
    project.set_relation(quote.id, "SPEAKER", entity.id)
    project.set_relation(quote.id, "SPEAKER", he.id)
    project.set_relation(quote.id, "CUE", cue.id)
    assert {(r.label, r.child_id) for r in project.relations(doc_id)} == {("SPEAKER", he.id), ("CUE", cue.id)}
    with pytest.raises(StoreError, match="kind speaker"):
        project.set_relation(quote.id, "CUE", he.id)
    kept = project.relation(quote.id, "CUE")
    assert kept is not None and kept.child_id == cue.id


def test_a_linked_span_keeps_a_kind_its_links_allow(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    person = project.add_span(doc_id, 0, 15, "PERSON")
    cue = project.add_span(doc_id, 16, 20, "CUE", kind="cue")
    quote = project.add_span(doc_id, 40, 53, "QUOTE", kind="quote")
    project.set_relation(quote.id, "SPEAKER", person.id)
    project.set_relation(quote.id, "CUE", cue.id)
    with pytest.raises(StoreError, match=f"span {quote.id} cannot change to kind entity: it is the quote"):
        project.update_span(quote.id, kind="entity", label="PERSON")
    with pytest.raises(StoreError, match="a SPEAKER link needs a span of kind entity or speaker"):
        project.update_span(person.id, kind="cue")
    with pytest.raises(StoreError, match="remove its CUE link first"):
        project.update_span(cue.id, kind="speaker")
    assert project.span(quote.id).kind == "quote"
    assert project.update_span(person.id, kind="speaker").kind == "speaker"
    assert len(project.relations(doc_id)) == 2
    project.set_relation(quote.id, "CUE", None)
    assert project.update_span(cue.id, kind="entity", label="ORG").kind == "entity"


def test_event_log_is_append_only(project: Project) -> None:
    project.add_document(TEXT)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        project.conn.execute("UPDATE events SET annotator = 'someone else'")


def test_settings_have_defaults_and_changes_are_logged(project: Project) -> None:
    assert project.setting("stance_labels") == ["favor", "against", "neutral", "unclear"]
    project.set_setting("topic", "THAAD deployment in South Korea")
    assert project.settings()["topic"] == "THAAD deployment in South Korea"
    assert project.events()[-1]["after"] == {"topic": "THAAD deployment in South Korea"}
    with pytest.raises(StoreError, match="no setting"):
        project.set_setting("colour_of_the_sky", "blue")


def test_stats_count_documents_and_spans(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    project.add_document("Second text.")
    project.add_span(doc_id, 0, 15, "PERSON", stance="favor")
    project.set_document_status(doc_id, "done")
    stats = project.stats()
    assert stats["documents"] == {"total": 2, "new": 1, "in_progress": 0, "done": 1, "skipped": 0}
    assert project.count_by_status() == {"new": 1, "in_progress": 0, "done": 1, "skipped": 0}
    assert stats["spans"]["entity"]["accepted"] == 1
    assert stats["accepted_entity_labels"] == {"PERSON": 1}
    assert stats["stances"] == {"favor": 1}


def test_stats_orders_labels_by_count_and_counts_spans_from_indexes_alone(project: Project) -> None:
    doc_id, _ = project.add_document(TEXT)
    for start, label in ((0, "ORG"), (5, "GPE"), (9, "GPE"), (12, "PERSON"), (20, "GPE")):
        project.add_span(doc_id, start, start + 2, label)
    project.add_span(doc_id, 30, 32, "PERSON", status="rejected")

    stats = project.stats()

    assert list(stats["accepted_entity_labels"].items()) == [("GPE", 3), ("ORG", 1), ("PERSON", 1)]
    assert stats["spans"]["entity"] == {"suggested": 0, "accepted": 5, "rejected": 1}
    plans = [
        str(project.conn.execute(f"EXPLAIN QUERY PLAN {query}").fetchall())
        for query in (
            "SELECT kind, status, label, count(*) FROM spans GROUP BY kind, status, label",
            "SELECT stance, count(*) FROM spans WHERE stance IS NOT NULL GROUP BY stance",
        )
    ]
    assert all("COVERING INDEX" in plan for plan in plans), plans


def test_project_reopens_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "reopen.annotator"
    with Project.open(path) as first:
        doc_id, _ = first.add_document(TEXT)
        first.add_span(doc_id, 0, 15, "PERSON")
    with Project.open(path) as again:
        assert [span.label for span in again.spans(doc_id)] == ["PERSON"]
        assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert again.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_default_location_is_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    with Project.open() as opened:
        assert opened.path == tmp_path / "data" / "default.annotator"


def test_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.annotator"
    with Project.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaError, match="newer annotator"):
        Project.open(path)
    assert path.read_bytes() == before


def test_other_sqlite_file_is_not_taken_for_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.close()
    with pytest.raises(SchemaError, match="not an annotator project"):
        Project.open(path)


def test_search_finds_word_prefixes_in_title_and_text(project: Project) -> None:
    thaad, _ = project.add_document(TEXT, title="Missile defence")
    other, _ = project.add_document("Café owners protested the “new” tax.", title="Tax")
    assert project.search_document_ids("blink") == [thaad]
    assert project.search_document_ids("MISSILE") == [thaad]
    assert project.search_document_ids("cafe tax") == [other]
    assert project.search_document_ids('"new"') == [other]
    assert project.search_document_ids("blinken tax") == []
    project.set_document_status(other, "done")
    assert project.search_document_ids("tax", status="done") == [other]
    assert project.search_document_ids("tax", status="new") == []


def test_a_query_of_punctuation_only_filters_like_an_empty_one(project: Project) -> None:
    first, _ = project.add_document("Blinken said THAAD was needed.")
    second, _ = project.add_document("A new tax on cafés - announced today...")
    project.set_document_status(second, "done")
    for query in ("-", "...", ' " - … ', "«»"):
        assert project.search_document_ids(query) == [first, second]
        assert project.search_document_ids(query, status="done") == [second]
    assert project.search_document_ids("- tax ...") == [second]


def test_project_of_every_earlier_schema_opens_with_its_data_and_a_backup(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "projects"
    for version in range(1, SCHEMA_VERSION):
        path = tmp_path / f"v{version}.annotator"
        path.write_bytes((fixtures / f"schema-v{version}.annotator").read_bytes())
        with Project.open(path) as migrated:
            assert migrated.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            toll = migrated.document(1)
            assert toll.status == "done"
            assert "\r\n" in toll.text
            spans = {span.label: span for span in migrated.spans(toll.id)}
            assert toll.text[spans["QUOTE"].start : spans["QUOTE"].end] == "It is fair"
            assert spans["PERSON"].stance == "favor"
            assert {r.label for r in migrated.relations(toll.id)} == {"SPEAKER", "CUE"}
            assert migrated.setting("topic") == "Harbour bridge toll"
            assert migrated.search_document_ids("toll") == [toll.id]
            assert migrated.stats()["accepted_entity_labels"] == {"PERSON": 1}
            assert migrated.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        backup = path.with_name(f"{path.name}.v{version}.bak")
        kept = sqlite3.connect(backup)
        assert kept.execute("PRAGMA user_version").fetchone()[0] == version
        assert kept.execute("SELECT count(*) FROM spans").fetchone()[0] == 4
        kept.close()


def test_a_trained_model_is_kept_in_the_file_and_replaced_by_the_next(project: Project) -> None:
    assert project.model("stance") is None
    project.save_model(
        "stance", spacy_version="3.8.0", config="[nlp]", data=b"\x00\x01", scores={"acc": 0.8}, decisions=5
    )
    project.save_model(
        "stance", spacy_version="3.8.0", config="[nlp]", data=b"\x02", scores={"acc": 0.9}, decisions=9
    )
    stored = project.model("stance")
    assert stored is not None and (stored.data, stored.scores, stored.decisions) == (b"\x02", {"acc": 0.9}, 9)
    assert project.model_kinds() == ["stance"]
    assert [e["action"] for e in project.events()][-2:] == ["model.train", "model.train"]
    project.forget_model("stance")
    assert project.model("stance") is None
