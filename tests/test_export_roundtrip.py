"""Export -> import into a new project -> export gives the same JSONL, apart from the latest change.

``_timestamp`` and ``_annotator_id`` say when and by whom a document was last
changed in the project exported from; in the new project that change is the
import itself, so those two keys are the only ones allowed to differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.export.newsroom import at, build

from annotator import importing
from annotator.exporting import export_jsonl
from annotator.store import Project

UNICODE_TEXT = "Zoë 😀 said «東京は晴れ» to cafe\u0301 owners.\r\nשלום עולם.\r\n"


LATEST_CHANGE = ("_timestamp", "_annotator_id")


def lines_without_latest_change(path: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [{key: value for key, value in record.items() if key not in LATEST_CHANGE} for record in records]


def fill(project: Project) -> None:
    build(project)
    doc_id, _ = project.add_document(UNICODE_TEXT, title="Unicode", meta={"lang": "mixed", "n": [1, 2]})
    project.add_span(doc_id, *at(UNICODE_TEXT, "Zoë"), "PERSON", annotator="ana")
    quote = project.add_span(
        doc_id,
        *at(UNICODE_TEXT, "東京は晴れ"),
        "QUOTE",
        kind="quote",
        status="suggested",
        origin="model",
        model="quotes-v1",
        attributes={"type": "indirect", "speaker_name": None, "confidence": 0.4, "parts": [[12, 17]]},
    )
    speaker = project.find_span(doc_id, *at(UNICODE_TEXT, "Zoë"), "PERSON")
    assert speaker is not None
    project.set_relation(quote.id, "SPEAKER", speaker.id)
    project.add_span(doc_id, 9, 11, "MISC", status="rejected")  # misaligned: inside «東京…


@pytest.mark.parametrize("include_all", [False, True], ids=["accepted", "all"])
def test_export_import_export_is_identical_apart_from_the_latest_change(
    project: Project, tmp_path: Path, include_all: bool
) -> None:
    fill(project)
    first = tmp_path / "first.jsonl"
    export_jsonl(project, first, include_all=include_all)

    with Project.open(tmp_path / "copy.annotator", annotator="tester") as copy:
        imported = importing.import_paths(copy, [first])
        assert imported.imported == 4, imported.problems
        second = tmp_path / "second.jsonl"
        export_jsonl(copy, second, include_all=include_all)

    assert lines_without_latest_change(second) == lines_without_latest_change(first)
