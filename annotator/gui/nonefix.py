"""Keep ``None``, ``True`` and ``False`` alive under PySide6 builds that lose references to them.

PySide6 6.12.0 on Python 3.11 decrements ``None``'s reference count each time a
C++ method returning ``void`` is called from Python (``QPainter.drawLine``,
``QWidget.update``, ``QLabel.setText``…). ``None`` starts with a few thousand
references, so after a few thousand calls, a minute of painting, CPython frees
``None`` and aborts ("none_dealloc: deallocating None"); at exit it does the same
to ``True`` or ``False`` ("bool_dealloc"). Python 3.12 made these objects immortal,
which hides the bug there; on older Pythons we give them a reserve of references.
A correct program never frees them, so the reserve changes nothing else.
See docs/adr/0013-pyside-singleton-refcounts.md.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtGui import QColor

# Far more references than any session makes void calls, far below overflow.
RESERVE = 1 << 48


def loses_none_references() -> bool:
    """Whether calling a void Qt method from Python drops a reference to ``None``."""
    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(16):
        colour.setRed(1)
    return sys.getrefcount(None) <= before - 16


def protect_singletons() -> bool:
    """Give ``None``, ``True`` and ``False`` a reserve of references where they are mortal."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    return True
