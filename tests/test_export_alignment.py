"""Any text, any span: code-point offsets, tokens that rebuild the text and fit every span, splits noted."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.exporting import export_jsonl
from annotator.exporting.tokens import blank_pipeline
from annotator.store import Project

ALPHABET = st.sampled_from([*"ab Z.,-'\"\r\n\t😀東京éשלום", "e\u0301", "👩\u200d👧"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=40).map("".join).filter(str.strip)


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(TEXTS)
    offsets = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
    pairs = draw(st.lists(offsets.filter(lambda pair: pair[0] < pair[1]), max_size=5, unique=True))
    return text, pairs


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """One project for all examples: a new file per example would dominate the run time."""
    with Project.open(tmp_path_factory.mktemp("alignment") / "p.annotator", annotator="tester") as opened:
        yield opened


@settings(max_examples=60, deadline=None)
@given(case=texts_with_spans())
def test_every_span_is_exported_and_each_misaligned_one_is_reported(
    shared_project: Project, case: tuple[str, list[tuple[int, int]]]
) -> None:
    text, pairs = case
    project, out = shared_project, shared_project.path.with_name("out.jsonl")
    project.conn.execute("DELETE FROM documents")
    doc_id, _ = project.add_document(text)
    for start, end in pairs:
        project.add_span(doc_id, start, end, "X")
    report = export_jsonl(project, out)
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]

    assert record["text"] == text
    assert "".join(token["text"] + " " * token["ws"] for token in record["tokens"]) == text
    assert sorted((span["start"], span["end"]) for span in record["spans"]) == sorted(pairs)
    doc = blank_pipeline("en").make_doc(text)
    misaligned = [pair for pair in pairs if doc.char_span(*pair) is None]
    assert len(report.problems) == len(misaligned)
    for span in record["spans"]:  # the tokens are split where a span starts or ends inside one
        assert record["tokens"][span["token_start"]]["start"] == span["start"]
        assert record["tokens"][span["token_end"]]["end"] == span["end"]
    assert [token["id"] for token in record["tokens"]] == list(range(len(record["tokens"])))
