"""Score suggested quotes against a hand-annotated gold file.

Usage::

    python benchmarks/eval_quotes.py GOLD [--system annotator|textacy] [--json]

A suggestion matches a gold quote when the characters they share cover more than 30% of the gold
content (lenient) or 80% (strict); matching is one-to-one. The gold format and the annotation
guideline are in benchmarks/gold/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"
TYPES = ("direct", "indirect", "mixed")
THRESHOLDS = {"lenient": 0.30, "strict": 0.80}

Interval = tuple[int, int]


class QuoteLike(Protocol):
    """What a system must give for each quote (annotator.suggest's quotes have this shape)."""

    start: int
    end: int
    parts: Sequence[Sequence[int]] | None
    type: str
    cue: Sequence[int] | None
    speaker: Sequence[int] | None
    speaker_name: str | None


@dataclass(frozen=True)
class Quote:
    """One quote, gold or predicted, in character offsets of its document's text."""

    start: int
    end: int
    type: str
    parts: tuple[Interval, ...] = ()
    cue: Interval | None = None
    speaker: Interval | None = None
    speaker_name: str | None = None
    speaker_aliases: tuple[str, ...] = ()

    @property
    def content(self) -> tuple[Interval, ...]:
        """The content intervals: the parts, or the whole span when there are none."""
        return self.parts or ((self.start, self.end),)

    @classmethod
    def of(cls, quote: QuoteLike) -> Quote:
        """Copy any quote-shaped object (a system's output) into a Quote."""
        return cls(
            start=quote.start,
            end=quote.end,
            type=quote.type,
            parts=tuple((s, e) for s, e in (quote.parts or ())),
            cue=_interval(quote.cue),
            speaker=_interval(quote.speaker),
            speaker_name=quote.speaker_name,
        )


@dataclass
class GoldDocument:
    """A gold article: where its text comes from, its text, and its quotes."""

    key: str
    title: str
    text: str
    quotes: list[Quote]


@dataclass
class Counts:
    """Match counts for one slice (all quotes, or one type) at one threshold."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Ratio:
    """A hit count over the cases where the question applies."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"hits": self.hits, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class Report:
    """Scores at each threshold: P/R/F1 overall and per type, speaker, cue and type accuracy."""

    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)
    speaker: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    speaker_span: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    cue: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    type_agreement: dict[str, dict[str, Ratio]] = field(default_factory=dict)
    documents: int = 0

    def accuracies(self) -> dict[str, dict[str, dict[str, Ratio]]]:
        """The accuracies on matched quotes by name, then threshold level, then gold type."""
        return {
            "speaker_accuracy": self.speaker,
            "speaker_mention_accuracy": self.speaker_span,
            "cue_accuracy": self.cue,
            "type_accuracy": self.type_agreement,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "thresholds": THRESHOLDS,
            "scores": {
                level: {slice_: c.as_dict() for slice_, c in by_slice.items()}
                for level, by_slice in self.counts.items()
            },
            **{
                name: {
                    level: {k: r.as_dict() for k, r in by_type.items()} for level, by_type in ratios.items()
                }
                for name, ratios in self.accuracies().items()
            },
        }


def _interval(value: Sequence[int] | None) -> Interval | None:
    return None if value is None else (int(value[0]), int(value[1]))


def short_sha(text: str) -> str:
    """The short SHA-256 kept in the gold file to notice when a text drifted from its offsets."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def quote_text(text: str, quote: Quote) -> str:
    """The content of a quote as the gold hash sees it: its parts joined by a newline."""
    return "\n".join(text[s:e] for s, e in quote.content)


def normalise_name(name: str | None) -> str:
    """Compare names ignoring case, accents, spacing, a leading article and a possessive ending."""
    if not name:
        return ""
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = " ".join(name.replace("’", "'").split()).casefold()
    name = re.sub(r"^(the|a|an) ", "", name)
    return re.sub(r"'s?$", "", name).strip()


def _overlap(a: Iterable[Interval], b: Iterable[Interval]) -> int:
    b = list(b)
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def coverage(gold: Quote, predicted: Quote) -> float:
    """Share of the gold content's characters that the prediction's content also covers."""
    size = sum(e - s for s, e in gold.content)
    return _overlap(gold.content, predicted.content) / size if size else 0.0


def match(gold: Sequence[Quote], predicted: Sequence[Quote], threshold: float) -> list[tuple[int, int]]:
    """Pair gold and predicted quotes one-to-one where coverage exceeds the threshold.

    A maximum matching (augmenting paths), trying each gold quote's best-covering candidates
    first, so the count never depends on the order systems list their quotes in.
    """
    candidates: list[list[int]] = []
    for g in gold:
        scored = [(coverage(g, p), j) for j, p in enumerate(predicted)]
        candidates.append([j for cov, j in sorted(scored, key=lambda x: (-x[0], x[1])) if cov > threshold])
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def score(pairs: Iterable[tuple[Sequence[Quote], Sequence[Quote]]]) -> Report:
    """Score (gold quotes, predicted quotes) per document into one report."""
    report = Report()
    for level in THRESHOLDS:
        report.counts[level] = {name: Counts() for name in ("all", *TYPES)}
        for ratios in report.accuracies().values():
            ratios[level] = {name: Ratio() for name in ("all", *TYPES)}
    for gold, predicted in pairs:
        report.documents += 1
        for level, threshold in THRESHOLDS.items():
            _score_document(report, level, threshold, gold, predicted)
    return report


def _score_document(
    report: Report, level: str, threshold: float, gold: Sequence[Quote], predicted: Sequence[Quote]
) -> None:
    counts = report.counts[level]
    matches = match(gold, predicted, threshold)
    counts["all"].gold += len(gold)
    counts["all"].predicted += len(predicted)
    counts["all"].matched += len(matches)
    for kind in TYPES:
        gold_k = [q for q in gold if q.type == kind]
        pred_k = [q for q in predicted if q.type == kind]
        counts[kind].gold += len(gold_k)
        counts[kind].predicted += len(pred_k)
        counts[kind].matched += len(match(gold_k, pred_k, threshold))
    for i, j in matches:
        g, p = gold[i], predicted[j]
        slices = ("all", g.type)
        _tally(report.type_agreement[level], slices, g.type == p.type)
        if g.speaker_name:
            names = {normalise_name(n) for n in (g.speaker_name, *g.speaker_aliases)}
            _tally(report.speaker[level], slices, normalise_name(p.speaker_name) in names)
        if g.speaker:
            _tally(report.speaker_span[level], slices, _touches(g.speaker, p.speaker))
        if g.cue:
            _tally(report.cue[level], slices, _touches(g.cue, p.cue))


def _tally(ratios: dict[str, Ratio], slices: Iterable[str], hit: bool) -> None:
    for name in slices:
        if name in ratios:
            ratios[name].total += 1
            ratios[name].hits += hit


def _touches(gold: Interval, predicted: Interval | None) -> bool:
    return predicted is not None and _overlap([gold], [predicted]) > 0


def _gold_quote(row: dict[str, Any]) -> Quote:
    return Quote(
        start=row["start"],
        end=row["end"],
        type=row["type"],
        parts=tuple((s, e) for s, e in row.get("parts") or ()),
        cue=_span(row.get("cue")),
        speaker=_span(row.get("speaker")),
        speaker_name=row.get("speaker_name"),
        speaker_aliases=tuple(row.get("speaker_aliases") or ()),
    )


def _span(value: dict[str, int] | None) -> Interval | None:
    return None if value is None else (value["start"], value["end"])


def load_corpus(path: Path = CORPUS) -> dict[str, str]:
    """Article texts of the shared corpus keyed by URL."""
    texts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            texts[row["meta"]["url"]] = row["text"]
    return texts


def load_gold(path: Path, corpus: Path = CORPUS) -> list[GoldDocument]:
    """Read a gold file; texts come inline ("text") or from the corpus by URL.

    Raises ValueError when a quote's text no longer hashes to its recorded SHA-256 (the corpus
    text drifted from the offsets).
    """
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = load_corpus(corpus) if any("text" not in row for row in rows) else {}
    documents = []
    for row in rows:
        key = row.get("url") or row["title"]
        text = row["text"] if "text" in row else texts[row["url"]]
        quotes = [_gold_quote(q) for q in row["quotes"]]
        for q, raw in zip(quotes, row["quotes"], strict=True):
            if raw.get("sha256") and short_sha(quote_text(text, q)) != raw["sha256"]:
                raise ValueError(f"{key}: quote at {q.start}-{q.end} no longer matches its text")
        documents.append(GoldDocument(key=key, title=row.get("title", ""), text=text, quotes=quotes))
    return documents


def annotator_system(texts: list[str]) -> list[list[Quote]]:
    """Quotes suggested by annotator.suggest with its default pipeline."""
    from annotator.suggest import load_pipeline, suggest_texts

    return [[Quote.of(q) for q in result.quotes] for result in suggest_texts(texts, load_pipeline())]


def textacy_system(texts: list[str]) -> list[list[Quote]]:
    """Quotes from textacy's direct_quotations (needs the benchmark venv, see the gold README)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from peers.textacy_quotes import direct_quotes

    return [[Quote.of(q) for q in quotes] for quotes in direct_quotes(texts)]


SYSTEMS: dict[str, Callable[[list[str]], list[list[Quote]]]] = {
    "annotator": annotator_system,
    "textacy": textacy_system,
}


def format_report(report: Report, system: str) -> str:
    """A readable table of the report."""
    levels = [f"overlap > {threshold:.0%} ({level})" for level, threshold in THRESHOLDS.items()]
    lines = [
        f"system: {system}   documents: {report.documents}",
        "",
        f"{'':<10}{'':>12} | " + " | ".join(f"{name:<28}" for name in levels),
        f"{'type':<10}{'gold':>6}{'pred':>6} | "
        + " | ".join(f"{'match':>5}{'P':>7}{'R':>7}{'F1':>7}  " for _ in levels),
    ]
    for slice_ in ("all", *TYPES):
        first = report.counts["lenient"][slice_]
        cells = [report.counts[level][slice_] for level in THRESHOLDS]
        lines.append(
            f"{slice_:<10}{first.gold:>6}{first.predicted:>6} | "
            + " | ".join(f"{c.matched:>5}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}  " for c in cells)
        )
    for level, threshold in THRESHOLDS.items():
        lines += ["", f"on quotes matched at overlap > {threshold:.0%} ({level}), by gold type:"]
        lines.append(f"{'':<28}" + "".join(f"{name:<18}" for name in ("all", *TYPES)))
        for name, ratios in report.accuracies().items():
            cells = "".join(f"{f'{r.value:.3f} ({r.hits}/{r.total})':<18}" for r in ratios[level].values())
            lines.append(f"  {name.replace('_', ' '):<26}{cells}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a system over the gold texts and print its scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="gold JSONL file (see benchmarks/gold/README.md)")
    parser.add_argument("--system", choices=sorted(SYSTEMS), default="annotator")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus JSONL holding the texts by URL")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--annotator",
        type=Path,
        help="another annotator's gold file for the same articles, scored instead of a system "
        "(how far two people agree with the same scorer)",
    )
    args = parser.parse_args(argv)
    documents = load_gold(args.gold, args.corpus)
    if args.annotator is not None:
        system = f"annotator {args.annotator.name}"
        predictions = second_annotation(documents, load_gold(args.annotator, args.corpus))
    else:
        system = args.system
        predictions = SYSTEMS[args.system]([d.text for d in documents])
    report = score((d.quotes, p) for d, p in zip(documents, predictions, strict=True))
    if args.json:
        print(json.dumps({"system": system, "gold": str(args.gold), **report.as_dict()}, indent=2))
    else:
        print(format_report(report, system))
    return 0


def second_annotation(documents: Sequence[GoldDocument], other: Sequence[GoldDocument]) -> list[list[Quote]]:
    """The other annotator's quotes for each gold document, found by its key (URL).

    Raises ValueError when the other file lacks one of the documents.
    """
    by_key = {d.key: d.quotes for d in other}
    missing = [d.title for d in documents if d.key not in by_key]
    if missing:
        raise ValueError(f"the other annotation has no quotes for: {', '.join(missing)}")
    return [by_key[d.key] for d in documents]


if __name__ == "__main__":
    sys.exit(main())
