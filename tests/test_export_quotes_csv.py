"""The quotes table (issue 16): a CSV row per quote, read back unchanged by pandas and Python's csv module."""

from __future__ import annotations

import codecs
import csv
import os
import sqlite3
from pathlib import Path

import pandas
import pytest
from click.testing import CliRunner, Result
from fixtures.export.newsroom import build

from annotator.cli import main
from annotator.exporting import ExportOptions, ExportRefused, export, export_quotes_csv
from annotator.exporting.quotes_csv import COLUMNS
from annotator.store import Project

# Quote texts a spreadsheet, pandas or R could get wrong: each must come back exactly.
HOSTILE = [
    "“Fans 😀 of Zoe\u0308 met in 東京 and القاهرة,”",
    'He said "no, never, not ever"',
    "first line\r\nsecond line, after a CRLF",
    "a bare\nline feed and a\rcarriage return",
    '=HYPERLINK("https://example.org","click")',
    "-1 degree, +2 tomorrow",
    "  spaces around  ",
]
TITLE = 'Title, with "quotes", 東京 and a\r\nline break'


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def hostile_project(project: Project) -> int:
    """One document whose accepted quotes are :data:`HOSTILE`, the first with speaker, cue and a guess."""
    text = ""
    offsets = []
    for quote in HOSTILE:
        offsets.append((len(text), len(text) + len(quote)))
        text += quote + " Li Wei said. "
    document, _ = project.add_document(text, title=TITLE, meta={"source": "wire, Reuters"})
    attributes: list[dict[str, object]] = [{"type": "direct"} for _ in HOSTILE]
    attributes[0]["speaker_name"] = "李伟 (Li Wei)"
    attributes[1]["suggested_stance"] = {"label": "against", "p": 0.73}
    quotes = [
        project.add_span(document, start, end, "QUOTE", kind="quote", attributes=attributes[number])
        for number, (start, end) in enumerate(offsets)
    ]
    speaker_start = offsets[0][1] + 1
    speaker = project.add_span(document, speaker_start, speaker_start + 6, "PERSON")
    cue = project.add_span(document, speaker_start + 7, speaker_start + 11, "CUE", kind="cue")
    project.set_relation(quotes[0].id, "SPEAKER", speaker.id)
    project.set_relation(quotes[0].id, "CUE", cue.id)
    return document


def test_a_row_per_accepted_quote_with_its_speaker_cue_stance_and_annotator(
    project: Project, tmp_path: Path
) -> None:
    news = build(project)
    out = tmp_path / "quotes.csv"

    report = export_quotes_csv(project, out)

    frame = pandas.read_csv(out)
    assert list(frame.columns) == list(COLUMNS)
    [row] = frame.to_dict("records")
    assert row["document_id"] == news.briggs and row["title"] == "Briggs on the plan"
    assert row["quote"] == 'The plan works," he said, "and it will pass.'
    assert (row["start"], row["end"]) == (news.quote.start, news.quote.end)
    assert (row["type"], row["speaker"], row["speaker_name"], row["cue"]) == (
        "direct",
        "he",
        "Tom Briggs",
        "said",
    )
    assert (row["stance"], row["annotator"], row["status"]) == ("favor", "tester", "accepted")
    assert pandas.isna(row["suggested_stance"]) and pandas.isna(row["suggested_stance_p"])
    assert report.quotes == 1 and not report.problems
    assert report.summary() == "Exported 3 documents with 1 quote to quotes.csv."


def test_the_file_is_utf8_with_a_byte_order_mark_and_crlf_rows(project: Project, tmp_path: Path) -> None:
    build(project)
    out = tmp_path / "quotes.csv"
    export_quotes_csv(project, out)

    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8 + b"document_id,title,source,start,end,quote,")
    assert raw.endswith(b",tester,accepted\r\n") and raw.count(b"\r\n") == 2


def test_pandas_default_reader_gives_back_every_text_exactly(project: Project, tmp_path: Path) -> None:
    document = hostile_project(project)
    out = tmp_path / "quotes.csv"
    export_quotes_csv(project, out)

    frame = pandas.read_csv(out)

    assert list(frame.columns) == list(COLUMNS)
    assert frame["quote"].tolist() == HOSTILE
    assert set(frame["title"]) == {TITLE} and set(frame["source"]) == {"wire, Reuters"}
    assert frame["document_id"].tolist() == [document] * len(HOSTILE)
    first, second = frame.iloc[0], frame.iloc[1]
    assert (first["speaker"], first["speaker_name"], first["cue"]) == ("Li Wei", "李伟 (Li Wei)", "said")
    assert (second["suggested_stance"], second["suggested_stance_p"]) == ("against", 0.73)


def test_python_csv_reader_with_utf8_sig_gives_back_every_text_exactly(
    project: Project, tmp_path: Path
) -> None:
    hostile_project(project)
    out = tmp_path / "quotes.csv"
    export_quotes_csv(project, out)

    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))

    assert list(rows[0]) == list(COLUMNS)
    assert [row["quote"] for row in rows] == HOSTILE
    assert {row["title"] for row in rows} == {TITLE}
    assert rows[1]["suggested_stance_p"] == "0.73" and rows[2]["suggested_stance"] == ""


def test_all_adds_suggested_and_rejected_quotes_with_their_status(project: Project, tmp_path: Path) -> None:
    news = build(project)
    project.add_span(news.second, 0, 14, "QUOTE", kind="quote", status="suggested", origin="model")
    project.add_span(news.second, 15, 21, "QUOTE", kind="quote", status="rejected", origin="model")
    out = tmp_path / "quotes.csv"

    accepted = pandas.read_csv(out) if export_quotes_csv(project, out) else None
    report = export_quotes_csv(project, out, include_all=True)

    assert accepted is not None and accepted["status"].tolist() == ["accepted"]
    assert pandas.read_csv(out)["status"].tolist() == ["accepted", "suggested", "rejected"]
    assert report.quotes == 3


def test_done_only_keeps_the_quotes_of_documents_marked_done(project: Project, tmp_path: Path) -> None:
    news = build(project)
    project.add_span(news.second, 0, 14, "QUOTE", kind="quote")
    out = tmp_path / "quotes.csv"

    export_quotes_csv(project, out)
    assert pandas.read_csv(out)["document_id"].tolist() == [news.briggs, news.second]
    export_quotes_csv(project, out, done_only=True)
    assert pandas.read_csv(out)["document_id"].tolist() == [news.briggs]


def test_a_project_without_quotes_gives_the_header_alone(project: Project, tmp_path: Path) -> None:
    project.add_document("Nothing was said.", title="Quiet")
    out = tmp_path / "quotes.csv"

    report = export_quotes_csv(project, out)

    assert out.read_bytes() == codecs.BOM_UTF8 + (",".join(COLUMNS) + "\r\n").encode()
    assert pandas.read_csv(out).empty and report.summary().endswith("with 0 quotes to quotes.csv.")


def test_the_project_its_wal_and_devices_are_refused(project: Project, tmp_path: Path) -> None:
    build(project)
    options = ExportOptions(format="quotes-csv")
    for target in (project.path, Path(f"{project.path}-wal"), Path(os.devnull)):
        with pytest.raises(ExportRefused):
            export(project, target, options)
    assert Path(os.devnull).is_char_device()


def test_a_stopped_export_leaves_the_old_file_as_it_was(project: Project, tmp_path: Path) -> None:
    build(project)
    out = tmp_path / "quotes.csv"
    out.write_text("an earlier table\n", encoding="utf-8")

    report = export_quotes_csv(project, out, should_stop=lambda: True)

    assert report.cancelled and out.read_text(encoding="utf-8") == "an earlier table\n"
    assert not list(tmp_path.glob(".annotator-*"))  # no temp file left


def test_a_damaged_document_is_named_and_the_others_are_written(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        news = build(project)
        second_quote = project.add_span(news.second, 0, 14, "QUOTE", kind="quote")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE spans SET attributes = '{\"type\": ' WHERE id = ?", (news.quote.id,))
    conn.close()
    out = tmp_path / "quotes.csv"

    with Project.open(path, read_only=True) as project:
        report = export_quotes_csv(project, out)

    assert pandas.read_csv(out)["start"].tolist() == [second_quote.start]
    [problem] = [str(problem) for problem in report.problems]
    assert problem.startswith(f"document {news.briggs}: error: ") and "left out" in problem


def test_a_value_that_is_not_text_is_written_as_json_with_a_warning(project: Project, tmp_path: Path) -> None:
    news = build(project)
    project.conn.execute(
        "UPDATE spans SET attributes = ? WHERE id = ?",
        ('{"type": ["direct"], "speaker_name": NaN}', news.quote.id),
    )
    out = tmp_path / "quotes.csv"

    report = export_quotes_csv(project, out)

    [row] = pandas.read_csv(out).to_dict("records")
    assert row["type"] == '["direct"]' and pandas.isna(row["speaker_name"])
    [problem] = [str(problem) for problem in report.problems]
    assert problem.startswith(
        f"document {news.briggs}: warning: type, speaker_name: neither text nor a number"
    )


# ------------------------------------------------------------------------------ the command line


def test_the_command_writes_the_table_and_counts_the_quotes(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        hostile_project(project)
    out = tmp_path / "table.txt"

    result = invoke("export", path, out, "--format", "quotes-csv")

    assert result.exit_code == 0, result.output
    assert "Exported 1 document with 7 quotes to table.txt." in result.output
    assert pandas.read_csv(out)["quote"].tolist() == HOSTILE


def test_a_csv_name_chooses_the_quotes_table_and_all_adds_every_quote(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        news = build(project)
        project.add_span(news.second, 0, 14, "QUOTE", kind="quote", status="suggested", origin="model")
    out = tmp_path / "quotes.csv"

    result = invoke("export", path, out, "--all", "--done-only")

    assert result.exit_code == 0, result.output
    assert pandas.read_csv(out)["status"].tolist() == ["accepted"]
    assert invoke("export", path, out, "--all").exit_code == 0
    assert pandas.read_csv(out)["status"].tolist() == ["accepted", "suggested"]


@pytest.mark.parametrize("flag", [["--split", "0.2"], ["--all-annotators"]])
def test_the_command_refuses_a_split_or_every_annotator_for_the_table(
    tmp_path: Path, flag: list[str]
) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        build(project)

    result = invoke("export", path, tmp_path / "quotes.csv", *flag)

    assert result.exit_code == 2 and "a quotes table is one file of one version" in result.output
    assert not (tmp_path / "quotes.csv").exists()


def test_the_command_refuses_the_project_file_and_leaves_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "news.annotator"
    with Project.open(path, annotator="tester") as project:
        build(project)
    before = path.read_bytes()

    result = invoke("export", path, path, "--format", "quotes-csv")

    assert result.exit_code == 2 and "is the project file itself" in result.output
    assert path.read_bytes() == before


def test_the_options_refuse_a_split_for_the_table() -> None:
    with pytest.raises(ValueError, match="no train/dev split"):
        ExportOptions(format="quotes-csv", split=0.2)
