"""SIGKILL at random moments: the window, ``annotator import`` and ``annotator suggest`` lose nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from annotator.store import Project
from tests.robustness.soundness import assert_sound

DRIVER = Path(__file__).with_name("window_driver.py")
ROOT = Path(__file__).parents[2]
SENTENCES = [
    "Mayor Ana Ruiz said on Monday: “The harbour will reopen soon.”",
    "Council member Li Wei disagreed, calling the plan rushed.",
    "The port authority of Greyhaven said nothing about the costs.",
    "“We will not pay for this,” said Tom Berg, who leads the union.",
]
KILLS_PER_LANE, LANES = 13, 4


def make_project(path: Path, documents: int = 4) -> None:
    """Documents full of suggested entities and quotes, as after a suggest run."""
    with Project.open(path, annotator="model-run") as project:
        for number in range(documents):
            text = " ".join(SENTENCES[(number + at) % len(SENTENCES)] for at in range(12))
            document_id, _ = project.add_document(f"Report {number}. {text}")
            body = project.document(document_id).text
            for name, label in (("Ana Ruiz", "PERSON"), ("Li Wei", "PERSON"), ("Greyhaven", "GPE")):
                at = body.find(name)
                while at >= 0:
                    project.add_span(
                        document_id, at, at + len(name), label, status="suggested", origin="model"
                    )
                    at = body.find(name, at + 1)
            start = body.index("“The harbour")
            end = body.index("”", start) + 1
            project.add_span(
                document_id, start, end, "QUOTE", kind="quote", status="suggested", origin="model",
                attributes={"type": "direct", "speaker_name": None, "parts": [[start, end]]},
            )  # fmt: skip


def child_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_CONFIG_DIR": str(home / "config"),
        "ANNOTATOR_DATA_DIR": str(home / "data"),
        "PYTHONPATH": str(ROOT),
    }


def logged_batches(log: Path) -> list[tuple[int, str]]:
    """(event id, batch) of every action the driver saw committed; a torn last line is not an action."""
    if not log.exists():
        return []
    done = []
    for line in log.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and len(parts[1]) == 32:
            done.append((int(parts[0]), parts[1]))
    return done


def missing_actions(path: Path, log: Path) -> list[tuple[int, str]]:
    with Project.open(path) as project:
        stored = set(project.conn.execute("SELECT id, batch FROM events"))
    return [action for action in logged_batches(log) if action not in stored]


def kill_window_lane(folder: Path, seed: int) -> tuple[int, int, int]:
    """Start, drive and SIGKILL the window KILLS_PER_LANE times; returns (kills, actions, lost)."""
    rng = random.Random(seed)
    folder.mkdir()
    path, log = folder / "news.annotator", folder / "done.log"
    make_project(path)
    kills = 0
    for run in range(KILLS_PER_LANE):
        before = len(logged_batches(log))
        child = subprocess.Popen(
            [sys.executable, str(DRIVER), str(path), str(log), str(seed * 1000 + run)],
            env=child_env(folder),
            stdout=subprocess.DEVNULL,
            stderr=(folder / f"run{run}.stderr").open("wb"),
        )
        deadline = time.monotonic() + 15
        while len(logged_batches(log)) == before and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.4))
        assert child.poll() is None, (folder / f"run{run}.stderr").read_text()
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        assert_sound(path)
        assert missing_actions(path, log) == []
    return kills, len(logged_batches(log)), len(missing_actions(path, log))


@pytest.mark.slow
def test_the_window_killed_at_random_moments_loses_no_action(tmp_path: Path) -> None:
    with ThreadPoolExecutor(LANES) as pool:
        lanes = list(pool.map(lambda lane: kill_window_lane(tmp_path / f"lane{lane}", lane), range(LANES)))

    kills = sum(lane[0] for lane in lanes)
    actions = sum(lane[1] for lane in lanes)
    lost = sum(lane[2] for lane in lanes)
    print(f"window: {kills} kills survived, {actions} committed actions checked, {lost} lost")
    assert kills >= 50
    assert actions >= kills
    assert all(lane[2] == 0 for lane in lanes)


def run_cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], env=child_env(folder), capture_output=True, text=True
    )


def kill_cli_at_random(folder: Path, args: list[str], rng: random.Random, wait: tuple[float, float]) -> None:
    """Start ``annotator ARGS`` and SIGKILL it after a random time in ``wait`` (seconds)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        env=child_env(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        child.wait(rng.uniform(*wait))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()


def kill_cli_once_it_writes(folder: Path, args: list[str], path: Path, rng: random.Random) -> None:
    """Start ``annotator ARGS``, wait until the spans in ``path`` change, SIGKILL it a moment later."""

    def spans() -> int:
        with sqlite3.connect(path, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM spans").fetchone()[0])

    before = spans()
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        env=child_env(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while spans() == before and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.1))
    child.send_signal(signal.SIGKILL)
    child.wait()


def write_articles(path: Path, count: int) -> int:
    """A JSONL file of ``count`` annotated articles; returns how many spans it holds."""
    spans = 0
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            text = f"Article {number}. " + " ".join(SENTENCES)
            at = text.index("Ana Ruiz")
            quote = text.index("“The harbour")
            line = {
                "text": text,
                "spans": [
                    {"start": at, "end": at + 8, "label": "PERSON"},
                    {"start": quote, "end": text.index("”", quote) + 1, "label": "QUOTE"},
                ],
                "relations": [
                    {
                        "head_span": {"start": quote, "end": text.index("”", quote) + 1, "label": "QUOTE"},
                        "child_span": {"start": at, "end": at + 8, "label": "PERSON"},
                        "label": "SPEAKER",
                    }
                ],
            }
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            spans += 2
    return spans


@pytest.mark.slow
def test_import_killed_at_random_moments_leaves_a_sound_file_and_a_rerun_completes(tmp_path: Path) -> None:
    rng = random.Random(6)
    source, path = tmp_path / "articles.jsonl", tmp_path / "news.annotator"
    spans = write_articles(source, 6000)

    partial = []
    for _ in range(6):
        kill_cli_at_random(tmp_path, ["import", str(path), str(source), "--no-suggest"], rng, (0.5, 2.5))
        if path.exists():
            partial.append(assert_sound(path)["documents"])
    print(f"import: documents after each kill {partial}")
    assert any(0 < count < 6000 for count in partial), "no kill landed mid-import"
    finished = run_cli(tmp_path, "import", str(path), str(source), "--no-suggest")

    assert finished.returncode == 0, finished.stderr
    counts = assert_sound(path)
    assert (counts["documents"], counts["spans"], counts["relations"]) == (6000, spans, 6000)


@pytest.mark.slow
def test_suggest_killed_at_random_moments_leaves_a_sound_file_and_a_rerun_completes(tmp_path: Path) -> None:
    rng = random.Random(7)
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(
            json.dumps({"text": f"Report {n}. " + " ".join(SENTENCES[n % 4 :] * 3)}) + "\n" for n in range(8)
        ),
        "utf-8",
    )
    path, clean = tmp_path / "news.annotator", tmp_path / "clean.annotator"
    for target in (path, clean):
        assert run_cli(tmp_path, "import", str(target), str(source), "--no-suggest").returncode == 0
    assert run_cli(tmp_path, "suggest", str(clean)).returncode == 0

    partial = []
    kill_cli_at_random(tmp_path, ["suggest", str(path)], rng, (0.5, 2.0))
    partial.append(assert_sound(path)["spans"])
    for _ in range(2):
        kill_cli_once_it_writes(tmp_path, ["suggest", str(path)], path, rng)
        partial.append(assert_sound(path)["spans"])
    print(f"suggest: spans after each kill {partial} of {len(span_set(clean))}")
    assert any(0 < count < len(span_set(clean)) for count in partial), "no kill landed mid-suggest"
    finished = run_cli(tmp_path, "suggest", str(path))

    assert finished.returncode == 0, finished.stderr
    assert_sound(path)
    assert span_set(path) == span_set(clean)


def span_set(path: Path) -> set[tuple[object, ...]]:
    with Project.open(path) as project:
        return {
            (span.document_id, span.start, span.end, span.label, span.kind, span.status)
            for document_id in project.document_ids()
            for span in project.spans(document_id)
        }
