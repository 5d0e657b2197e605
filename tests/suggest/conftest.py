"""Shared fixtures for the suggestion tests: the pipeline is loaded once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.suggest import PipelineInfo, TextSuggestions, load_pipeline, suggest_texts

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> PipelineInfo:
    return load_pipeline()


@pytest.fixture(scope="session")
def suggest(pipeline: PipelineInfo) -> Callable[[str], TextSuggestions]:
    """Suggestions for one text with the default pipeline."""

    def run(text: str) -> TextSuggestions:
        return next(suggest_texts([text], pipeline))

    return run


@pytest.fixture(scope="session")
def bridge(suggest: Callable[[str], TextSuggestions]) -> tuple[str, TextSuggestions]:
    """The harbour bridge fixture article and its suggestions."""
    text = (FIXTURES / "harbour-bridge.txt").read_text(encoding="utf-8")
    return text, suggest(text)
