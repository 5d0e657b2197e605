"""Exports with worker processes: the same files as one process writes, cancel, and failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.exporting import export_docbin, export_jsonl, parallel, running
from annotator.store import Project

WORDS = "Ana Ruiz met Tom Briggs in Denver, and Acme Corp said so."
DENVER = WORDS.index("Denver")


def fill(project: Project, count: int) -> None:
    """``count`` documents, each with two accepted entities and a suggestion inside a token."""
    texts = [{"text": f"{WORDS} Copy {n}."} for n in range(count)]
    ids = [doc_id for doc_id, _ in project.add_documents(texts)]
    with project.transaction():
        for doc_id in ids:
            project.add_span(doc_id, 0, 8, "PERSON")
            project.add_span(doc_id, DENVER, DENVER + 6, "GPE")
            project.add_span(doc_id, DENVER + 1, DENVER + 4, "LOC", status="suggested")


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 7)


@pytest.mark.slow
@pytest.mark.parametrize("tokens", [True, False])
def test_two_processes_write_the_same_jsonl_as_one(
    project: Project, tmp_path: Path, small_chunks: None, tokens: bool
) -> None:
    fill(project, 40)
    for document_id in range(1, 11):
        project.set_document_status(document_id, "done")
    one = export_jsonl(project, tmp_path / "one.jsonl", include_all=True, split=0.3, tokens=tokens)
    two = export_jsonl(
        project, tmp_path / "two.jsonl", include_all=True, split=0.3, tokens=tokens, processes=2
    )

    for part in ("train", "dev"):
        assert (tmp_path / f"two.{part}.jsonl").read_bytes() == (tmp_path / f"one.{part}.jsonl").read_bytes()
    assert (two.documents, two.not_done, two.spans, two.problems) == (
        one.documents,
        one.not_done,
        one.spans,
        one.problems,
    )
    assert one.not_done == 30
    assert sorted(path.name for path in tmp_path.iterdir() if "two" in path.name) == [
        "two.dev.jsonl",
        "two.train.jsonl",
    ]


@pytest.mark.slow
def test_two_processes_write_a_folder_with_the_same_documents(
    project: Project, tmp_path: Path, small_chunks: None
) -> None:
    from spacy.tokens import DocBin

    from annotator.exporting.tokens import blank_pipeline

    fill(project, 30)
    report = export_docbin(project, tmp_path / "corpus", processes=2)

    shards = sorted((tmp_path / "corpus").iterdir())
    assert [path.name for path in shards] == [f"{n:05d}.spacy" for n in range(5)]
    vocab = blank_pipeline("en").vocab
    docs = [doc for path in shards for doc in DocBin().from_disk(path).get_docs(vocab)]
    assert [doc.text for doc in docs] == [document.text for document in project.documents()]
    assert report.documents == 30 and [(e.text, e.label_) for e in docs[0].ents] == [
        ("Ana Ruiz", "PERSON"),
        ("Denver", "GPE"),
    ]


@pytest.mark.slow
def test_stopping_a_parallel_export_leaves_the_old_file_and_no_parts(
    project: Project, tmp_path: Path, small_chunks: None
) -> None:
    fill(project, 40)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    seen: list[int] = []

    report = export_jsonl(
        project,
        out,
        processes=2,
        progress=lambda done, _total: seen.append(done),
        should_stop=lambda: len(seen) > 1,
    )

    assert report.cancelled and not report.files
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not list(tmp_path.glob(".*"))  # no temp file, no chunk part


def test_small_exports_stay_in_one_process() -> None:
    assert running.auto_processes(100, tokens=True) == 1
    assert running.auto_processes(1000, tokens=False) == 1
    assert running.auto_processes(1_000_000, tokens=False) >= 1
