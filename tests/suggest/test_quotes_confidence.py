"""A suggested quote's confidence: read from its evidence, higher when it is surer, and exported."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path

from annotator.exporting import export_jsonl
from annotator.store import Project
from annotator.suggest import TextSuggestions, suggest_documents
from annotator.suggest.quotes_confidence import Evidence, calibrated
from benchmarks import blind_outcomes

Suggest = Callable[[str], TextSuggestions]

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "calibrate_quotes.py"
_spec = importlib.util.spec_from_file_location("calibrate_quotes", _PATH)
assert _spec and _spec.loader
calibrate = importlib.util.module_from_spec(_spec)
sys.modules["calibrate_quotes"] = calibrate
_spec.loader.exec_module(calibrate)

NAMED = "“We will rebuild the school before winter and open it in spring,” said Mayor Helen Okafor."
UNATTRIBUTED = "The council met.\n\n“We will rebuild the school before winter and open it in spring.”"


def test_a_direct_quote_with_its_speaker_is_surer_than_one_without(suggest: Suggest) -> None:
    (named,) = suggest(NAMED).quotes
    (alone,) = suggest(UNATTRIBUTED).quotes
    assert named.speaker_name == "Helen Okafor" and alone.speaker is None and alone.cue is None
    assert 0 < alone.confidence < named.confidence < 1


def test_a_reported_clause_that_breaks_off_is_doubted() -> None:
    whole = Evidence.of("reported", "indirect", "person", True, "the school will open in the spring")
    cut = Evidence.of("reported", "indirect", "person", True, "the school will open in the spring and")
    assert cut.breaks_off and not whole.breaks_off
    assert calibrated(cut) < calibrated(whole)


def test_a_direct_quote_ending_on_a_comma_does_not_break_off() -> None:
    assert not Evidence.of("direct", "direct", "person", True, "We will rebuild the school,").breaks_off


def test_a_speaker_left_without_a_name_lowers_the_confidence() -> None:
    evidence = Evidence.of("direct", "direct", "pronoun", True, "We will rebuild the school before winter.")
    assert calibrated(evidence, unnamed=True) < calibrated(evidence)


def test_every_combination_of_evidence_gives_a_confidence_between_0_and_1() -> None:
    rules = [("direct", "direct"), ("reported", "indirect"), ("reported", "mixed"), ("according", "indirect")]
    speakers = [None, "person", "pronoun", "name", "nominal", "group"]
    for (rule, kind), speaker, cue, unclosed, words, flags in itertools.product(
        rules, speakers, (True, False), (True, False), (1, 8, 40), itertools.product((True, False), repeat=3)
    ):
        breaks_off, inherited, unnamed = flags
        evidence = Evidence(rule, kind, speaker, cue, unclosed, words, breaks_off)
        assert 0 < calibrated(evidence, inherited=inherited, unnamed=unnamed) < 1


def test_the_export_carries_the_suggested_confidence(project: Project, tmp_path: Path) -> None:
    project.add_document(NAMED)
    suggest_documents(project)
    export_jsonl(project, tmp_path / "out.jsonl", include_all=True)

    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    (quote,) = record["quotes"]
    (stored,) = [s for s in record["spans"] if s["kind"] == "quote"]
    assert quote["status"] == "suggested" and 0 < quote["confidence"] < 1
    assert stored["attributes"]["confidence"] == quote["confidence"]


def outcome(right: bool, text: str) -> object:
    evidence = Evidence.of("reported", "indirect", "person", True, text)
    return calibrate.Outcome("article", evidence, inherited=False, unnamed=False, right=right)


def test_the_fit_doubts_the_evidence_that_was_often_wrong() -> None:
    found = [outcome(True, "the plan will work")] * 30 + [outcome(False, "the plan will work and")] * 6
    found += [outcome(True, "the plan will work and")] * 4
    weights = calibrate.fit(found)
    cut, whole = calibrate.scores([found[-1], found[0]], weights)
    assert cut < 0.7 < 0.9 < whole


def test_the_rescaling_brings_an_over_confident_fit_down_to_what_blind_scorings_saw() -> None:
    weights = {"bias": 3.0, "breaks off": -2.0}  # a development fit: 0.95 and 0.73
    found = [outcome(True, "the plan will work")] * 30 + [outcome(False, "the plan will work")] * 10
    found += [outcome(True, "the plan will work and")] * 20 + [outcome(False, "the plan will work and")] * 20
    unseen = calibrate.fit_unseen(found, weights)
    whole, cut = calibrate.scores([found[0], found[-1]], weights, unseen)
    assert abs(whole - 0.75) < 0.01 and abs(cut - 0.5) < 0.01


def test_every_former_held_out_set_has_its_blind_outcomes() -> None:
    blind = calibrate.load_blind()
    assert list(blind) == list(blind_outcomes.BLIND_SCORINGS)
    for name, found in blind.items():
        articles = len((calibrate.GOLD / f"{name}-quotes.jsonl").read_text(encoding="utf-8").splitlines())
        assert found and {int(o.article.split(":")[1]) for o in found} <= set(range(articles))


def test_sorting_measures_see_the_doubtful_first() -> None:
    predicted = calibrate.np.array([0.2, 0.3, 0.8, 0.9, 0.9])
    right = calibrate.np.array([False, True, True, True, True])
    assert calibrate.auc(predicted, right) == 1.0
    assert calibrate.lowest_precision(predicted, right, 0.2) == 0.0
    assert calibrate.lowest_precision(predicted, right, 0.4) == 0.5
