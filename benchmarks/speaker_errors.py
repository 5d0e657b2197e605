"""Speaker errors on a gold file, by kind: where the suggester's speaker names go wrong.

Usage::

    python benchmarks/speaker_errors.py [GOLD] [--level lenient|strict] [--examples N]

Runs the annotator's suggester on the gold texts, pairs quotes as ``eval_quotes.py`` does and
classifies each matched quote whose suggested speaker name is not the gold one. Tune on the
development set only (benchmarks/gold/README.md, "Held-out set").
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_quotes

DEVELOPMENT = Path(__file__).resolve().parent / "gold" / "wikinews-quotes.jsonl"
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "him", "her", "them"})
# Mentions that stand for the organisation or person behind them.
DOCUMENTS = frozenset(
    {"statement", "report", "summary", "website", "site", "release", "post", "tweet", "letter", "document"}
)
ORGANISATION_WORDS = frozenset(
    {
        "police",
        "court",
        "foundation",
        "organization",
        "organisation",
        "ministry",
        "agency",
        "commission",
        "department",
        "government",
        "company",
        "nations",
        "union",
        "council",
        "office",
        "army",
        "forces",
        "embassy",
        "committee",
        "institute",
        "association",
        "service",
    }
)
KINDS = (
    "quote spanning paragraphs",
    "wrong mention picked",
    "pronoun chain",
    "organisation or its document",
    "name form (words missing or extra)",
    "descriptive phrase",
    "other",
)


@dataclass(frozen=True)
class SpeakerError:
    """A matched quote with the wrong speaker name, and what the two sides say."""

    kind: str
    title: str
    gold_name: str
    gold_mention: str | None
    predicted_name: str | None
    predicted_mention: str | None
    context: str


def _words(name: str | None) -> set[str]:
    return set(eval_quotes.normalise_name(name).replace(" and ", " ").split())


def classify(text: str, gold: eval_quotes.Quote, predicted: eval_quotes.Quote) -> str:
    """The kind of a speaker error, first that applies in KINDS order."""
    gold_mention = text[gold.speaker[0] : gold.speaker[1]] if gold.speaker else None
    if gold.speaker is None or (
        predicted.speaker is not None and "\n" in text[min(predicted.speaker[0], gold.start) : gold.start]
    ):
        return "quote spanning paragraphs"
    predicted_mention = text[predicted.speaker[0] : predicted.speaker[1]] if predicted.speaker else ""
    if (
        predicted.speaker is None
        or not eval_quotes._touches(gold.speaker, predicted.speaker)
        or (" and " in (gold_mention or "") and " and " not in predicted_mention)
    ):
        return "wrong mention picked"
    mention_words = (gold_mention or "").lower().replace("’", "'").split()
    if mention_words and (mention_words[0] in PRONOUNS or mention_words[-1] in PRONOUNS):
        return "pronoun chain"
    head = mention_words[-1].removesuffix("'s") if mention_words else ""
    named_words = {w.casefold() for w in gold.speaker_name.split()} if gold.speaker_name else set()
    if head in DOCUMENTS or head in ORGANISATION_WORDS or named_words & ORGANISATION_WORDS:
        return "organisation or its document"
    if _words(gold.speaker_name) & _words(predicted.speaker_name):
        return "name form (words missing or extra)"
    if gold_mention and gold_mention.split()[-1].islower():
        return "descriptive phrase"
    return "other"


def speaker_errors(gold_path: Path, level: str = "lenient") -> tuple[list[SpeakerError], int]:
    """Every speaker error on matched quotes with a gold name, and how many such quotes there are."""
    documents = eval_quotes.load_gold(gold_path)
    predictions = eval_quotes.annotator_system([d.text for d in documents])
    errors, judged = [], 0
    for document, predicted in zip(documents, predictions, strict=True):
        text = document.text
        for i, j in eval_quotes.match(document.quotes, predicted, eval_quotes.THRESHOLDS[level]):
            gold, guess = document.quotes[i], predicted[j]
            if not gold.speaker_name:
                continue
            judged += 1
            names = {eval_quotes.normalise_name(n) for n in (gold.speaker_name, *gold.speaker_aliases)}
            if eval_quotes.normalise_name(guess.speaker_name) in names:
                continue
            around = (gold.speaker or gold.cue or (gold.start, gold.start))[0]
            start = max(0, min(around, gold.start) - 120)
            errors.append(
                SpeakerError(
                    kind=classify(text, gold, guess),
                    title=document.title,
                    gold_name=gold.speaker_name,
                    gold_mention=text[gold.speaker[0] : gold.speaker[1]] if gold.speaker else None,
                    predicted_name=guess.speaker_name,
                    predicted_mention=text[guess.speaker[0] : guess.speaker[1]] if guess.speaker else None,
                    context=" ".join(text[start : min(len(text), gold.end + 40)].split()),
                )
            )
    return errors, judged


def format_table(errors: Sequence[SpeakerError], judged: int, examples: int) -> str:
    """Counts by kind, then up to ``examples`` errors of each kind."""
    counts = Counter(e.kind for e in errors)
    lines = [f"speaker errors: {len(errors)} of {judged} matched quotes with a gold name", ""]
    lines += [f"{kind:<40}{counts[kind]:>4}" for kind in KINDS]
    for kind in KINDS:
        shown = [e for e in errors if e.kind == kind][:examples]
        if shown:
            lines += ["", f"## {kind}"]
        for e in shown:
            lines.append(
                f"- {e.title[:60]}: gold {e.gold_name!r} ({e.gold_mention!r}), "
                f"suggested {e.predicted_name!r} ({e.predicted_mention!r})"
            )
            lines.append(f"    …{e.context}…")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, nargs="?", default=DEVELOPMENT, help="gold JSONL (development)")
    parser.add_argument("--level", choices=sorted(eval_quotes.THRESHOLDS), default="lenient")
    parser.add_argument("--examples", type=int, default=3, help="examples shown per kind")
    args = parser.parse_args(argv)
    errors, judged = speaker_errors(args.gold, args.level)
    print(format_table(errors, judged, args.examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
