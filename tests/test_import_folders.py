"""What a folder import reads: links, pipes and unreadable files (issue 13, items 3 and 6).

One bad entry is reported by path and the rest of the folder is imported; links are
followed only to files inside the imported folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.importing import ImportReport, import_paths
from annotator.importing.importer import BROKEN_LINK, NOT_A_FILE
from annotator.store import Project


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder with two good articles, one of them in a subfolder."""
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("First article.", "utf-8")
    (folder / "sub" / "b.txt").write_text("Second article.", "utf-8")
    return folder


def texts(project: Project) -> list[str]:
    return sorted(document.text for document in project.documents())


def errors(report: ImportReport) -> dict[str, str]:
    return {Path(p.where).name: p.message for p in report.problems if p.severity == "error"}


@pytest.mark.parametrize("kind", ["dangling", "loop", "loop-of-two"])
def test_a_broken_link_is_reported_and_the_rest_of_the_folder_imported(
    project: Project, tmp_path: Path, inbox: Path, kind: str
) -> None:
    if kind == "dangling":
        (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    elif kind == "loop":
        (inbox / "gone.txt").symlink_to(inbox / "gone.txt")
    else:
        (inbox / "gone.txt").symlink_to(inbox / "sub" / "back.txt")
        (inbox / "sub" / "back.txt").symlink_to(inbox / "gone.txt")

    report = import_paths(project, [inbox])

    assert texts(project) == ["First article.", "Second article."]
    assert errors(report)["gone.txt"] == BROKEN_LINK
    assert report.failed == (1 if kind != "loop-of-two" else 2)


def test_a_broken_link_named_on_its_own_is_reported(project: Project, tmp_path: Path, inbox: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")

    report = import_paths(project, [tmp_path / "loop.txt", inbox])

    assert errors(report) == {"loop.txt": BROKEN_LINK}
    assert len(texts(project)) == 2


def test_a_link_out_of_the_folder_is_not_followed_and_is_reported(
    project: Project, tmp_path: Path, inbox: Path
) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----", "utf-8")
    (inbox / "notes.txt").symlink_to(secret)
    (inbox / "sub" / "up.txt").symlink_to(Path("..", "..", "id_rsa"))  # relative, climbing out

    report = import_paths(project, [inbox])

    assert texts(project) == ["First article.", "Second article."]
    said = errors(report)
    for name in ("notes.txt", "up.txt"):
        assert said[name] == f"a link to a file outside {inbox} ({secret}): not followed, not read"
    assert report.failed == 2


def test_a_link_to_a_file_inside_the_folder_is_read_once(project: Project, inbox: Path) -> None:
    (inbox / "same.txt").symlink_to(inbox / "sub" / "b.txt")
    (inbox / "rel.txt").symlink_to(Path("sub", "b.txt"))

    report = import_paths(project, [inbox])

    assert (report.imported, report.failed, report.problems) == (2, 0, [])


def test_a_folder_reached_through_a_link_reads_its_own_files(
    project: Project, tmp_path: Path, inbox: Path
) -> None:
    (tmp_path / "alias").symlink_to(inbox)
    (inbox / "link.txt").symlink_to(inbox / "a.txt")

    report = import_paths(project, [tmp_path / "alias"])

    assert (report.imported, report.problems) == (2, [])


def test_a_link_to_a_folder_outside_is_not_followed_and_is_reported(
    project: Project, tmp_path: Path, inbox: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "private.txt").write_text("Not for import.", "utf-8")
    (inbox / "more").symlink_to(elsewhere)
    (inbox / "loop").symlink_to(inbox)

    report = import_paths(project, [inbox])

    assert texts(project) == ["First article.", "Second article."]
    [problem] = report.problems
    assert (problem.where, problem.severity) == (str(inbox / "more"), "warning")
    assert problem.message == f"a link to a folder outside {inbox} ({elsewhere}): not followed"


def test_a_pipe_named_like_an_article_is_not_read(project: Project, inbox: Path) -> None:
    os.mkfifo(inbox / "pipe.txt")  # reading it would wait forever

    report = import_paths(project, [inbox, inbox / "pipe.txt"])

    assert texts(project) == ["First article.", "Second article."]
    assert [(Path(p.where).name, p.message) for p in report.problems] == [
        ("pipe.txt", NOT_A_FILE),
        ("pipe.txt", NOT_A_FILE),
    ]


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_imported(
    project: Project, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)

    report = import_paths(project, [inbox])

    assert texts(project) == ["Second article."]
    assert errors(report) == {"a.txt": "could not read it: Permission denied"}


def test_a_file_name_that_is_not_utf8_is_stored_readably(project: Project, tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(folder + b"/caf\xe9.txt", "wb") as stream:
        stream.write(b"A first line far too long to be a headline. " * 4)

    report = import_paths(project, [tmp_path])

    document = project.document(report.document_ids[0])
    assert (document.title, document.meta) == ("caf\ufffd", {"source": "caf\ufffd.txt"})


def test_a_subfolder_that_cannot_be_listed_is_reported_and_the_rest_imported(
    project: Project, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir

    def refuse(path: str | Path = ".") -> object:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)

    report = import_paths(project, [inbox])

    assert texts(project) == ["First article."]
    assert [(p.where, p.message) for p in report.problems] == [
        (str(inbox / "sub"), "could not read this folder: Permission denied")
    ]
