"""Offsets are code points into the exact text: emoji, CJK, combining marks, right-to-left script, CRLF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.importing import import_paths
from annotator.store import Project

TEXT = (
    "Zoë 😀 met 👩🏽‍🔬 in 東京 today.\r\n"
    "The café\u0301 owner (cafe\u0301) said: «שלום עולם» and «مرحبا».\r\n"
    "한국어 text, then 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.\r\n"
)
WANTED = [
    ("Zoë", "PERSON"),
    ("👩🏽‍🔬", "PERSON"),
    ("東京", "GPE"),
    ("cafe\u0301", "ORG"),
    ("שלום עולם", "MISC"),
    ("مرحبا", "MISC"),
    ("한국어", "LANGUAGE"),
    ("𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "MISC"),
]


def spans_for(text: str) -> list[dict[str, object]]:
    spans = []
    for wanted, label in WANTED:
        start = text.index(wanted)
        spans.append({"start": start, "end": start + len(wanted), "label": label, "text": wanted})
    return spans


@pytest.mark.parametrize("ensure_ascii", [False, True], ids=["raw-utf8", "escaped"])
def test_every_span_covers_its_intended_text_in_the_stored_document(
    project: Project, tmp_path: Path, ensure_ascii: bool
) -> None:
    path = tmp_path / "unicode.jsonl"
    line = json.dumps({"text": TEXT, "spans": spans_for(TEXT)}, ensure_ascii=ensure_ascii)
    path.write_text(line + "\n", "utf-8")

    report = import_paths(project, [path])

    assert report.problems == [] and report.spans == len(WANTED)
    document = project.document(report.document_ids[0])
    assert document.text == TEXT
    stored = sorted((document.text[s.start : s.end], s.label) for s in project.spans(document.id))
    assert stored == sorted(WANTED)


@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_unicode_and_crlf_text_files_are_stored_exactly(
    project: Project, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"unicode{suffix}"
    path.write_bytes((TEXT if suffix == ".txt" else 'text\r\n"' + TEXT + '"\r\n').encode("utf-8"))

    report = import_paths(project, [path])

    assert project.document(report.document_ids[0]).text == TEXT


# Any text without lone surrogates (JSON can carry them, SQLite cannot store them).
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1).filter(
    str.strip
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, data=st.data())
def test_any_text_and_span_round_trip_through_jsonl(
    project: Project, tmp_path: Path, text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    path = tmp_path / "generated.jsonl"
    line = {"text": text, "spans": [{"start": start, "end": end, "label": "X"}]}
    path.write_text(json.dumps(line, ensure_ascii=data.draw(st.booleans())) + "\n", "utf-8")

    report = import_paths(project, [path])

    assert report.failed == 0, report.problems
    document_id = project.document_id_for_text(text)
    assert document_id is not None
    assert project.document(document_id).text == text
    assert any((s.start, s.end) == (start, end) for s in project.spans(document_id))
