"""Shared fixtures: a fresh project file in a temp dir, settings kept out of the user's home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.store import Project


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """An empty project file, closed after the test."""
    with Project.open(tmp_path / "test.annotator", annotator="tester") as opened:
        yield opened
