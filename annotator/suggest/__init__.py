"""Pre-suggested spans: entities, quotes, speakers and cues from a spaCy pipeline. Imports no Qt.

The names below load on first use, so ``annotator.suggest.service`` (which the
window imports) does not import spaCy with the package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.suggest.engine import TextSuggestions, suggest_texts
    from annotator.suggest.pipeline import PipelineInfo, load_pipeline
    from annotator.suggest.quotes import Quote
    from annotator.suggest.service import PipelineService
    from annotator.suggest.storing import SuggestReport, suggest_documents

_HOMES = {
    "PipelineInfo": "pipeline",
    "PipelineService": "service",
    "Quote": "quotes",
    "SuggestReport": "storing",
    "TextSuggestions": "engine",
    "load_pipeline": "pipeline",
    "suggest_documents": "storing",
    "suggest_texts": "engine",
}

__all__ = [
    "PipelineInfo",
    "PipelineService",
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
