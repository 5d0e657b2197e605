"""The core (everything outside annotator.gui) must work without Qt; the import contracts hold."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import annotator

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # imports every core module in a fresh Python
def test_core_modules_import_no_qt() -> None:
    core = sorted(
        module.name
        for module in pkgutil.walk_packages(annotator.__path__, "annotator.")
        if not module.name.startswith(("annotator.gui", "annotator.resources"))
        and module.name not in {"annotator.__main__", "annotator.cli"}
    )
    script = (
        "import importlib, sys\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_import_contracts_hold() -> None:
    """``lint-imports`` with pyproject's [tool.importlinter] contracts (layers, Qt, spaCy; ADR 16)."""
    script = "from importlinter.cli import lint_imports_command; lint_imports_command(['--no-cache'])"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
