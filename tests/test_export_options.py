"""ExportOptions: one value from the command line or the dialog down to the worker processes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from annotator.exporting import ExportOptions, export, export_jsonl
from annotator.store import Project


def test_options_survive_the_trip_to_a_worker_process() -> None:
    options = ExportOptions(format="spacy", include_all=True, done_only=True, split=0.2, seed=7, processes=2)
    assert pickle.loads(pickle.dumps(options)) == options


@pytest.mark.parametrize(
    "choices",
    [{"format": "csv"}, {"split": 1.0}, {"format": "spacy", "tokens": False}, {"processes": 0}],
    ids=["format", "split", "docbin-without-tokens", "processes"],
)
def test_impossible_choices_are_refused_when_made(choices: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ExportOptions(**choices)  # type: ignore[arg-type]


def test_options_or_keywords_but_not_both(project: Project, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="not both"):
        export_jsonl(project, tmp_path / "out.jsonl", ExportOptions(), include_all=True)
    with pytest.raises(ValueError, match="spacy export, not jsonl"):
        export_jsonl(project, tmp_path / "out.jsonl", ExportOptions(format="spacy"))
    assert not (tmp_path / "out.jsonl").exists()


def test_export_writes_the_format_the_options_name(project: Project, tmp_path: Path) -> None:
    project.add_document("Ana Ruiz met Tom Briggs in Denver.")

    report = export(project, tmp_path / "out.jsonl", ExportOptions(tokens=False))

    assert report.documents == 1 and report.files == [tmp_path / "out.jsonl"]
    assert '"tokens"' not in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
