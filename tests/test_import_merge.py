"""The same text twice is one document; copies' annotations merge; stopping and rerunning completes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.importing import import_paths
from annotator.store import Project

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), "utf-8")
    return path


def decisions(project: Project, document_id: int) -> dict[tuple[str, str], str]:
    text = project.document(document_id).text
    return {(text[s.start : s.end], s.label): s.status for s in project.spans(document_id)}


def test_ner_teach_tasks_of_one_text_merge_into_one_document(project: Project) -> None:
    report = import_paths(project, [FIXTURES / "ner_teach.jsonl"])

    assert (report.imported, report.duplicates, report.failed) == (2, 4, 0)
    bridge, board = report.document_ids
    assert project.document(bridge).title == "Bridge"
    assert decisions(project, bridge) == {
        ("Ilse Vandermeer", "PERSON"): "accepted",
        ("Korsby", "ORG"): "rejected",
        ("Korsby", "GPE"): "accepted",
    }
    assert decisions(project, board) == {("Tamsin Water Board", "ORG"): "rejected"}
    conflicts = [p for p in report.problems if "both accepted and rejected" in p.message]
    assert [(p.line, p.severity) for p in conflicts] == [(5, "warning")]


def test_accept_beats_reject_whichever_comes_first(project: Project, tmp_path: Path) -> None:
    text = "Lumen Labs hired staff."
    task = {"text": text, "spans": [{"start": 0, "end": 10, "label": "ORG"}]}
    path = write_jsonl(tmp_path / "teach.jsonl", [{**task, "answer": "reject"}, {**task, "answer": "accept"}])

    report = import_paths(project, [path])

    assert decisions(project, report.document_ids[0]) == {("Lumen Labs", "ORG"): "accepted"}
    assert report.spans == 1


def test_ignored_tasks_add_the_text_but_no_spans(project: Project, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "ignored.jsonl",
        [{"text": "Nothing to see.", "spans": [{"start": 0, "end": 7, "label": "ORG"}], "answer": "ignore"}],
    )

    report = import_paths(project, [path])

    assert report.imported == 1 and project.spans(report.document_ids[0]) == []


def test_an_imported_decision_settles_a_stored_suggestion(project: Project, tmp_path: Path) -> None:
    doc_id, _ = project.add_document("Rana Okafor spoke.")
    project.add_span(doc_id, 0, 11, "PERSON", status="suggested", origin="model")
    path = write_jsonl(
        tmp_path / "gold.jsonl",
        [{"text": "Rana Okafor spoke.", "spans": [{"start": 0, "end": 11, "label": "PERSON"}]}],
    )

    report = import_paths(project, [path])

    assert (report.imported, report.duplicates, report.spans) == (0, 1, 0)
    [span] = project.spans(doc_id)
    assert (span.status, span.origin) == ("accepted", "human")


def test_duplicate_texts_across_files_and_runs_are_counted_not_stored_twice(
    project: Project, tmp_path: Path
) -> None:
    write_jsonl(
        tmp_path / "a.jsonl", [{"text": "Same story."}, {"text": "Other story."}, {"text": "Same story."}]
    )
    (tmp_path / "b.txt").write_text("Same story.", "utf-8")

    first = import_paths(project, [tmp_path])
    second = import_paths(project, [tmp_path / "a.jsonl"])

    assert (first.imported, first.duplicates) == (2, 2)
    assert (second.imported, second.duplicates, second.document_ids) == (0, 3, [])
    assert project.count_documents() == 2


def test_the_same_file_given_twice_is_read_once(project: Project, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "Only once."}])

    report = import_paths(project, [path, tmp_path, path])

    assert (report.imported, report.duplicates) == (1, 0)


def test_a_stopped_import_keeps_whole_batches_and_a_rerun_completes_it(
    project: Project, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "many.jsonl",
        [{"text": f"Story number {n}.", "spans": [{"start": 0, "end": 5, "label": "X"}]} for n in range(450)],
    )
    calls: list[tuple[int, int]] = []

    stopped = import_paths(
        project, [path], progress=lambda done, total: calls.append((done, total)), should_stop=lambda: True
    )

    assert stopped.cancelled and stopped.imported == 200
    assert project.count_documents() == 200
    assert all(len(project.spans(doc_id)) == 1 for doc_id in stopped.document_ids)
    assert calls and 0 < calls[-1][0] < calls[-1][1] == path.stat().st_size

    rerun = import_paths(project, [path])

    assert (rerun.cancelled, rerun.imported, rerun.duplicates, rerun.spans) == (False, 250, 200, 250)
    assert project.count_documents() == 450


def test_progress_counts_bytes_of_all_files_up_to_the_total(project: Project, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_jsonl(inputs / "a.jsonl", [{"text": f"A {n}"} for n in range(300)])
    (inputs / "b.txt").write_text("B", "utf-8")
    total = sum(path.stat().st_size for path in inputs.iterdir())
    calls: list[tuple[int, int]] = []

    import_paths(project, [inputs], progress=lambda done, whole: calls.append((done, whole)))

    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_rejections_stay_rejections_when_importing_as_suggestions(project: Project, tmp_path: Path) -> None:
    task = {"text": "Lumen Labs hired staff.", "spans": [{"start": 0, "end": 10, "label": "ORG"}]}
    path = write_jsonl(tmp_path / "teach.jsonl", [{**task, "answer": "reject"}])

    report = import_paths(project, [path], as_suggestions=True)

    [span] = project.spans(report.document_ids[0])
    assert (span.status, span.origin) == ("rejected", "model")


def test_an_exported_status_never_overrides_work_on_a_document_already_there(
    project: Project, tmp_path: Path
) -> None:
    doc_id, _ = project.add_document("Rana Okafor spoke.")
    project.set_document_status(doc_id, "in_progress")
    path = write_jsonl(tmp_path / "own.jsonl", [{"text": "Rana Okafor spoke.", "_status": "skipped"}])

    import_paths(project, [path])

    assert project.document(doc_id).status == "in_progress"


def test_problems_are_listed_in_file_and_line_order(project: Project, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    bad_span = {"text": "Short.", "spans": [{"start": 0, "end": 50, "label": "X"}]}
    write_jsonl(inputs / "a.jsonl", [bad_span, "not an object"])
    (inputs / "b.txt").write_text(" ", "utf-8")

    report = import_paths(project, [inputs, tmp_path / "gone.txt"])

    assert [(Path(p.where).name, p.line) for p in report.problems] == [
        ("gone.txt", None),
        ("a.jsonl", 1),
        ("a.jsonl", 2),
        ("b.txt", None),
    ]


def test_a_folder_without_importable_files_is_a_warning(project: Project, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    report = import_paths(project, [tmp_path / "empty"])

    assert report.failed == 0
    assert [(p.severity, p.message) for p in report.problems] == [
        ("warning", "no .txt, .jsonl or .csv files in this folder")
    ]


def test_a_file_of_only_bad_lines_still_reports_progress_and_can_be_stopped(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text("{broken\n" * 1000, "utf-8")
    calls: list[tuple[int, int]] = []

    report = import_paths(
        project, [path], progress=lambda done, total: calls.append((done, total)), should_stop=lambda: True
    )

    assert report.cancelled and report.failed == 200
    assert calls == [(200 * len("{broken\n"), path.stat().st_size)]
