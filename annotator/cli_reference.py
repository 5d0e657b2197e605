"""The command-line reference as Markdown, generated from the commands' own help (issue 16).

``python -m annotator.cli_reference`` prints it; ``--write docs/command-line.md`` writes it, and a
test fails when the file differs from what the commands say, so the reference cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotator.cli import main

HEADER = (
    "# Command-line reference\n\n"
    "Generated from each command's `--help` by `python -m annotator.cli_reference --write "
    "docs/command-line.md`; do not edit by hand."
)


def _help_text(command: click.Command) -> str:
    """The command's help as Markdown: paragraphs kept, ``\\b`` blocks (examples) as code."""
    blocks: list[str] = []
    for block in (command.help or "").strip().split("\n\n"):
        lines = [line.strip() for line in block.splitlines()]
        if lines and lines[0] == "\b":
            title, *code = [line for line in block.splitlines()[1:] if line.strip()]
            body = "\n".join(line.strip() for line in code)
            blocks.append(f"{title.strip()}\n\n```sh\n{body}\n```")
        else:
            blocks.append(" ".join(line for line in lines if line))
    return "\n\n".join(blocks)


def _option_rows(context: click.Context, command: click.Command) -> list[str]:
    rows = []
    for param in command.get_params(context):
        if not isinstance(param, click.Option):  # arguments are in the usage line and the help
            continue
        record = param.get_help_record(context)
        if record is None:
            continue
        names, help_text = record
        cell = help_text.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{names}` | {cell} |")
    return rows


def command_markdown(name: str, command: click.Command, parent: click.Context) -> str:
    """One command's section: usage, help and options."""
    context = click.Context(command, info_name=name, parent=parent)
    called = " ".join(("annotator", name)).strip()
    usage = " ".join(command.collect_usage_pieces(context))
    parts = [f"## `{called}`", f"```\n{called} {usage}\n```", _help_text(command)]
    rows = _option_rows(context, command)
    if rows:
        parts.append("| option | meaning |\n| --- | --- |\n" + "\n".join(rows))
    return "\n\n".join(parts)


def reference() -> str:
    """The whole reference: the program's own options, then every command in name order."""
    root = click.Context(main, info_name="annotator", **main.context_settings)
    sections = [HEADER, command_markdown("", main, root)]
    for name in sorted(main.list_commands(root)):
        command = main.get_command(root, name)
        if command is not None and not command.hidden:
            sections.append(command_markdown(name, command, root))
    return "\n\n".join(sections).rstrip() + "\n"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        Path(sys.argv[2]).write_text(reference(), "utf-8")
    else:
        sys.stdout.write(reference())
