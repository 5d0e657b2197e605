"""Fixtures of the review and agreement tests: the merged project of team_project, and a window on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.gui.window import MainWindow
from tests.gui.conftest import open_window
from tests.gui.team.team_project import merged_project


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    """The merged project's file."""
    return merged_project(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, merged: Path) -> Iterator[MainWindow]:
    """The window open on the merged project."""
    shown = open_window(qtbot, merged)
    yield shown
    shown.close()
