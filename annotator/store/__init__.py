"""The project file (SQLite): the one place annotations are kept. Imports no Qt."""

from annotator.store.events import now
from annotator.store.models import Document, Relation, Span
from annotator.store.project import Project, StoreError, content_hash
from annotator.store.schema import SCHEMA_VERSION, SchemaError

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "Project",
    "Relation",
    "SchemaError",
    "Span",
    "StoreError",
    "content_hash",
    "now",
]
