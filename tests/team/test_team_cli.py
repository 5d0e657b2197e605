"""assign, merge, agreement, review and export of versions from the command line, as a lead would run them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.actions.perform import perform
from annotator.cli import main
from annotator.store import Project

TEXTS = [
    f"Story {n}. Mayor Ana Ruiz said the bridge would open in May. Councillor Bo Lee called it a waste."
    for n in range(6)
]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def _lead_project(path: Path) -> None:
    with Project.open(path, annotator="lead") as project:
        for text in TEXTS:
            doc_id, _ = project.add_document(text, title=text[:8])
            with project.transaction():
                writer = project.suggestion_writer(doc_id, "en_core_web_sm", "model")
                start = text.index("Ana")
                writer.add_span("entity", start, start + len("Ana Ruiz"), "PERSON", {})
                start = text.index("Bo Lee")
                writer.add_span("entity", start, start + len("Bo Lee"), "PERSON", {})
                writer.flush()


def _play(path: Path, reject_bo: bool) -> None:
    """An annotator working through the actions layer: accept all (or reject Bo Lee first), then done."""
    with Project.open(path) as project:
        for doc_id in project.document_ids():
            if reject_bo:
                bo = next(
                    s
                    for s in project.spans(doc_id)
                    if project.document(doc_id).text[s.start : s.end] == "Bo Lee"
                )
                perform(project, doc_id, "reject", span=bo.id)
            perform(project, doc_id, "accept_all")
            perform(project, doc_id, "done_next", confirmed=True)


@pytest.mark.parametrize("command", ["assign", "merge", "agreement", "review"])
def test_each_team_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output


def test_assign_merge_agreement_review_export_round_trip(tmp_path: Path) -> None:
    lead = tmp_path / "news.annotator"
    _lead_project(lead)
    team = tmp_path / "team"
    result = invoke("assign", lead, team, "--annotators", "ana,ben", "--overlap", "1", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert "6 documents for ana, 6 shared" in result.output
    _play(team / "ana.annotator", reject_bo=False)
    _play(team / "ben.annotator", reject_bo=True)

    result = invoke("merge", lead, team / "ana.annotator", team / "ben.annotator")
    assert result.exit_code == 0, result.output
    assert "merged 6 documents of ana (0 new to this project" in result.output

    result = invoke("agreement", lead, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (pair,) = report["pairs"]
    assert (pair["a"], pair["b"], pair["documents"]) == ("ana", "ben", 6)
    assert pair["entities"]["exact"]["r"] == pytest.approx(0.5)
    assert pair["entities"]["exact"]["p"] == pytest.approx(1.0)
    assert [d["disagreements"] for d in report["documents"]] == [1] * 6
    text = invoke("agreement", lead)
    assert "ana and ben: 6 documents both marked done" in text.output

    result = invoke("review", lead, "--auto")
    assert result.exit_code == 0, result.output
    assert "Reviewed 6 documents: 6 agreed spans" in result.output
    assert "6 disagreements left" in result.output

    reviewed = tmp_path / "reviewed.jsonl"
    result = invoke("export", lead, reviewed, "--no-tokens")
    assert result.exit_code == 0, result.output
    assert "This is the reviewed version" in result.output
    lines = [json.loads(line) for line in reviewed.read_text(encoding="utf-8").splitlines()]
    assert [[s["label"] for s in line["spans"]] for line in lines] == [["PERSON"]] * 6

    every = tmp_path / "every.jsonl"
    assert invoke("export", lead, every, "--all-annotators", "--no-tokens").exit_code == 0
    lines = [json.loads(line) for line in every.read_text(encoding="utf-8").splitlines()]
    assert [line["_annotator_id"] for line in lines] == ["ana", "ben"] * 6
    assert [len(line["spans"]) for line in lines] == [2, 1] * 6
    assert {line["_status"] for line in lines} == {"done"}

    ana = tmp_path / "ana.jsonl"
    assert invoke("export", lead, ana, "--annotator", "ana", "--no-tokens").exit_code == 0
    assert ana.read_text(encoding="utf-8").count('"_annotator_id": "ana"') == 6


def test_refusals_are_one_plain_line(tmp_path: Path) -> None:
    lead = tmp_path / "news.annotator"
    _lead_project(lead)
    team = tmp_path / "team"
    assert invoke("assign", lead, team, "--annotators", "ana,ana").exit_code == 1
    assert invoke("assign", lead, team, "--annotators", "ana", "--overlap", "0.5").exit_code == 1
    result = invoke("assign", lead, team, "--annotators", "ana")
    assert result.exit_code == 0
    again = invoke("assign", lead, team, "--annotators", "ana")
    assert again.exit_code == 1 and "exists already" in again.output

    result = invoke("merge", lead, lead)
    assert result.exit_code == 1 and "being merged into" in result.output
    assert "Traceback" not in result.output

    result = invoke("agreement", lead)
    assert result.exit_code == 1 and "agreement needs two" in result.output
    result = invoke("export", lead, tmp_path / "x.jsonl", "--annotator", "zed")
    assert result.exit_code == 1 and "no annotator named 'zed'" in result.output
    result = invoke("export", lead, tmp_path / "x.spacy", "--all-annotators")
    assert result.exit_code == 2 and "DocBin holds one version" in result.output


def test_a_merge_into_a_newer_schema_project_is_refused_and_leaves_it(tmp_path: Path) -> None:
    lead = tmp_path / "news.annotator"
    _lead_project(lead)
    invoke("assign", lead, tmp_path / "team", "--annotators", "ana")
    with sqlite3.connect(lead) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = lead.read_bytes()
    result = invoke("merge", lead, tmp_path / "team" / "ana.annotator")
    assert result.exit_code == 1 and "newer annotator" in result.output
    assert lead.read_bytes() == before
