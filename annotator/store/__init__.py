"""The project file (SQLite): the one place annotations are kept. Imports no Qt."""

from annotator.store.base import DamagedRow, FileError, StoreError
from annotator.store.connection import explain, new_session
from annotator.store.documents import content_hash
from annotator.store.events import now
from annotator.store.models import Document, Relation, Span
from annotator.store.project import Project
from annotator.store.schema import SCHEMA_VERSION, SchemaError

__all__ = [
    "SCHEMA_VERSION",
    "DamagedRow",
    "Document",
    "FileError",
    "Project",
    "Relation",
    "SchemaError",
    "Span",
    "StoreError",
    "content_hash",
    "explain",
    "new_session",
    "now",
]
