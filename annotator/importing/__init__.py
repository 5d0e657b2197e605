"""Reading .txt, .jsonl (Prodigy, doccano, our export) and .csv files into a project. Imports no Qt."""

from annotator.importing.importer import import_paths
from annotator.importing.report import ImportReport

__all__ = ["ImportReport", "import_paths"]
