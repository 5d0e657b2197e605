"""Export -> import -> export is lossless for random Unicode texts and spans (hypothesis)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.exporting import export_jsonl
from annotator.importing import import_paths
from annotator.store import Project

LATEST_CHANGE = ("_timestamp", "_annotator_id")
# Any character but a lone surrogate and NUL (both refused on import, on purpose), with line ends and
# combining marks drawn often.
CHARACTERS = st.one_of(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    st.sampled_from(["\r\n", "\n", "\r", "\u0301", "😀", "東", "\ufeff", " ", "\u200d"]),
)
TEXTS = st.lists(CHARACTERS, min_size=1, max_size=40).map("".join).filter(lambda text: text.strip() != "")


@st.composite
def spans(draw: st.DrawFn, text: str) -> list[dict[str, Any]]:
    """Spans over ``text``: entities and quotes in every status, some with stance and attributes."""
    found = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from(["entity", "entity", "quote"]))
        found.append(
            {
                "start": start,
                "end": end,
                "label": "QUOTE" if kind == "quote" else draw(st.sampled_from(["PERSON", "ORG", "Ünï 東"])),
                "kind": kind,
                "status": draw(st.sampled_from(["accepted", "rejected", "suggested"])),
                "origin": draw(st.sampled_from(["human", "model"])),
                "stance": draw(st.sampled_from([None, "favor", "against"])),
                "attributes": (
                    {"type": draw(st.sampled_from(["direct", "indirect", "mixed"])), "parts": [[start, end]]}
                    if kind == "quote"
                    else {}
                ),
            }
        )
    return found


@st.composite
def documents(draw: st.DrawFn) -> list[tuple[str, list[dict[str, Any]], bool]]:
    texts = draw(st.lists(TEXTS, min_size=1, max_size=4, unique=True))
    return [(text, draw(spans(text)), draw(st.booleans())) for text in texts]


def without_latest_change(path: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return [{key: value for key, value in record.items() if key not in LATEST_CHANGE} for record in records]


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(documents())
def test_export_import_export_is_lossless_for_random_unicode(
    generated: list[tuple[str, list[dict[str, Any]], bool]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder, "first.jsonl"), Path(folder, "second.jsonl")
        with Project.open(Path(folder, "a.annotator"), annotator="ana") as project:
            for text, found, link in generated:
                document_id, _ = project.add_document(text, title=text[:10], meta={"text": text})
                stored = [project.add_span(document_id, **span) for span in found]
                quotes = [span for span in stored if span.kind == "quote"]
                others = [span for span in stored if span.kind != "quote"]
                if link and quotes and others:
                    project.set_relation(quotes[0].id, "SPEAKER", others[0].id)
            export_jsonl(project, first, include_all=True)
        with Project.open(Path(folder, "b.annotator"), annotator="ana") as copy:
            report = import_paths(copy, [first])
            assert report.imported == len(generated), report.problems
            assert not [problem for problem in report.problems if problem.severity == "error"]
            export_jsonl(copy, second, include_all=True)

        assert without_latest_change(second) == without_latest_change(first)
        assert [record["text"] for record in without_latest_change(first)] == [
            text for text, _, _ in generated
        ]
