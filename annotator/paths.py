"""Where projects and settings live by default (platformdirs), and who is annotating."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
PROJECT_SUFFIX = ".annotator"


def data_dir() -> Path:
    """Per-user folder for projects (``ANNOTATOR_DATA_DIR`` overrides it)."""
    override = os.environ.get("ANNOTATOR_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Per-user folder for settings (``ANNOTATOR_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("ANNOTATOR_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    """The project used when none is named."""
    return data_dir() / f"default{PROJECT_SUFFIX}"


def demo_project_path() -> Path:
    """Where ``annotator demo`` puts its project when none is named."""
    return data_dir() / f"demo{PROJECT_SUFFIX}"


def default_annotator() -> str:
    """The annotator's name: ``ANNOTATOR_NAME``, else the login name."""
    name = os.environ.get("ANNOTATOR_NAME")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "annotator"
