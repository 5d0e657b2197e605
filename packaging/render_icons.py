"""Render resources/icons/annotator.svg to the PNG sizes desktops and PyInstaller want.

Run from the project root: ``QT_QPA_PLATFORM=offscreen python packaging/render_icons.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def main() -> int:
    """Write annotator-<size>.png next to the SVG."""
    QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "annotator.svg"))
    if not renderer.isValid():
        print("annotator.svg could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"annotator-{size}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
