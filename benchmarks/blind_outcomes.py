"""Recompute what each former held-out quote set got at its one blind scoring, for calibration.

Usage::

    python benchmarks/blind_outcomes.py [--only heldout4]

A held-out set is scored once, on code that has never seen it; then its errors are read and it
becomes development data, on which the rules do better than on new text. A confidence fitted on the
development sets alone is therefore too high on new text (heldout7 at its blind scoring: 0.91
predicted, 0.75 right). ``calibrate_quotes.py`` rescales it to the outcomes of those blind
scorings: every quote each set got from the code of the commit that added it (``BLIND_SCORINGS``),
right or wrong as ``calibrate_quotes.outcomes`` judges it. This script checks each commit out in a
temporary git worktree, runs that commit's own suggester and ``calibrate_quotes.outcomes`` on the
set's gold (the current file), and writes one line per suggested quote to
``gold/blind-outcomes.jsonl``: the set, the article's index in its gold file, the evidence and
whether it was right. About a minute a set.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
GOLD = REPOSITORY / "benchmarks" / "gold"
OUTPUT = GOLD / "blind-outcomes.jsonl"
# The commit that added each set: the code it was first scored on (issue 17's closing notes).
BLIND_SCORINGS = {
    "heldout2": "004c3fc",
    "heldout3": "0cb9a06",
    "heldout4": "130ecf8",
    "heldout5": "bd260fd",
    "heldout6": "fe65b5d",
    "heldout7": "a5d91ae",
    "heldout8": "54b6910",
}
# Run inside the worktree: that commit's calibrate_quotes.outcomes on one gold file, one JSON line each.
_DUMP = """
import json, sys
from pathlib import Path
sys.path[:0] = [str(Path.cwd() / "benchmarks"), str(Path.cwd())]
import annotator, calibrate_quotes
assert Path(annotator.__file__).resolve().is_relative_to(Path.cwd().resolve()), annotator.__file__
for o in calibrate_quotes.outcomes([Path(sys.argv[1])]):
    print(json.dumps({"article": o.article, "evidence": o.evidence.__dict__,
                      "inherited": o.inherited, "unnamed": o.unnamed, "right": o.right}))
"""


def outcomes_at(name: str, commit: str, shared: Path) -> list[dict]:
    """The outcomes of gold set ``name`` suggested by the code of ``commit``, articles by index."""
    gold = GOLD / f"{name}-quotes.jsonl"
    urls = [json.loads(line)["url"] for line in gold.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "repository"
        (Path(tmp) / "shared").symlink_to(shared)  # the corpus, where eval_quotes looks for it
        subprocess.run(
            ["git", "-C", str(REPOSITORY), "worktree", "add", "-q", "--detach", str(tree), commit], check=True
        )
        try:
            done = subprocess.run(
                [sys.executable, "-c", _DUMP, str(gold)],
                cwd=tree,
                env={**os.environ, "PYTHONPATH": str(tree)},
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            subprocess.run(
                ["git", "-C", str(REPOSITORY), "worktree", "remove", "--force", str(tree)], check=True
            )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return [{"set": name, **row, "article": urls.index(row["article"])} for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BLIND_SCORINGS), help="recompute this set, keep the others")
    parser.add_argument(
        "--shared", type=Path, default=REPOSITORY.parent / "shared", help="the shared data folder"
    )
    args = parser.parse_args(argv)
    kept = []
    if args.only and OUTPUT.exists():
        kept = [
            r
            for r in map(json.loads, OUTPUT.read_text(encoding="utf-8").splitlines())
            if r["set"] != args.only
        ]
    rows = list(kept)
    for name, commit in BLIND_SCORINGS.items():
        if args.only in (None, name):
            found = outcomes_at(name, commit, args.shared.resolve())
            right = sum(r["right"] for r in found)
            print(
                f"{name} at {commit}: {len(found)} suggested quotes, {right} right ({right / len(found):.3f})"
            )
            rows += found
    rows.sort(key=lambda r: list(BLIND_SCORINGS).index(r["set"]))
    OUTPUT.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
