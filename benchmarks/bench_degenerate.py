"""Suggestions on degenerate texts against raw ``nlp.pipe`` on the same texts (issue 13, item 4).

    python benchmarks/bench_degenerate.py [--size CHARS] [--only NAME ...] [--json]

Each input is generated to ``--size`` characters (default 100,000): a cue repeated
("he said" 12,500 times), reports nested in reports, quote marks alone or
unbalanced, nested quotes, a sentence without punctuation, thousands of names,
every line or paragraph a quote, "according to" repeated. For each it times raw
``nlp.pipe`` of the bare pipeline (without annotator's sentence cap) and the
suggester (``suggest_texts``: the pipeline with the cap, then the quote and entity
passes), and prints both with their ratio. The target is that the suggester adds
at most three seconds per 100,000 characters to what spaCy itself takes.

Quote marks with no space between them ("only marks") are generated at a tenth
of the size: spaCy's tokenizer alone is quadratic on one long run of punctuation
(about 20 s for 10,000 marks, 90 s for 20,000), which the suggester cannot change.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.suggest import load_pipeline, suggest_texts
from annotator.suggest.sentences import NAME
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
        "only marks (a tenth)": '"' * (size // 10),
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


def measure(size: int, only: list[str] | None) -> list[Row]:
    info = load_pipeline()
    nlp = info.nlp
    print(f"pipeline: {info.name}; inputs of {size:,} characters", file=sys.stderr)
    list(suggest_texts(["He said it was fine.", "“Fine,” she said."], info))  # warm up, untimed
    rows = []
    for name, text in inputs(size).items():
        if only and name not in only:
            continue
        with nlp.select_pipes(disable=[p for p in (NAME,) if p in nlp.pipe_names]):
            raw, _ = timed(lambda text=text: list(nlp.pipe([text])))
        clock, found = timed(lambda text=text: list(suggest_texts([text], info)))
        quotes = len(found[0].quotes)  # type: ignore[index]
        print(
            f"{name}: raw {raw.wall:.2f} s (CPU {raw.cpu:.2f} s), suggest {clock.wall:.2f} s "
            f"(CPU {clock.cpu:.2f} s), {quotes} quotes",
            file=sys.stderr,
        )
        figure = f"suggest {name}, {len(text) // 1000} kB (vs raw nlp.pipe)"
        target = raw.wall + 3.0 * len(text) / 100_000
        rows.append(Row(figure, clock.wall, "s", raw.wall, target, cpu=clock.cpu))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per input (default 100,000)")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this input (repeatable)")
    parser.add_argument("--json", action="store_true", help="rows as JSON lines for python -m benchmarks")
    args = parser.parse_args()
    emit(measure(args.size, args.only), args.json)


if __name__ == "__main__":
    main()
