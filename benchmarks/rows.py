"""One row of the benchmark table, how a benchmark script hands its rows on, and the table itself.

Every script can print its rows as JSON lines (``--json``); ``python -m benchmarks``
runs the scripts one after another and prints all rows as one table.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

PREFIX = "BENCH-ROW "


@dataclass
class Row:
    """A measured figure with its same-run baseline (None when there is none) and its target.

    ``higher`` says whether a higher value is better (documents/s) or worse (ms).
    ``cpu`` is the process CPU time for the same work, in the value's unit when it
    is a time, so a loaded machine can be told from a slow program.
    """

    figure: str
    value: float
    unit: str
    baseline: float | None = None
    target: float | None = None
    higher: bool = False
    cpu: float | None = None

    def met(self) -> bool | None:
        """Whether the value meets the target (None without one)."""
        if self.target is None:
            return None
        return self.value >= self.target if self.higher else self.value < self.target


def emit(rows: Iterable[Row], as_json: bool) -> None:
    """Print rows as JSON lines for ``python -m benchmarks``, or as a table for a person."""
    rows = list(rows)
    if as_json:
        for row in rows:
            print(PREFIX + json.dumps(asdict(row)), flush=True)
    else:
        print(table(rows))


def parse(lines: Iterable[str]) -> Iterator[Row]:
    """The rows a script printed with ``emit(..., as_json=True)``; other lines are skipped."""
    for line in lines:
        if line.startswith(PREFIX):
            yield Row(**json.loads(line[len(PREFIX) :]))


def machine() -> str:
    """CPU count, Python version and the load average when measured."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load {load:.1f}"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3g}"


def table(rows: Iterable[Row]) -> str:
    """Aligned plain text: figure, value, CPU, baseline, ratio (value / baseline), target, verdict."""
    header = ("figure", "value", "cpu", "baseline", "ratio", "target", "")
    lines = [header]
    for row in rows:
        ratio = f"{row.value / row.baseline:.2f}" if row.baseline else "-"
        sign = ">=" if row.higher else "<"
        target = f"{sign} {_number(row.target)}" if row.target is not None else "-"
        verdict = {True: "met", False: "MISSED", None: ""}[row.met()]
        lines.append(
            (
                row.figure,
                f"{_number(row.value)} {row.unit}",
                _number(row.cpu),
                _number(row.baseline),
                ratio,
                target,
                verdict,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )


@dataclass
class Clock:
    """Wall and CPU seconds of one ``with timer() as clock:`` block."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timer() -> Iterator[Clock]:
    """Time the block: wall clock and this process's CPU time."""
    clock = Clock()
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        yield clock
    finally:
        clock.wall = time.perf_counter() - start
        clock.cpu = time.process_time() - start_cpu


def timed(work: Callable[[], object]) -> tuple[Clock, object]:
    """Run ``work`` under :func:`timer`; returns the clock and what it returned."""
    with timer() as clock:
        result = work()
    return clock, result


def rss_mb() -> float:
    """This process's resident memory in MB (Linux), or its peak where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
