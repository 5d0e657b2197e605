"""Export tokenizes a long run of marks without spaces as suggest does: bounded, exact, aligned."""

from __future__ import annotations

import json
from pathlib import Path

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
