"""How changes are written to the event log: one row per change, JSON before/after."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

INSERT_EVENT = (
    "INSERT INTO events (batch, at, annotator, action, document_id, target, target_id, before, after)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def to_json(value: Any) -> str:
    """Compact JSON that keeps non-ASCII text readable in the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def event_json(value: Any) -> str | None:
    """A before/after column: JSON, or NULL for nothing."""
    return None if value is None else to_json(value)


def now() -> str:
    """UTC timestamp with milliseconds, as stored everywhere in the project."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
