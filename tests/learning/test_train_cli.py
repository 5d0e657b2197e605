"""``annotator train`` as a user runs it: the tables it prints, what the project keeps, its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.store import Project
from annotator.trained import ENTITIES, STANCE
from tests.learning.trainable import make_trainable


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_stance_alone_prints_its_scores_keeps_the_model_and_suggest_then_guesses(tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 20)
    with Project.open(path, annotator="ann") as project:
        open_doc, _ = project.add_document('"The new fee is wonderful for the harbour," said Anna Berg.')
        project.add_span(open_doc, 1, 37, "QUOTE", kind="quote", status="suggested")
    result = invoke("train", path, "--stance", "--dev", "0.25", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert "Stance: 20 decisions, trained on 16, scored on 4 held out" in result.output
    assert "learning curve (dev accuracy): 25 %" in result.output
    assert "Entities" not in result.output
    with Project.open(path, annotator="ann") as project:
        assert project.model(STANCE) is not None and project.model(ENTITIES) is None
    assert invoke("suggest", path, "--document", open_doc).exit_code == 0
    out = tmp_path / "out.jsonl"
    assert invoke("export", path, out, "--all", "--no-tokens").exit_code == 0
    last = json.loads(out.read_text(encoding="utf-8").splitlines()[-1])
    guess = last["quotes"][0]["suggested_stance"]
    assert guess["label"] == "favor" and 0.5 < guess["p"] <= 1


@pytest.mark.slow
def test_neither_flag_trains_both_and_prints_both_tables(tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 12)
    result = invoke("train", path)
    assert result.exit_code == 0, result.output
    assert "PORT" in result.output and "trained (new label)" in result.output
    assert "Saved in the project: the entity and the stance model." in result.output


def test_nothing_to_learn_from_is_said_per_model_and_exits_1(tmp_path: Path) -> None:
    path = make_trainable(tmp_path / "p.annotator", 3, done=False)
    result = invoke("train", path, "--stance")
    assert result.exit_code == 1
    assert (
        "stance: error: not trained, no accepted quote in a document marked done has a stance"
        in result.output
    )
    assert "Traceback" not in result.output


def test_a_missing_project_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = invoke("train", tmp_path / "none.annotator")
    assert result.exit_code in (1, 2)
    assert len(result.output.strip().splitlines()) == 1
