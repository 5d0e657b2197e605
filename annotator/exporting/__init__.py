"""Writing a project out: Prodigy-compatible JSONL and spaCy DocBin, atomically. Imports no Qt."""

from annotator.exporting.docbin import export_docbin
from annotator.exporting.jsonl import export_jsonl
from annotator.exporting.report import ExportReport

__all__ = ["ExportReport", "export_docbin", "export_jsonl"]
