"""``annotator --self-test`` from the pip install: the whole chain without a screen, and its failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest import MonkeyPatch

from annotator import __version__, selftest
from annotator.cli import main


def installed_command() -> list[str]:
    """The ``annotator`` script pip installed beside this Python (``python -m annotator`` without it)."""
    script = Path(sys.executable).with_name("annotator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "annotator"]


@pytest.mark.slow
def test_self_test_of_the_installed_command_passes_without_a_display(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [*installed_command(), "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    summary = done.stdout.strip()
    assert summary.startswith("self-test ok: pipeline en_core_web_sm")
    assert "window built (Qt offscreen)" in summary
    assert len(summary.splitlines()) == 1
    assert not any(tmp_path.iterdir()), "the self-test leaves nothing behind in the working folder"


def test_a_failed_step_exits_1_and_says_which(monkeypatch: MonkeyPatch) -> None:
    def fail() -> str:
        raise selftest.SelfTestError("suggest: 0 entities and 0 quotes suggested; expected both")

    monkeypatch.setattr(selftest, "run_self_test", fail)
    result = CliRunner().invoke(main, ["--self-test"])
    assert result.exit_code == 1
    assert "self-test FAILED: suggest: 0 entities" in result.output


def test_an_unexpected_error_exits_1_with_its_type(monkeypatch: MonkeyPatch) -> None:
    def fail() -> str:
        raise ModuleNotFoundError("No module named 'spacy_loggers'")

    monkeypatch.setattr(selftest, "run_self_test", fail)
    result = CliRunner().invoke(main, ["--self-test"])
    assert result.exit_code == 1
    assert "self-test FAILED: ModuleNotFoundError: No module named 'spacy_loggers'" in result.output


def test_version_names_the_package_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"annotator, version {__version__}"
