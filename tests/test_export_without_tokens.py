"""JSONL export without tokens: the same records minus Prodigy's token list and token indexes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from fixtures.export.newsroom import build
from hypothesis import given
from hypothesis import strategies as st

from annotator.exporting import export_jsonl
from annotator.importing import import_paths
from annotator.store import Project

TOKEN_KEYS = {"tokens", "token_start", "token_end", "head", "child"}


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_token_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_token_keys(item) for key, item in value.items() if key not in TOKEN_KEYS}
    if isinstance(value, list):
        return [without_token_keys(item) for item in value]
    return value


def test_lines_are_the_tokenised_records_without_tokens_or_token_indexes(
    project: Project, tmp_path: Path
) -> None:
    build(project)
    export_jsonl(project, tmp_path / "with.jsonl", include_all=True)
    report = export_jsonl(project, tmp_path / "without.jsonl", include_all=True, tokens=False)

    with_tokens, without = read(tmp_path / "with.jsonl"), read(tmp_path / "without.jsonl")
    assert report.documents == 3 and not report.problems
    assert without == [without_token_keys(record) for record in with_tokens]
    assert not any(TOKEN_KEYS & set(record) for record in without)
    assert any(record["relations"] for record in without)
    assert all({"head_span", "child_span", "label"} == set(link) for r in without for link in r["relations"])


def test_spans_off_token_boundaries_raise_no_problem_without_tokens(project: Project, tmp_path: Path) -> None:
    ((document, _),) = project.add_documents([{"text": "Washington-based firms grew."}])
    project.add_span(document, 0, 4, "GPE")  # "Wash": inside a token

    tokenised = export_jsonl(project, tmp_path / "with.jsonl")
    plain = export_jsonl(project, tmp_path / "without.jsonl", tokens=False)

    assert tokenised.problems and not plain.problems
    span = read(tmp_path / "without.jsonl")[0]["spans"][0]
    assert (span["start"], span["end"], span["label"]) == (0, 4, "GPE") and "token_start" not in span


def test_a_token_free_export_imports_back_to_the_same_spans_and_links(
    project: Project, tmp_path: Path
) -> None:
    build(project)
    export_jsonl(project, tmp_path / "out.jsonl", include_all=True, tokens=False)

    with Project.open(tmp_path / "copy.annotator", annotator="someone") as copy:
        import_paths(copy, [tmp_path / "out.jsonl"])

        def summary(p: Project) -> list[tuple[Any, ...]]:
            return sorted(
                (span.start, span.end, span.label, span.kind, span.status, span.stance)
                for document in p.documents()
                for span in p.spans(document.id)
            )

        assert summary(copy) == summary(project)
        assert len(copy.relations(next(iter(copy.documents())).id)) == len(
            project.relations(next(iter(project.documents())).id)
        )


def test_the_token_free_export_does_not_need_spacy() -> None:
    """A worker process for a token-free export starts without importing spaCy."""
    code = (
        "import sys, annotator.exporting.parallel, annotator.exporting.jsonl; print('spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@given(st.text())
def test_sqlites_json_quote_writes_text_as_json_dumps_does(text: str) -> None:
    """The export takes each text's JSON from SQLite's json_quote: it must be json.dumps's text."""
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")  # SQLite stores UTF-8
    quoted = sqlite3.connect(":memory:").execute("SELECT json_quote(?)", (text,)).fetchone()[0]
    assert quoted == json.dumps(text, ensure_ascii=False)
