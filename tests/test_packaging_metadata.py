"""pyproject.toml lists packages by hand (resources/ is mapped into the package): keep it complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "annotator").rglob("__init__.py")
    }
    assert on_disk | {"annotator.resources"} == set(config["packages"])
    assert config["package-dir"] == {"annotator.resources": "resources"}
