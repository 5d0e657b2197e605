"""Colours and themes: how spans look in light and dark, and the application palette."""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from annotator.store.settings import DEFAULT_ENTITY_LABELS

# Quotes are told apart by type, and drawn as lines so entities inside keep their colour.
QUOTE_COLOURS = {"direct": "#1f77b4", "indirect": "#d9822b", "mixed": "#8e44ad"}
QUOTE_COLOURS_DARK = {"direct": "#5dade2", "indirect": "#f0a35e", "mixed": "#c39bd3"}
FALLBACK_COLOUR = "#c8c8c8"
DEFAULT_COLOURS = {item["name"]: item["colour"] for item in DEFAULT_ENTITY_LABELS}
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# SVG colour names; "transparent" would hide a label, so it counts as no colour.
NAMED_COLOURS = frozenset(QColor.colorNames()) - {"transparent"}


def safe_colour(value: object, fallback: str = FALLBACK_COLOUR) -> str:
    """``value`` as ``#rrggbb`` if it is ``#rgb``, ``#rrggbb`` or a colour name, else ``fallback``.

    Label colours come from the project file: only what passes here may reach a style
    sheet or a ``QColor``, so ``red; background-image: url(...)`` never does.
    """
    if isinstance(value, str):
        candidate = value.strip()
        if HEX_COLOUR.fullmatch(candidate) or candidate.lower() in NAMED_COLOURS:
            return QColor(candidate).name()
    return fallback


def label_colour(label: Mapping[str, object]) -> str:
    """A label's colour as ``#rrggbb``: its own if valid, else the default one for its name."""
    return safe_colour(label.get("colour"), DEFAULT_COLOURS.get(str(label.get("name")), FALLBACK_COLOUR))


def apply_theme(app: QApplication, theme: str) -> None:
    """Use the platform's look (``system``) or Fusion with a light or dark palette."""
    if theme == "system":
        app.setPalette(QPalette())
        return
    app.setStyle("Fusion")
    if theme == "light":
        app.setPalette(app.style().standardPalette())
        return
    dark = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#33363b",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#33363b",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8d93",
        QPalette.ColorRole.Link: "#6ea8fe",
    }
    for role, colour in roles.items():
        dark.setColor(role, QColor(colour))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b6e74"))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b6e74"))
    app.setPalette(dark)


def is_dark(palette: QPalette) -> bool:
    """Whether text is drawn light on dark in this palette."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def system_prefers_dark() -> bool:
    """The desktop's colour scheme, where Qt knows it."""
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


class SpanColours:
    """The colours spans are drawn with, for one palette and one project's labels."""

    def __init__(self, entity_labels: list[dict[str, str]], dark: bool) -> None:
        self.dark = dark
        self.labels = {item["name"]: QColor(label_colour(item)) for item in entity_labels}
        self.quotes = {k: QColor(v) for k, v in (QUOTE_COLOURS_DARK if dark else QUOTE_COLOURS).items()}
        self.rejected = QColor("#8a8d93" if dark else "#9a9a9a")
        self._fills: dict[tuple[str, str], QColor] = {}

    def entity(self, label: str) -> QColor:
        """The label's own colour."""
        return QColor(self.labels.get(label, QColor(FALLBACK_COLOUR)))

    def fill(self, label: str, status: str) -> QColor:
        """Background of an entity: strong when accepted, faint when only suggested."""
        key = (label, status)
        if key not in self._fills:
            colour = self.entity(label)
            if self.dark:
                # Light text needs a dark background: the label's hue, much darker.
                colour = colour.darker(240)
            colour.setAlphaF({"accepted": 0.95, "suggested": 0.4}.get(status, 0.0))
            self._fills[key] = colour
        return self._fills[key]

    def quote(self, quote_type: str | None) -> QColor:
        """The line colour of a quote of this type."""
        return QColor(self.quotes.get(quote_type or "direct", self.quotes["direct"]))
