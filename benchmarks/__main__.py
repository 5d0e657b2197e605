"""Run every speed benchmark and print one table: ``python -m benchmarks [--size quick|full]``.

Each benchmark runs in its own process (``python -m benchmarks.bench_... --json``)
and hands back its rows; the table lists for each figure its value, the CPU time
of the measured process where it is a time, the baseline measured in the same
run, their ratio, the target and whether it is met. The machine and its load
average are printed above the table: on a busy machine compare ratios and CPU
times, not wall-clock values. Projects the benchmarks build are kept under
/tmp/annotator-bench/ (keyed by size), so only the first run pays for them.

The full size (the figures of issue 7: a 100,000-document project, a 1,000,000
character document with 20,000 spans) takes about ten minutes on two cores,
plus about five the first time; ``--size quick`` takes two or three.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.rows import Row, machine, parse, table

SIZES = {
    "full": {
        "bench_gui": [],
        "bench_big": ["--docs", "100000"],
        "bench_import_export": ["--docs", "100000", "--sample", "2000"],
        "bench_suggest": ["--limit", "48"],
    },
    "quick": {
        "bench_gui": ["--chars", "300000", "--spans", "6000", "--typical", "4"],
        "bench_big": ["--docs", "10000"],
        "bench_import_export": ["--docs", "3000", "--sample", "300"],
        "bench_suggest": ["--limit", "16", "--chunk", "8"],
    },
}
ROOT = Path(__file__).resolve().parents[1]


def run(name: str, arguments: list[str]) -> list[Row]:
    """The rows of one benchmark, run in a fresh process; its error output is shown only if it fails.

    A failed benchmark gives no rows (and says so), so the others still make a table.
    """
    command = [sys.executable, "-m", f"benchmarks.{name}", *arguments, "--json"]
    started = time.perf_counter()
    print(f"{' '.join(command[1:])} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        print(f"  {name} FAILED (exit {done.returncode}): its rows are missing", file=sys.stderr)
        return []
    print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return list(parse(done.stdout.splitlines()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="full", help="full (default) or quick")
    parser.add_argument("--only", action="append", choices=SIZES["full"], help="run only this benchmark")
    args = parser.parse_args()
    before = machine()
    rows = []
    for name, arguments in SIZES[args.size].items():
        if not args.only or name in args.only:
            rows += run(name, arguments)
    print(f"python -m benchmarks --size {args.size}")
    print(f"machine: {before} at the start, load {machine().rsplit('load ', 1)[1]} at the end")
    print(table(rows))


if __name__ == "__main__":
    main()
