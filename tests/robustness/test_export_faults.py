"""An export ended by a signal leaves nothing behind (issue 13, item 16).

SIGTERM and SIGHUP stop ``annotator export`` as Ctrl+C does: the old file stays and no temp file is
left. A SIGKILL cannot be handled: the export's workers die with it, and the temp file it leaves is
removed by a later export once it is old. Every signal is sent once something is seen (a temp file
written to, a shard made, a line printed), never after a guessed delay.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.exporting.atomic import STALE_SECONDS, TEMP_PREFIX, TEMP_SUFFIX
from tests.robustness.test_crash_safety import (
    MOMENT_TIMEOUT_S,
    POLL_S,
    child_env,
    run_cli,
    start_cli,
    write_articles,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),  # a 3,000-document project, and exports each waited for up to two minutes
    pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals"),
]
ARTICLES = 3000
OLD = b"the previous export\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 3,000 articles: an export of it takes seconds, time enough to be interrupted."""
    folder = tmp_path_factory.mktemp("project")
    write_articles(folder / "articles.jsonl", ARTICLES)
    imported = run_cli(
        folder, "import", str(folder / "news.annotator"), str(folder / "articles.jsonl"), "--no-suggest"
    )
    assert imported.returncode == 0, imported.stderr
    return folder / "news.annotator"


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))


def wait_for(what: str, seen: Callable[[], bool], child: subprocess.Popen[bytes] | None = None) -> None:
    """Poll until ``seen()``; fails if ``child`` exits first or the moment does not come in time."""
    deadline = time.monotonic() + MOMENT_TIMEOUT_S
    while not seen():
        assert child is None or child.poll() is None, f"the export exited ({child.returncode}) before {what}"
        assert time.monotonic() < deadline, f"no {what} in {MOMENT_TIMEOUT_S} s"
        time.sleep(POLL_S)


def written_to(folder: Path) -> bool:
    """Whether the export has a temp file with data in it, or a temp folder with a shard in it."""
    for temp in temps(folder):
        with contextlib.suppress(OSError):
            if (temp.is_dir() and any(temp.rglob("*.spacy"))) or (temp.is_file() and temp.stat().st_size > 0):
                return True
    return False


def export(project: Path, folder: Path, out: Path, *options: str) -> subprocess.Popen[bytes]:
    return start_cli(folder, ["export", str(project), str(out), *options], "export")


def stopped_cleanly(child: subprocess.Popen[bytes], folder: Path, out: Path) -> str:
    """Waits for ``child`` and checks it stopped as after Ctrl+C, leaving ``out`` and no temp; its stderr."""
    child.wait(MOMENT_TIMEOUT_S)
    stderr = (folder / "export.stderr").read_text(encoding="utf-8")
    assert child.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert out.read_bytes() == OLD if out.is_file() else not out.exists()
    assert temps(folder) == [], stderr
    return stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("options", [[], ["--processes", "2"]], ids=["one process", "two processes"])
def test_sigterm_and_sighup_stop_an_export_as_ctrl_c_does(
    project: Path, tmp_path: Path, signum: signal.Signals, options: list[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(OLD)
    child = export(project, tmp_path, out, *options)
    wait_for("temp file written to", lambda: written_to(tmp_path), child)

    child.send_signal(signum)

    stderr = stopped_cleanly(child, tmp_path, out)
    assert "Stopping after the current batch" in stderr and "no file was written or changed" in stderr


def test_a_closed_terminal_hangs_up_the_whole_group_and_the_folder_export_stops_cleanly(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "corpus"
    child = export(project, tmp_path, out, "--format", "spacy", "--processes", "2")
    wait_for("shard in the temp folder", lambda: written_to(tmp_path), child)

    os.killpg(child.pid, signal.SIGHUP)  # the workers get it too, as from a terminal that closed

    stopped_cleanly(child, tmp_path, out)


def test_a_second_signal_aborts_at_once_and_still_leaves_no_temp_file(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(OLD)
    child = export(project, tmp_path, out)
    wait_for("temp file written to", lambda: written_to(tmp_path), child)

    # Stopped, the export gets both signals at once: the second comes before it could stop on its own.
    os.kill(child.pid, signal.SIGSTOP)
    os.kill(child.pid, signal.SIGTERM)
    os.kill(child.pid, signal.SIGHUP)
    os.kill(child.pid, signal.SIGCONT)

    child.wait(MOMENT_TIMEOUT_S)
    stderr = (tmp_path / "export.stderr").read_text(encoding="utf-8")
    assert child.returncode == 1 and "Aborted" in stderr, stderr
    assert "Traceback" not in stderr
    assert out.read_bytes() == OLD and temps(tmp_path) == []


def child_pids(parent: int) -> list[int]:
    """The live (not zombie) worker processes ``multiprocessing`` spawned for ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
            if int(fields[1]) == parent and fields[0] != "Z" and b"spawn_main" in command:
                found.append(int(entry.name))
    return found


def listing(folder: Path) -> dict[str, int]:
    """The files in ``folder`` and their sizes."""
    return {path.name: path.stat().st_size for path in folder.rglob("*")}


def alive(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers in /proc")
def test_workers_die_with_a_killed_export_and_the_next_export_removes_its_temp_folder(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "corpus"
    child = export(project, tmp_path, out, "--format", "spacy", "--processes", "2")
    wait_for("shard in the temp folder", lambda: written_to(tmp_path), child)
    os.killpg(child.pid, signal.SIGSTOP)  # the workers too: what they wrote is read while they wait
    workers = child_pids(child.pid)
    [left] = temps(tmp_path)
    written = listing(left)

    child.kill()  # the main process alone, as the OOM killer or `kill -9 PID` would
    child.wait()
    with contextlib.suppress(ProcessLookupError):  # none left to continue: they died with it
        os.killpg(child.pid, signal.SIGCONT)

    assert len(workers) == 2
    wait_for("end of the workers", lambda: not any(map(alive, workers)))
    assert listing(left) == written  # no worker wrote on after the export was killed
    shards = sorted(left.rglob("*"))

    long_ago = time.time() - 2 * STALE_SECONDS
    for path in [left, *shards]:
        os.utime(path, (long_ago, long_ago))
    again = run_cli(tmp_path, "export", str(project), str(out), "--format", "spacy", "--processes", "2")

    assert again.returncode == 0, again.stderr
    assert f"removed 1 temporary file left by an interrupted export: {left.name}" in again.stderr
    assert temps(tmp_path) == [] and len(list(out.glob("*.spacy"))) == ARTICLES // 500


def test_a_fresh_temp_file_of_a_killed_export_is_kept_until_it_is_old(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    child = export(project, tmp_path, out)
    wait_for("temp file written to", lambda: written_to(tmp_path), child)
    child.kill()
    child.wait()
    [left] = temps(tmp_path)

    again = run_cli(tmp_path, "export", str(project), str(out))

    assert again.returncode == 0, again.stderr
    assert temps(tmp_path) == [left] and "temporary" not in again.stderr


WINDOW = """
import sys
from annotator.pipeline_service import PipelineService
service = PipelineService(None)
print(service.process.pid, flush=True)
sys.stdin.read()  # until the test kills this process
"""


def ignores_ctrl_c(pid: int) -> bool:
    """Whether ``pid`` ignores SIGINT: the pipeline child does once it has asked to die with its parent."""
    with contextlib.suppress(OSError):
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith("SigIgn:"):
                return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the child's state in /proc")
def test_the_pipeline_process_dies_with_a_killed_window_even_while_it_loads(tmp_path: Path) -> None:
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=child_env(tmp_path),
        start_new_session=True,
    )
    try:
        assert window.stdout is not None
        pipeline = int(window.stdout.readline())
        wait_for("pipeline process serving", lambda: ignores_ctrl_c(pipeline), window)
        os.kill(pipeline, signal.SIGSTOP)  # stopped, it cannot end by finding the window's pipe closed

        window.kill()
        window.wait()

        wait_for("end of the pipeline process", lambda: not alive(pipeline))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(window.pid, signal.SIGKILL)
        window.wait()
