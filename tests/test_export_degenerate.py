"""Export tokenizes a long run of marks without spaces as suggest does: bounded, exact, aligned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.exporting import export_jsonl
from annotator.store import Project
from annotator.tokenizing import LONG_RUN

RUN = '"' * 20_000


def test_a_long_run_of_quote_marks_exports_with_tokens_that_rebuild_the_text(tmp_path: Path) -> None:
    text = f"Mayor Ana Ruiz said it. {RUN} Then Bo Lee spoke."
    with Project.open(tmp_path / "p.annotator") as project:
        doc_id, _ = project.add_document(text)
        project.add_span(doc_id, text.index("Bo Lee"), text.index("Bo Lee") + 6, "PERSON")
        out = tmp_path / "out.jsonl"
        export_jsonl(project, out)
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    tokens = record["tokens"]
    rebuilt = "".join(t["text"] + (" " if t["ws"] else "") for t in tokens)
    assert rebuilt == text
    assert max(len(t["text"]) for t in tokens) < LONG_RUN
    (span,) = record["spans"]
    words = [t["text"] for t in tokens[span["token_start"] : span["token_end"] + 1]]
    assert words == ["Bo", "Lee"]


@pytest.mark.parametrize("suffix", [".jsonl", ".spacy"])
def test_a_document_longer_than_spacy_tokenizes_is_named_and_the_others_exported(
    tmp_path: Path, suffix: str
) -> None:
    """Import refuses such a document; a project from before that limit may still hold one."""
    with Project.open(tmp_path / "p.annotator") as project:
        project.add_document("A short one. Ana Ruiz said so.")
        long_id, _ = project.add_document("word " * 200_001)
        project.add_document("Another short one.")
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(main, ["export", str(tmp_path / "p.annotator"), str(out)])
    assert result.exit_code == 1
    assert f"document {long_id}: error: 1,000,005 characters, more than the 1,000,000" in result.output
    assert "Exported 2 documents" in result.output
    assert "Traceback" not in result.output
    with_no_tokens = CliRunner().invoke(
        main, ["export", str(tmp_path / "p.annotator"), str(tmp_path / "all.jsonl"), "--no-tokens"]
    )
    assert with_no_tokens.exit_code == 0 and "Exported 3 documents" in with_no_tokens.output
