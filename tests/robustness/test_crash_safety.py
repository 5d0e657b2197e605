"""SIGKILL at random moments: the window, ``annotator import`` and ``annotator suggest`` lose nothing.

No kill waits for a guessed time. Each waits for something it sees (an action in the window's log, rows
in the project file, a temp file growing); which of those moments is random. A command line child is
then stopped (SIGSTOP) before the file is read, so the test knows exactly what state the kill lands on:
part of the work done and part not, however fast or slow the machine is.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from annotator.importing.importer import BATCH_RECORDS
from annotator.store import Project
from annotator.suggest.storing import BATCH_SIZE
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
# How long a child may take to reach the moment it is to be killed at, even on a loaded machine.
MOMENT_TIMEOUT_S = 120.0
# A batch id: a uuid's hex, after the window's session and a dot when the window wrote it (ADR 19).
BATCH = re.compile(r"(?:[0-9a-f]{12}\.)?[0-9a-f]{32}")
POLL_S = 0.002
State = TypeVar("State")


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
        if len(parts) == 2 and BATCH.fullmatch(parts[1]):
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
        # The moment: right after the k-th action this run has committed and logged, k at random.
        wanted = before + rng.randint(1, 6)
        deadline = time.monotonic() + MOMENT_TIMEOUT_S
        try:
            while len(logged_batches(log)) < wanted:
                assert child.poll() is None, (folder / f"run{run}.stderr").read_text()
                assert time.monotonic() < deadline, f"run {run}: fewer than {wanted - before} actions in time"
                time.sleep(POLL_S)
        finally:  # a failed wait must not leave a window driving on and taking the machine's CPUs
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL, (folder / f"run{run}.stderr").read_text()
        kills += 1
        assert_sound(path)
        assert missing_actions(path, log) == []
    return kills, len(logged_batches(log)), len(missing_actions(path, log))


@pytest.mark.slow
@pytest.mark.timeout(600)  # dozens of processes started and killed
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


def start_cli(folder: Path, args: list[str], name: str) -> subprocess.Popen[bytes]:
    """``annotator ARGS`` in a process group of its own, with any workers it starts; stderr to NAME.stderr."""
    with (folder / f"{name}.stderr").open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "annotator", *args],
            env=child_env(folder),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )


def kill_at(
    child: subprocess.Popen[bytes], moment: Callable[[], bool], frozen: Callable[[], State], what: str
) -> State:
    """SIGKILL ``child`` once ``moment()`` is seen true while it runs; returns ``frozen()`` read just before.

    The child's process group is stopped (SIGSTOP) between seeing the moment and the kill, and
    ``frozen()`` reads the files then: nothing the child does can change between that reading and the
    kill. (One SQLite transaction may be more: stopped after its commit was written to the WAL but
    before the WAL index said so, it is read as not there and is there once the file is opened again.)
    Fails if the child exits before it is killed.
    """
    deadline = time.monotonic() + MOMENT_TIMEOUT_S
    try:
        while not moment():
            assert child.poll() is None, f"{what}: the child exited ({child.returncode}) before the moment"
            assert time.monotonic() < deadline, f"{what}: the moment did not come in {MOMENT_TIMEOUT_S} s"
            time.sleep(POLL_S)
        os.killpg(child.pid, signal.SIGSTOP)
        for _ in range(20):
            try:
                state = frozen()
                break
            except sqlite3.OperationalError:  # stopped inside the WAL index: let it finish, stop it again
                os.killpg(child.pid, signal.SIGCONT)
                time.sleep(POLL_S)
                os.killpg(child.pid, signal.SIGSTOP)
        else:
            raise AssertionError(f"{what}: the project file could not be read while the child was stopped")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL, f"{what}: the child exited ({child.returncode}) first"
    return state


def count(path: Path, sql: str) -> int:
    """One number from the project file at ``path``; 0 while there is no file or table yet."""
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path, timeout=1)) as conn:
        try:
            return int(conn.execute(sql).fetchone()[0])
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return 0
            raise


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


IMPORT_ARTICLES, IMPORT_KILLS = 6000, 6
DOCUMENTS = "SELECT count(*) FROM documents"


@pytest.mark.slow
@pytest.mark.timeout(600)  # dozens of processes started and killed
def test_import_killed_at_random_moments_leaves_a_sound_file_and_a_rerun_completes(tmp_path: Path) -> None:
    rng = random.Random(6)
    source, path = tmp_path / "articles.jsonl", tmp_path / "news.annotator"
    spans = write_articles(source, IMPORT_ARTICLES)
    # Kill i comes once the file holds a random number of documents in the i-th tenth of the articles:
    # the last kill leaves at least a third of them (a dozen batches) still to import.
    tenth = IMPORT_ARTICLES // 10
    partial = [0]
    for kill in range(IMPORT_KILLS):
        wanted = max(rng.randint(kill * tenth + 1, (kill + 1) * tenth), partial[-1] + 1)
        child = start_cli(tmp_path, ["import", str(path), str(source), "--no-suggest"], f"import{kill}")
        frozen = kill_at(
            child, lambda wanted=wanted: count(path, DOCUMENTS) >= wanted, lambda: count(path, DOCUMENTS),
            f"import kill {kill} at {wanted} documents",
        )  # fmt: skip
        counts = assert_sound(path)
        documents = counts["documents"]
        assert frozen <= documents <= frozen + BATCH_RECORDS, "the kill lost committed documents"
        assert 0 < documents < IMPORT_ARTICLES, f"kill {kill} did not land mid-import ({documents} documents)"
        assert (counts["spans"], counts["relations"]) == (2 * documents, documents), "half a batch kept"
        partial.append(documents)
    print(f"import: documents after each kill {partial[1:]} of {IMPORT_ARTICLES}")
    finished = run_cli(tmp_path, "import", str(path), str(source), "--no-suggest")

    assert finished.returncode == 0, finished.stderr
    counts = assert_sound(path)
    assert (counts["documents"], counts["relations"]) == (IMPORT_ARTICLES, IMPORT_ARTICLES)
    assert counts["spans"] == spans


# suggest runs spaCy over BATCH_SIZE documents at a time, then stores them one transaction each.
SUGGEST_KILLS = 3
SUGGESTED = "SELECT count(DISTINCT document_id) FROM spans"


@pytest.mark.slow
@pytest.mark.timeout(600)  # dozens of processes started and killed
def test_suggest_killed_at_random_moments_leaves_a_sound_file_and_a_rerun_completes(tmp_path: Path) -> None:
    rng = random.Random(7)
    reports = BATCH_SIZE * (SUGGEST_KILLS + 1)
    source = tmp_path / "articles.jsonl"
    texts = [f"Report {n}. " + " ".join(SENTENCES[n % 4 :]) for n in range(reports)]
    source.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), "utf-8")
    path, clean = tmp_path / "news.annotator", tmp_path / "clean.annotator"
    for target in (path, clean):
        assert run_cli(tmp_path, "import", str(target), str(source), "--no-suggest").returncode == 0
    assert run_cli(tmp_path, "suggest", str(clean)).returncode == 0
    expected = span_set(clean)
    assert count(clean, SUGGESTED) == reports

    # Kill i comes once a random number of documents of spaCy's (i+1)-th batch have their suggestions:
    # the batch after it is not processed yet, so the kill always leaves documents without suggestions.
    partial = []
    for kill in range(SUGGEST_KILLS):
        done = partial[-1][0] if partial else 0
        wanted = max(rng.randint(kill * BATCH_SIZE + 1, (kill + 1) * BATCH_SIZE), done + 1)
        child = start_cli(tmp_path, ["suggest", str(path)], f"suggest{kill}")
        frozen = kill_at(
            child,
            lambda wanted=wanted: count(path, SUGGESTED) >= wanted,
            lambda: (count(path, SUGGESTED), count(path, "SELECT count(*) FROM spans")),
            f"suggest kill {kill} at {wanted} documents",
        )
        spans = assert_sound(path)["spans"]
        documents = count(path, SUGGESTED)
        assert frozen[0] <= documents <= frozen[0] + 1 and spans >= frozen[1], "the kill lost suggestions"
        assert 0 < documents < reports, f"kill {kill} did not land mid-suggest ({documents} documents)"
        partial.append((documents, spans))
    print(f"suggest: (documents, spans) after each kill {partial} of {(reports, len(expected))}")
    finished = run_cli(tmp_path, "suggest", str(path))

    assert finished.returncode == 0, finished.stderr
    assert_sound(path)
    assert span_set(path) == expected


def span_set(path: Path) -> set[tuple[object, ...]]:
    with Project.open(path) as project:
        return {
            (span.document_id, span.start, span.end, span.label, span.kind, span.status)
            for document_id in project.document_ids()
            for span in project.spans(document_id)
        }
