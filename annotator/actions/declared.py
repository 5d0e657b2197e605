"""How an action is declared: id, title, default keys, help, menu, when it is enabled, the function.

Menus, shortcuts, the F1 sheet, the right-click menu and docs/annotating.md's key table are
all built from these declarations (``annotator.actions.catalogue`` for the
annotation actions, ``annotator.gui.actions`` for the window's own). Imports no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Target = TypeVar("Target")


def always(_target: object) -> bool:
    """Enabled whatever is selected."""
    return True


@dataclass(frozen=True)
class Action(Generic[Target]):
    """One user action.

    ``run`` and ``when`` take what the action works on: a
    :class:`~annotator.actions.change.Context` for annotation actions, the window
    for the window's own. ``menu`` is a menu title (``None``: keys only);
    ``family`` groups actions shown as one row of help and one submenu (the label
    keys, the stances); ``context`` says when the right-click menu offers it: with
    text selected (``"text"``) or a span selected (``"span"``). ``then``: what the
    window does after it: ``"next_suggestion"``, ``"next_if_decided"`` (the next suggestion, if
    the selected span was one) or ``"next_unfinished"`` document. ``mode``: the action works only
    in that mode of the window (``"review"``), whose keys it takes from other actions meanwhile.
    """

    id: str
    title: str
    keys: tuple[str, ...]
    help: str
    menu: str | None
    run: Callable[[Target], object]
    when: Callable[[Target], bool] = always
    family: str | None = None
    context: str | None = None
    then: str | None = None
    separator_after: bool = False
    mode: str | None = None

    @property
    def plain_title(self) -> str:
        """The title without its mnemonic ampersand."""
        return self.title.replace("&", "")


def key_rows(
    actions: Iterable[Action], keys: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, str, str]]:
    """(keys, action, what it does) for a help table: a row per action, one per family.

    ``keys``: the keys in use by action id, where they differ from the defaults.
    """
    rows: list[tuple[str, str, str]] = []
    family_rows: dict[str, int] = {}
    members: dict[str, list[tuple[Action, Sequence[str]]]] = {}
    for action in actions:
        bound = (keys or {}).get(action.id, action.keys)
        if action.family is None:
            rows.append((" / ".join(bound), action.plain_title, action.help))
            continue
        if action.family not in family_rows:
            family_rows[action.family] = len(rows)
            rows.append(("", "", ""))
        members.setdefault(action.family, []).append((action, bound))
    for family, index in family_rows.items():
        group = members[family]
        firsts = [bound[0] for _, bound in group if bound]
        shown = f"{firsts[0]} … {firsts[-1]}" if len(firsts) > 4 else " / ".join(firsts)
        rows[index] = (shown, family, group[0][0].help)
    return rows


def markdown_table(rows: list[tuple[str, str, str]]) -> str:
    """Rows as a Markdown table (the key table of docs/annotating.md)."""
    lines = ["| keys | action | what it does |", "|---|---|---|"]
    lines += [f"| {keys or '-'} | {title} | {what} |" for keys, title, what in rows]
    return "\n".join(lines) + "\n"
