"""Each input format lands in the project file as the user expects: texts exact, titles, meta, spans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.exporting import export_jsonl
from annotator.importing import ImportReport, import_paths
from annotator.store import Project

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), "utf-8")
    return path


def span_rows(project: Project, document_id: int) -> list[tuple[int, int, str, str, str, str]]:
    return [(s.start, s.end, s.label, s.kind, s.status, s.origin) for s in project.spans(document_id)]


def test_a_text_file_becomes_one_document_titled_by_its_first_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    path.write_bytes(b"\r\nBridge opens\r\n\r\nThe bridge opened today.\r\n")

    report = import_paths(project, [path])

    assert (report.imported, report.failed) == (1, 0)
    document = project.document(report.document_ids[0])
    assert document.text == "\r\nBridge opens\r\n\r\nThe bridge opened today.\r\n"
    assert document.title == "Bridge opens"
    assert document.meta == {"source": "bridge.txt"}


def test_a_text_file_with_a_long_first_line_is_titled_by_its_file_name(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "long-lead.txt"
    path.write_text("word " * 60 + "\nmore", "utf-8")

    report = import_paths(project, [path])

    assert project.document(report.document_ids[0]).title == "long-lead"


def test_a_folder_is_read_recursively_in_sorted_order_ignoring_other_files(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two", "utf-8")
    (tmp_path / "a.txt").write_text("One", "utf-8")
    write_jsonl(tmp_path / "c.jsonl", [{"text": "Three"}, {"text": "Four"}])
    (tmp_path / "notes.md").write_text("not an article", "utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", "utf-8")

    report = import_paths(project, [tmp_path])

    texts = [document.text for document in project.documents(report.document_ids)]
    assert texts == ["One", "Two", "Three", "Four"]
    assert report.failed == 0 and report.problems == []


def test_prodigy_lines_keep_meta_title_and_spans_as_accepted_human_annotations(
    project: Project, tmp_path: Path
) -> None:
    text = "Rana Okafor visited Hollin."
    path = write_jsonl(
        tmp_path / "prodigy.jsonl",
        [
            {
                "text": text,
                "meta": {"title": "Visit", "url": "https://example.org/1"},
                "spans": [
                    {"start": 0, "end": 11, "label": "PERSON", "token_start": 0, "token_end": 1},
                    {"start": 20, "end": 26, "label": "GPE", "text": "Hollin"},
                ],
                "_input_hash": 1,
                "_view_id": "ner_manual",
                "answer": "accept",
            }
        ],
    )

    report = import_paths(project, [path])

    document = project.document(report.document_ids[0])
    assert (document.title, document.meta) == ("Visit", {"url": "https://example.org/1"})
    assert span_rows(project, document.id) == [
        (0, 11, "PERSON", "entity", "accepted", "human"),
        (20, 26, "GPE", "entity", "accepted", "human"),
    ]
    assert report.summary() == "imported 1 · duplicate 0 · failed 0 · 2 spans"


def test_spans_imported_as_suggestions_wait_for_a_decision(project: Project, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "model.jsonl",
        [{"text": "Lumen Labs grew.", "spans": [{"start": 0, "end": 10, "label": "ORG"}]}],
    )

    report = import_paths(project, [path], as_suggestions=True)

    assert span_rows(project, report.document_ids[0]) == [(0, 10, "ORG", "entity", "suggested", "model")]


def test_doccano_labels_entities_and_relations_are_imported(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "doccano.jsonl"])

    assert (report.imported, report.failed, report.spans) == (3, 0, 6)
    first, quoted, categorised = project.documents(report.document_ids)
    assert first.meta == {"id": 7, "Comments": []}
    assert [(s.start, s.end, s.label) for s in project.spans(first.id)] == [
        (0, 11, "PERSON"),
        (18, 28, "ORG"),
        (32, 36, "GPE"),
    ]
    spans = {span.label: span for span in project.spans(quoted.id)}
    assert spans["QUOTE"].kind == "quote"
    links = {relation.label: relation.child_id for relation in project.relations(quoted.id)}
    assert links == {"SPEAKER": spans["PERSON"].id, "CUE": spans["CUE"].id}
    assert categorised.meta == {"id": 9, "label": ["weather", "local"]}
    assert project.spans(categorised.id) == []


def test_csv_text_column_with_title_and_other_columns_as_meta(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "articles.csv"])

    assert (report.imported, report.failed) == (2, 0)
    flood, second = project.documents(report.document_ids)
    assert flood.text == "River levels rose overnight.\r\nResidents were told to move cars."
    assert flood.title == "Flood warning"
    assert flood.meta == {"author": "K. Dahl", "section": "local"}
    assert (second.title, second.text, second.meta) == (
        "",
        "Second story, with a comma.",
        {"section": "national"},
    )


def test_a_csv_without_a_text_column_is_a_failed_file(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("headline,body\nA,B\n", "utf-8")

    report = import_paths(project, [path])

    assert (report.imported, report.failed) == (0, 1)
    assert 'no "text" column (columns: headline, body)' in report.problems[0].message


def test_a_semicolon_separated_csv_is_read(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("text;lang\nHej, verden;da\n", "utf-8")

    report = import_paths(project, [path])

    document = project.document(report.document_ids[0])
    assert (document.text, document.meta) == ("Hej, verden", {"lang": "da"})


OWN_TEXT = '"We will rebuild," said Mayor Ilse Vandermeer.\r\nShe spoke in Korsby.'


def own_export_line() -> dict[str, Any]:
    """A line exactly as our exporter writes it (including fields import ignores)."""
    quote = {"start": 0, "end": 18, "token_start": 0, "token_end": 4, "label": "QUOTE"}
    speaker = {"start": 29, "end": 44, "token_start": 8, "token_end": 9, "label": "PERSON"}
    cue = {"start": 20, "end": 24, "token_start": 6, "token_end": 6, "label": "CUE"}
    common = {"annotator": "ana", "model": None}
    return {
        "text": OWN_TEXT,
        "meta": {"url": "https://example.org/2", "title": "Rebuild"},
        "_input_hash": -5,
        "_task_hash": 17,
        "_status": "done",
        "tokens": [{"text": '"', "start": 0, "end": 1, "id": 0, "ws": False}],
        "spans": [
            {
                "id": 1,
                **quote,
                "kind": "quote",
                "status": "accepted",
                "stance": "favor",
                "origin": "human",
                **common,
                "attributes": {"type": "direct", "speaker_name": "Ilse Vandermeer", "parts": [[1, 17]]},
            },
            {
                "id": 2,
                **cue,
                "kind": "cue",
                "status": "accepted",
                "stance": None,
                "origin": "model",
                "annotator": "ana",
                "model": "quotes-v1",
                "attributes": {},
            },
            {
                "id": 3,
                **speaker,
                "kind": "entity",
                "status": "suggested",
                "stance": None,
                "origin": "model",
                "annotator": "ana",
                "model": "en_core_web_sm",
                "attributes": {},
            },
            {
                "id": 4,
                "start": 58,
                "end": 64,
                "token_start": 13,
                "token_end": 13,
                "label": "GPE",
                "kind": "entity",
                "status": "rejected",
                "stance": None,
                "origin": "human",
                **common,
                "attributes": {},
            },
        ],
        "relations": [
            {"head": 4, "child": 9, "head_span": quote, "child_span": speaker, "label": "SPEAKER"},
            {"head": 4, "child": 6, "head_span": quote, "child_span": cue, "label": "CUE"},
        ],
        "quotes": [{"start": 0, "end": 18, "text": OWN_TEXT[:18], "type": "direct"}],
        "answer": "accept",
        "_annotator_id": "ana",
        "_timestamp": 1764290000,
    }


def test_our_own_export_line_is_restored_losslessly(project: Project, tmp_path: Path) -> None:
    line = own_export_line()
    path = write_jsonl(tmp_path / "own.jsonl", [line])

    report = import_paths(project, [path], as_suggestions=True)

    assert report.problems == []
    document = project.document(report.document_ids[0])
    assert (document.text, document.title, document.meta) == (
        OWN_TEXT,
        "Rebuild",
        {"url": "https://example.org/2"},
    )
    assert document.status == "done"
    stored = {
        (s.start, s.end, s.label): (s.kind, s.status, s.origin, s.stance, s.attributes, s.annotator, s.model)
        for s in project.spans(document.id)
    }
    expected = {
        (s["start"], s["end"], s["label"]): (
            s["kind"],
            s["status"],
            s["origin"],
            s["stance"],
            s["attributes"],
            s["annotator"],
            s["model"],
        )
        for s in line["spans"]
    }
    assert stored == expected
    by_id = {span.id: (span.start, span.end, span.label) for span in project.spans(document.id)}
    links = {(r.label, by_id[r.head_id], by_id[r.child_id]) for r in project.relations(document.id)}
    assert links == {
        ("SPEAKER", (0, 18, "QUOTE"), (29, 44, "PERSON")),
        ("CUE", (0, 18, "QUOTE"), (20, 24, "CUE")),
    }


def test_exported_project_imports_into_an_empty_project_with_everything_it_held(
    project: Project, tmp_path: Path
) -> None:
    write_jsonl(tmp_path / "own.jsonl", [own_export_line()])
    import_paths(project, [tmp_path / "own.jsonl"])
    exported = tmp_path / "export.jsonl"
    export_jsonl(project, exported, include_all=True)

    with Project.open(tmp_path / "copy.annotator", annotator="tester") as copy:
        report: ImportReport = import_paths(copy, [exported])
        original = project.document(project.document_ids()[0])
        restored = copy.document(report.document_ids[0])
        assert (restored.text, restored.title, restored.meta, restored.status) == (
            original.text,
            original.title,
            original.meta,
            original.status,
        )
        fields = ("start", "end", "label", "kind", "status", "origin", "stance", "attributes", "model")

        def spans(p: Project, document_id: int) -> list[tuple[Any, ...]]:
            return [tuple(getattr(s, name) for name in fields) for s in p.spans(document_id)]

        assert spans(copy, restored.id) == spans(project, original.id)
        assert len(copy.relations(restored.id)) == 2


def test_a_skipped_document_from_our_export_keeps_its_spans_and_status(
    project: Project, tmp_path: Path
) -> None:
    line = {**own_export_line(), "_status": "skipped", "answer": "ignore"}
    path = write_jsonl(tmp_path / "skipped.jsonl", [line])

    report = import_paths(project, [path])

    document = project.document(report.document_ids[0])
    assert document.status == "skipped"
    assert len(project.spans(document.id)) == len(line["spans"])
