"""Pre-suggested spans: entities, quotes, speakers and cues from a spaCy pipeline. Imports no Qt."""

from annotator.suggest.engine import TextSuggestions, suggest_texts
from annotator.suggest.pipeline import PipelineInfo, load_pipeline
from annotator.suggest.quotes import Quote
from annotator.suggest.storing import SuggestReport, suggest_documents

__all__ = [
    "PipelineInfo",
    "Quote",
    "SuggestReport",
    "TextSuggestions",
    "load_pipeline",
    "suggest_documents",
    "suggest_texts",
]
