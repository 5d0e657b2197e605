"""The command-line reference in docs/ is the one the commands' own help gives."""

from __future__ import annotations

from pathlib import Path

from annotator.cli_reference import reference

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "command-line.md"


def test_docs_command_line_is_what_the_commands_say() -> None:
    command = "python -m annotator.cli_reference --write docs/command-line.md"
    assert REFERENCE.read_text("utf-8") == reference(), f"out of date: run `{command}`"


def test_every_command_and_option_is_in_the_reference() -> None:
    text = reference()
    for command in ("import", "suggest", "export", "train", "assign", "merge", "agreement", "review"):
        assert f"## `annotator {command}`" in text
    assert "| `--dev FLOAT RANGE` |" in text and "annotator train news.annotator --stance" in text
