"""Suggestions on degenerate texts against raw ``nlp.pipe`` on the same texts (issue 13, item 4).

    python benchmarks/bench_degenerate.py [--size CHARS] [--raw-chars CHARS] [--only NAME ...] [--json]

Each input is generated to ``--size`` characters (default 100,000): a cue repeated
("he said" 12,500 times), reports nested in reports, quote marks alone or
unbalanced, nested quotes, a sentence without punctuation, thousands of names,
every line or paragraph a quote, "according to" repeated, and runs of one mark
without a space (quote marks, guillemets, dollars, dashes, full stops, "'s").
For each it times raw ``nlp.pipe`` of the bare pipeline (without annotator's
sentence cap) and the suggester (``suggest_texts``: the pipeline with the cap,
then the quote and entity passes), and prints both with their ratio. The target
is that the suggester adds at most three seconds per 100,000 characters to what
spaCy itself takes.

It also times tokenizing alone, as seconds per 100,000 characters: spaCy's own
tokenizer (``make_doc`` before annotator bounded it) against the pipeline's
bounded one (annotator/tokenizing.py). spaCy's own is quadratic on a long
run without spaces (8 s for 10,000 quote marks, four times that for 20,000), so
on an input with such a run it is timed on the first ``--raw-chars`` characters
only (default 10,000) and scaled to 100,000 linearly: the figure printed is a
lower bound, the real one about ten times it. Both pipe timings use the bounded
tokenizer: with spaCy's own, 100,000 quote marks take longer than anyone waits.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.suggest import load_pipeline, suggest_texts
from annotator.suggest.sentences import NAME
from annotator.tokenizing import long_runs
from benchmarks.rows import Row, emit, timed

FIRST = ["Ann", "Bob", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Nia"]
LAST = ["Lee", "Okafor", "Smith", "Jones", "Kowalski", "Tanaka", "Moreau", "Silva", "Nguyen", "Haddad"]
WORDS = ["the", "plan", "will", "cost", "more", "than", "the", "city", "can", "pay", "and", "council"]


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _joined(make: Callable[[int], str], size: int) -> str:
    pieces, total, i = [], 0, 0
    while total < size:
        piece = make(i)
        pieces.append(piece)
        total += len(piece)
        i += 1
    return "".join(pieces)[:size]


def _nested(size: int) -> str:
    depth = size // 6
    return "".join("“a " if i % 2 else "‘b " for i in range(depth)) + "".join(
        "” " if i % 2 else "’ " for i in reversed(range(depth))
    )


def inputs(size: int) -> dict[str, str]:
    """The degenerate texts, each about ``size`` characters."""
    words = random.Random(1)
    return {
        "repeated cue": _fill("he said ", size),
        "cue sentences": _fill("He said. ", size),
        "nested reports": _fill("he said that ", size),
        "according to": _fill("according to him ", size),
        "only marks": '"' * size,
        "alternating marks": _fill("\"'", size),
        "guillemets": _fill("«»", size),
        "curly marks": _fill("“”‘’", size),
        "dollars": "$" * size,
        "possessives": _fill("'s", size),
        "dashes": "-" * size,
        "full stops": "." * size,
        "he said and a mark": _fill('he said "', size),
        "spaced marks": _fill("“ ” ", size),
        "unbalanced marks": _fill("“word ", size),
        "apostrophes": _fill("'a ", size),
        "nested quotes": _nested(size),
        "no punctuation": _joined(lambda _i: words.choice(WORDS) + " ", size),
        "thousands of names": _joined(
            lambda i: f"{FIRST[i % 14]}{i // 14} {LAST[i % 10]}{i // 140} said the plan was sound. ", size
        ),
        "a list of names": _joined(lambda i: f"{FIRST[i % 14]}{i // 14} {LAST[i % 10]}{i // 140}, ", size),
        "every line a quote": _fill('"The plan is sound and fair," he said.\n', size),
        "every paragraph a quote": _fill('"The plan is sound and fair," Ann Lee said.\n\n', size),
        "unclosed every paragraph": _fill('"The plan is sound and fair\n\n', size),
        "mixed every line": _fill('He said the plan was "sound and fair" today.\n', size),
        "one long word": "a" * size,
        "only line breaks": "\n" * size,
    }


def per_100_kb(seconds: float, chars: int) -> float:
    return seconds * 100_000 / max(chars, 1)


def tokenizing(nlp: Any, name: str, text: str, raw_chars: int) -> Row:
    """Seconds per 100 kB to tokenize ``text``: the bounded tokenizer against spaCy's own (the baseline)."""
    own = nlp.tokenizer.tokenizer  # spaCy's, which the bounded tokenizer wraps
    sample = text[:raw_chars] if long_runs(text) else text
    raw, _ = timed(lambda: own(sample))
    bounded, _ = timed(lambda: nlp.make_doc(text))
    cut = "" if sample is text else f" (on {len(sample):,} characters, scaled linearly: a lower bound)"
    print(
        f"{name}: tokenize, s per 100 kB: spaCy's own {per_100_kb(raw.cpu, len(sample)):.2f}{cut}, "
        f"bounded {per_100_kb(bounded.cpu, len(text)):.3f} (CPU)",
        file=sys.stderr,
    )
    return Row(
        f"tokenize {name}, s per 100 kB (vs spaCy's own tokenizer)",
        per_100_kb(bounded.wall, len(text)),
        "s",
        per_100_kb(raw.wall, len(sample)),
        1.0,
        cpu=per_100_kb(bounded.cpu, len(text)),
    )


def measure(size: int, only: list[str] | None, raw_chars: int = 10_000) -> list[Row]:
    info = load_pipeline()
    nlp = info.nlp
    print(f"pipeline: {info.name}; inputs of {size:,} characters", file=sys.stderr)
    list(suggest_texts(["He said it was fine.", "“Fine,” she said."], info))  # warm up, untimed
    rows = []
    for name, text in inputs(size).items():
        if only and name not in only:
            continue
        rows.append(tokenizing(nlp, name, text, raw_chars))
        with nlp.select_pipes(disable=[p for p in (NAME,) if p in nlp.pipe_names]):
            raw, _ = timed(lambda text=text: list(nlp.pipe([text])))
        clock, found = timed(lambda text=text: list(suggest_texts([text], info)))
        quotes = len(found[0].quotes)  # type: ignore[index]
        print(
            f"{name}: raw {raw.wall:.2f} s (CPU {raw.cpu:.2f} s), suggest {clock.wall:.2f} s "
            f"(CPU {clock.cpu:.2f} s, {per_100_kb(clock.cpu, len(text)):.2f} s per 100 kB), {quotes} quotes",
            file=sys.stderr,
        )
        figure = f"suggest {name}, {len(text) // 1000} kB (vs raw nlp.pipe)"
        target = raw.wall + 3.0 * len(text) / 100_000
        rows.append(Row(figure, clock.wall, "s", raw.wall, target, cpu=clock.cpu))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per input (default 100,000)")
    parser.add_argument(
        "--raw-chars",
        type=int,
        default=10_000,
        help="characters spaCy's own tokenizer gets of an input with a long run (default 10,000)",
    )
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this input (repeatable)")
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    emit(measure(args.size, args.only, args.raw_chars), args.json)


if __name__ == "__main__":
    main()
