"""Find the files in ``resources/`` whether installed, in a checkout, or bundled."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The folder holding icons, demo articles and the desktop file.

    A wheel ships it as ``annotator/resources``; a source checkout (editable
    install included) has it beside the package.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"annotator's resources folder is missing next to {package}")


def resource(*parts: str) -> Path:
    """A file inside :func:`resources_dir`."""
    return resources_dir().joinpath(*parts)
