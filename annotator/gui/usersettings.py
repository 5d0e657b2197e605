"""The annotator's own settings (name, font size, theme, shortcuts, recent projects, list order) as JSON.

Kept in ``config_dir()/settings.json``. A file that cannot be read is set aside as
``settings.json.bad`` and defaults are used, with a warning for the user. Imports no Qt.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from annotator.paths import config_dir, default_annotator

THEMES = ("system", "light", "dark")
# The document list's order (and Tab's): as imported, or the stance guesses least sure of first.
IN_ORDER, LEAST_CERTAIN = "in_order", "least_certain"
ORDERS = (IN_ORDER, LEAST_CERTAIN)
MAX_RECENT = 8


@dataclass
class UserSettings:
    """What the annotator chose for themselves, across projects."""

    annotator: str = field(default_factory=default_annotator)
    font_size: int = 13
    theme: str = "system"
    last_project: str | None = None
    recent_projects: list[str] = field(default_factory=list)
    # Action name -> key sequence, overriding the defaults in annotator.gui.actions.
    shortcuts: dict[str, str] = field(default_factory=dict)
    document_order: str = IN_ORDER

    def remember(self, project_path: Path) -> None:
        """Make ``project_path`` the last and most recent project."""
        path = str(Path(project_path).resolve())
        self.last_project = path
        self.recent_projects = [path, *(p for p in self.recent_projects if p != path)][:MAX_RECENT]


def settings_path() -> Path:
    """Where the settings file lives."""
    return config_dir() / "settings.json"


def _checked(raw: dict[str, Any]) -> UserSettings:
    known = {f.name for f in fields(UserSettings)}
    settings = UserSettings(**{k: v for k, v in raw.items() if k in known})
    if not isinstance(settings.annotator, str) or not settings.annotator.strip():
        raise ValueError("annotator must be a non-empty name")
    if not isinstance(settings.font_size, int) or not 6 <= settings.font_size <= 48:
        raise ValueError("font_size must be a whole number from 6 to 48")
    if settings.theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}")
    if settings.document_order not in ORDERS:
        raise ValueError(f"document_order must be one of {', '.join(ORDERS)}")
    if not isinstance(settings.recent_projects, list) or not isinstance(settings.shortcuts, dict):
        raise ValueError("recent_projects must be a list and shortcuts an object")
    paths = [settings.last_project, *settings.recent_projects]
    if not all(isinstance(path, str) for path in paths if path is not None):
        raise ValueError("last_project and recent_projects must hold paths")
    return settings


def load_settings(path: Path | None = None) -> tuple[UserSettings, str | None]:
    """The saved settings and a warning if the file was unreadable and has been reset."""
    target = path or settings_path()
    if not target.exists():
        return UserSettings(), None
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("the file does not hold a JSON object")
        return _checked(raw), None
    except (OSError, ValueError, TypeError) as error:
        backup = target.with_name(target.name + ".bad")
        try:
            os.replace(target, backup)
            kept = f"The old file is {backup}."
        except OSError as moving:
            kept = f"The old file could not be moved aside ({moving.strerror}), so changes will not be saved."
        return UserSettings(), f"Your settings file could not be read ({error}); defaults are used. {kept}"


def save_settings(settings: UserSettings, path: Path | None = None) -> str | None:
    """Write the settings atomically (a temporary file replaces the old one).

    Returns why they could not be saved (a read-only or full disk) rather than
    raising: the window goes on with them in memory.
    """
    target = path or settings_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(json.dumps(asdict(settings), indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        return f"Your settings could not be saved to {target} ({error.strerror or error})."
    return None
