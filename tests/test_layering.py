"""The core (everything outside annotator.gui) must work without Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotator


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
