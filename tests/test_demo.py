"""``annotator demo``: the sample project a new user sees first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.demo import DEMO_TOPIC, create_demo, demo_articles
from annotator.paths import demo_project_path
from annotator.store import Project
from annotator.suggest import pipeline


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo project made once for the module's read-only tests."""
    path = tmp_path_factory.mktemp("demo") / "demo.annotator"
    create_demo(path)
    return path


def test_the_sample_articles_are_long_news_with_quotes() -> None:
    articles = demo_articles()
    assert len(articles) >= 3
    for article in articles:
        text = article.read_text(encoding="utf-8")
        assert 400 <= len(text.split()) <= 900
        assert "said" in text
        assert "According to" in text


@pytest.mark.slow  # runs spaCy over the sample articles
def test_demo_without_gui_creates_the_project_with_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "demo.annotator"
    result = invoke("demo", path, "--no-gui")
    assert result.exit_code == 0, result.output
    with Project.open(path) as project:
        assert project.count_documents() >= 3
        assert project.setting("topic") == DEMO_TOPIC
        counts = project.stats()["spans"]
    assert counts["quote"]["suggested"] > 0
    assert counts["entity"]["suggested"] > 0


@pytest.mark.slow  # runs spaCy over the sample articles
def test_demo_defaults_to_the_data_folder() -> None:
    result = invoke("demo", "--no-gui")
    assert result.exit_code == 0, result.output
    assert demo_project_path().is_file()
    assert str(demo_project_path()) in result.output


@pytest.mark.slow  # the demo fixture runs spaCy
def test_running_the_demo_again_changes_nothing(demo: Path) -> None:
    with Project.open(demo) as project:
        before = (project.count_documents(), project.stats())
    report = create_demo(demo)
    assert report.added == 0
    assert "nothing changed" in report.summary()
    with Project.open(demo) as project:
        assert (project.count_documents(), project.stats()) == before


@pytest.mark.slow  # the demo fixture runs spaCy
def test_demo_exports_valid_jsonl_and_a_docbin_spacy_reads(demo: Path, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "demo.jsonl"
    assert invoke("export", demo, out, "--all").exit_code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 3
    assert all(line["text"] and line["tokens"] for line in lines)
    assert any(line["quotes"] for line in lines)

    docbin = tmp_path / "demo.spacy"
    assert invoke("export", demo, docbin).exit_code == 0
    docs = list(DocBin().from_disk(docbin).get_docs(spacy.blank("en").vocab))
    assert len(docs) >= 3
    assert all(len(doc) > 300 for doc in docs)


def test_demo_without_a_pipeline_is_still_created_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "DEFAULT_PIPELINES", ("no_such_pipeline_installed",))
    monkeypatch.setattr(pipeline, "_loaded", {})
    path = tmp_path / "demo.annotator"
    result = invoke("demo", path, "--no-gui")
    assert result.exit_code == 0, result.output
    assert "no English spaCy pipeline is installed" in result.output
    with Project.open(path) as project:
        assert project.count_documents() >= 3
