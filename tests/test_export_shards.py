"""DocBin export to a folder: numbered shard files, train/dev folders, and folders it must not replace."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.export.newsroom import build

from annotator.exporting import export_docbin, running
from annotator.store import Project


def docs_in(folder: Path) -> list[str]:
    """The texts of every document in the folder's shards, read the way ``spacy train`` reads a folder."""
    from spacy.training import Corpus

    from annotator.exporting.tokens import blank_pipeline

    return [example.reference.text for example in Corpus(folder)(blank_pipeline("en"))]


def test_a_folder_gets_shards_of_the_set_size(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(running, "SHARD_SIZE", 1)
    build(project)

    report = export_docbin(project, tmp_path / "corpus")

    assert sorted(path.name for path in (tmp_path / "corpus").iterdir()) == ["00000.spacy", "00001.spacy"]
    assert report.files == [tmp_path / "corpus"] and "corpus/" in report.summary()
    assert sorted(docs_in(tmp_path / "corpus")) == sorted(
        d.text for d in project.documents() if d.status != "skipped"
    )


def test_a_split_folder_gets_train_and_dev_folders(project: Project, tmp_path: Path) -> None:
    build(project)

    export_docbin(project, tmp_path / "corpus", split=0.5, seed=1)

    assert sorted(path.name for path in (tmp_path / "corpus").iterdir()) == ["dev", "train"]
    assert len(docs_in(tmp_path / "corpus" / "train")) == 1 and len(docs_in(tmp_path / "corpus" / "dev")) == 1


def test_an_earlier_export_folder_is_replaced_whole(project: Project, tmp_path: Path) -> None:
    build(project)
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "00007.spacy").write_bytes(b"old shard")

    export_docbin(project, out)

    assert [path.name for path in out.iterdir()] == ["00000.spacy"]
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_a_folder_with_other_files_is_refused_and_left_alone(project: Project, tmp_path: Path) -> None:
    build(project)
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"months of work")

    with pytest.raises(ValueError, match=r"other than \.spacy files"):
        export_docbin(project, out)

    assert [path.name for path in out.iterdir()] == ["chapter1.docx"]
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]
