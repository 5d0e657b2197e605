"""Pre-suggested spans: entities, quotes, speakers and cues from a spaCy pipeline. Imports no Qt.

The names below load on first use, so importing the package (or a module of it that
needs no spaCy) does not import spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.suggest.engine import TextSuggestions, suggest_texts
    from annotator.suggest.pipeline import PipelineInfo, load_pipeline
    from annotator.suggest.quotes import Quote
    from annotator.suggest.storing import SuggestReport, suggest_documents

_HOMES = {
    "PipelineInfo": "pipeline",
    "Quote": "quotes",
    "SuggestReport": "storing",
    "TextSuggestions": "engine",
    "load_pipeline": "pipeline",
    "suggest_documents": "storing",
    "suggest_texts": "engine",
}

__all__ = [
    "PipelineInfo",
    "Quote",
    "SuggestReport",
    "TextSuggestions",
    "load_pipeline",
    "suggest_documents",
    "suggest_texts",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
