"""The annotation window (PySide6): a thin layer over ``annotator.store``."""

from annotator.gui.nonefix import protect_singletons

protect_singletons()
