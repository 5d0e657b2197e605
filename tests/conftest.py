"""Shared fixtures: a fresh project file in a temp dir, settings kept out of the user's home.

And one pipeline service per test module that asks for it (its child process loads spaCy).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.pipeline_service import PipelineService, Ready
from annotator.store import Project
from tests.service_messages import until


def pytest_configure(config: pytest.Config) -> None:
    """Stop signals act as they do in a terminal, however the suite was started.

    A shell starts a background job (``cmd &``, ``nohup``) with SIGINT, and under nohup SIGHUP,
    ignored; the commands rightly leave an ignored signal ignored, and every child inherits it, so
    the tests that press Ctrl+C or hang up would see nothing happen. Handlers set here are reset to
    the default in each child process.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


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


@pytest.fixture(scope="module")
def service() -> Iterator[PipelineService]:
    """One pipeline service with the default pipeline, loaded, shared by a module's tests."""
    started = PipelineService(None)
    until(started, Ready)
    yield started
    started.close()
    started.release()
