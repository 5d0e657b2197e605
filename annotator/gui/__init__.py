"""The annotation window (PySide6): a thin layer over ``annotator.store``."""
