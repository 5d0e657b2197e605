"""The declarations every menu, key and help table is built from: complete, unambiguous, documented."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.actions.catalogue import ANNOTATION_ACTIONS
from annotator.actions.declared import markdown_table
from annotator.gui.actions import ALL_ACTIONS, help_rows

README = Path(__file__).parents[2] / "docs" / "annotating.md"


def test_readme_key_table_is_the_one_the_declarations_give() -> None:
    text = README.read_text("utf-8")
    found = re.search(r"<!-- keys:[^\n]*-->\n(.*?)<!-- end of keys -->", text, re.DOTALL)
    assert found, "docs/annotating.md lost its key table markers"
    expected = markdown_table(help_rows())
    assert found.group(1) == expected, "run: python -m annotator.gui.actions --write docs/annotating.md"


def test_every_action_has_an_id_of_its_own_and_no_default_key_is_taken_twice() -> None:
    ids = [action.id for action in ALL_ACTIONS]
    assert len(ids) == len(set(ids))
    for mode in {action.mode for action in ALL_ACTIONS}:  # a mode's keys stand in for others' while it is on
        keys = [key for action in ALL_ACTIONS if action.mode == mode for key in action.keys]
        assert len(keys) == len(set(keys)), (mode, sorted(k for k in keys if keys.count(k) > 1))


def test_every_annotation_action_has_a_rule_and_is_in_a_menu() -> None:
    for action in ANNOTATION_ACTIONS:
        assert callable(action.run) and action.menu and action.help, action.id
