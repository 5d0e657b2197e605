"""The quote scorer in benchmarks/eval_quotes.py, on synthetic gold and predictions."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_quotes.py"
_spec = importlib.util.spec_from_file_location("eval_quotes", _PATH)
assert _spec and _spec.loader
ev = importlib.util.module_from_spec(_spec)
sys.modules["eval_quotes"] = ev
_spec.loader.exec_module(ev)

Quote = ev.Quote


def gold(start: int, end: int, kind: str = "direct", **extra: object) -> Quote:
    return Quote(start=start, end=end, type=kind, **extra)


def test_prediction_covering_a_third_matches_leniently_but_not_strictly() -> None:
    report = ev.score([([gold(0, 100)], [gold(60, 100)])])
    assert report.counts["lenient"]["all"].matched == 1
    assert report.counts["strict"]["all"].matched == 0


def test_coverage_at_exactly_the_threshold_does_not_match() -> None:
    report = ev.score([([gold(0, 100)], [gold(70, 100)])])
    assert report.counts["lenient"]["all"].matched == 0


def test_coverage_is_measured_on_the_gold_span_not_the_prediction() -> None:
    report = ev.score([([gold(10, 20)], [gold(0, 500)])])
    assert report.counts["strict"]["all"].matched == 1


def test_two_predictions_on_one_gold_quote_count_one_hit_and_one_false_positive() -> None:
    report = ev.score([([gold(0, 100)], [gold(0, 50), gold(50, 100)])])
    counts = report.counts["lenient"]["all"]
    assert (counts.matched, counts.predicted, counts.gold) == (1, 2, 1)
    assert counts.precision == 0.5
    assert counts.recall == 1.0


def test_one_long_prediction_cannot_match_two_gold_quotes() -> None:
    report = ev.score([([gold(0, 40), gold(50, 90)], [gold(0, 90)])])
    assert report.counts["strict"]["all"].matched == 1


def test_matching_finds_the_assignment_that_pairs_the_most_quotes() -> None:
    golds = [gold(0, 100), gold(100, 140)]
    # The first prediction covers both gold quotes well; the second only the first one.
    predicted = [gold(0, 140), gold(0, 60)]
    assert ev.match(golds, predicted, 0.3) == [(0, 1), (1, 0)]


def test_split_quote_is_covered_by_its_parts_not_the_attribution_between_them() -> None:
    split = gold(0, 60, parts=((0, 20), (40, 60)))
    only_attribution = gold(20, 40)
    assert ev.coverage(split, only_attribution) == 0.0
    assert ev.coverage(split, gold(0, 60)) == 1.0


def test_per_type_scores_need_the_type_to_agree() -> None:
    report = ev.score([([gold(0, 50, "indirect"), gold(60, 90, "direct")], [gold(0, 50), gold(60, 90)])])
    lenient = report.counts["lenient"]
    assert lenient["all"].f1 == 1.0
    assert (lenient["direct"].matched, lenient["direct"].predicted, lenient["direct"].gold) == (1, 2, 1)
    assert lenient["indirect"].recall == 0.0
    assert report.type_agreement["lenient"]["all"].value == 0.5


def test_speaker_accuracy_compares_normalised_names_on_matched_quotes_only() -> None:
    golds = [
        gold(0, 10, speaker_name="Anthony Blinken"),
        gold(20, 30, speaker_name="the Foreign Ministry"),
        gold(40, 50, speaker_name="Hong Lei"),
        gold(60, 70, speaker_name=None),
        gold(80, 90, speaker_name="Unmatched Person"),
    ]
    predicted = [
        gold(0, 10, speaker_name="anthony  BLINKEN"),
        gold(20, 30, speaker_name="Foreign Ministry's"),
        gold(40, 50, speaker_name="Lei"),
        gold(60, 70, speaker_name="someone"),
    ]
    speaker = ev.score([(golds, predicted)]).speaker["lenient"]["all"]
    assert (speaker.hits, speaker.total) == (2, 3)


def test_speaker_name_matches_an_alias_and_ignores_accents() -> None:
    golds = [
        gold(0, 10, speaker_name="Syrian Democratic Forces", speaker_aliases=("SDF",)),
        gold(20, 30, speaker_name="Recep Tayyip Erdoğan"),
    ]
    predicted = [gold(0, 10, speaker_name="the SDF"), gold(20, 30, speaker_name="Recep Tayyip Erdogan")]
    speaker = ev.score([(golds, predicted)]).speaker["lenient"]["all"]
    assert (speaker.hits, speaker.total) == (2, 2)


def test_cue_accuracy_counts_an_overlapping_cue_on_matched_quotes() -> None:
    golds = [gold(0, 10, cue=(12, 16)), gold(20, 30, cue=(32, 36)), gold(40, 50, cue=(52, 56)), gold(60, 70)]
    predicted = [
        gold(0, 10, cue=(14, 20)),
        gold(20, 30, cue=(40, 45)),
        gold(40, 50),
        gold(60, 70, cue=(1, 9)),
    ]
    cue = ev.score([(golds, predicted)]).cue["lenient"]["all"]
    assert (cue.hits, cue.total) == (1, 3)


def test_accuracies_are_also_broken_down_by_gold_type() -> None:
    golds = [gold(0, 10, "indirect", speaker_name="A"), gold(20, 30, "direct", speaker_name="B")]
    predicted = [gold(0, 10, "indirect", speaker_name="A"), gold(20, 30, "direct", speaker_name="C")]
    speaker = ev.score([(golds, predicted)]).speaker["strict"]
    assert (speaker["indirect"].value, speaker["direct"].value, speaker["all"].value) == (1.0, 0.0, 0.5)
    assert speaker["mixed"].total == 0


def test_speaker_mention_accuracy_counts_overlapping_speaker_spans() -> None:
    golds = [gold(0, 10, speaker=(12, 20)), gold(30, 40, speaker=(42, 44)), gold(50, 60)]
    predicted = [gold(0, 10, speaker=(15, 18)), gold(30, 40, speaker=(12, 20)), gold(50, 60, speaker=(1, 2))]
    mention = ev.score([(golds, predicted)]).speaker_span["lenient"]["all"]
    assert (mention.hits, mention.total) == (1, 2)


def test_scores_add_up_across_documents() -> None:
    report = ev.score([([gold(0, 10)], [gold(0, 10)]), ([gold(0, 10), gold(20, 30)], [])])
    counts = report.counts["strict"]["all"]
    assert report.documents == 2
    assert counts.recall == pytest.approx(1 / 3)
    assert counts.precision == 1.0


def test_empty_system_scores_zero_without_dividing_by_zero() -> None:
    counts = ev.score([([gold(0, 10)], [])]).counts["lenient"]["all"]
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)


def test_quote_of_copies_a_system_quote_object() -> None:
    class Suggested:
        start, end, parts, type = 5, 30, [[5, 10], [20, 30]], "direct"
        cue, speaker, speaker_name, confidence = [11, 15], (16, 18), "He", 0.9

    q = Quote.of(Suggested())
    assert q.parts == ((5, 10), (20, 30))
    assert (q.cue, q.speaker, q.speaker_name) == ((11, 15), (16, 18), "He")


def _write_gold(path: Path, text: str, quote: dict[str, object]) -> None:
    path.write_text(json.dumps({"url": "fixture:a", "title": "A", "text": text, "quotes": [quote]}) + "\n")


def test_load_gold_reads_inline_texts_and_checks_their_hashes(tmp_path: Path) -> None:
    text = 'Mira Vance said: "We will rebuild the bridge." Nobody doubted her.'
    start = text.index("We")
    end = text.index('."') + 1
    quote = {
        "start": start,
        "end": end,
        "parts": [[start, end]],
        "type": "direct",
        "cue": {"start": 11, "end": 15},
        "speaker": {"start": 0, "end": 10},
        "speaker_name": "Mira Vance",
        "sha256": ev.short_sha(text[start:end]),
    }
    _write_gold(tmp_path / "gold.jsonl", text, quote)
    [document] = ev.load_gold(tmp_path / "gold.jsonl")
    assert document.text[document.quotes[0].start : document.quotes[0].end] == "We will rebuild the bridge."
    assert document.quotes[0].cue == (11, 15)

    _write_gold(tmp_path / "drift.jsonl", text.replace("rebuild", "rebuilt"), quote)
    with pytest.raises(ValueError, match="no longer matches"):
        ev.load_gold(tmp_path / "drift.jsonl")


def test_fixture_gold_file_is_consistent_with_its_texts() -> None:
    documents = ev.load_gold(_PATH.parent / "gold" / "fixtures-quotes.jsonl")
    assert len(documents) >= 2
    for document in documents:
        for q in document.quotes:
            assert q.type in ev.TYPES
            assert all(q.start <= s < e <= q.end for s, e in q.content)


@pytest.mark.skipif(not ev.CORPUS.exists(), reason="needs ../shared/corpus/wikinews.jsonl")
def test_wikinews_gold_still_matches_the_shared_corpus() -> None:
    documents = ev.load_gold(_PATH.parent / "gold" / "wikinews-quotes.jsonl")
    assert len(documents) >= 25
    assert sum(len(d.quotes) for d in documents) >= 300
    assert {q.type for d in documents for q in d.quotes} == set(ev.TYPES)


def test_report_prints_a_table_with_every_type(tmp_path: Path) -> None:
    report = ev.score([([gold(0, 10, speaker_name="X")], [gold(0, 10, speaker_name="X")])])
    table = ev.format_report(report, "demo")
    for word in ("all", "direct", "indirect", "mixed", "speaker accuracy", "cue accuracy", "type accuracy"):
        assert word in table
    assert json.loads(json.dumps(report.as_dict()))["scores"]["lenient"]["all"]["f1"] == 1.0


def test_a_second_annotation_is_scored_against_the_first_like_a_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "fixtures-quotes.jsonl"
    lines = fixtures.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["quotes"] = first["quotes"][1:]  # the second annotator missed one quote
    second = tmp_path / "second.jsonl"
    second.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    assert ev.main([str(fixtures), "--annotator", str(second), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["system"] == "annotator second.jsonl"
    lenient = scores["scores"]["lenient"]["all"]
    assert lenient["precision"] == 1.0 and lenient["matched"] == lenient["gold"] - 1


def test_a_second_annotation_must_cover_every_document(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "fixtures-quotes.jsonl"
    lines = fixtures.read_text(encoding="utf-8").splitlines()
    second = tmp_path / "second.jsonl"
    second.write_text(lines[0] + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no quotes for"):
        ev.main([str(fixtures), "--annotator", str(second)])
