"""Two programs on one project file: both finish their work, nothing is lost, the window sees the other's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import Project
from tests.robustness.soundness import assert_sound
from tests.robustness.test_crash_safety import child_env


def articles(path: Path, first: int, count: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(first, first + count):
            text = f"Article {number}: Mayor Ana Ruiz opened the bridge in Greyhaven."
            stream.write(json.dumps({"text": text, "spans": [{"start": 0, "end": 7, "label": "ORG"}]}) + "\n")
    return path


def start_import(folder: Path, project: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(project), str(source), "--no-suggest"],
        env=child_env(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True], ids=["new file", "existing file"])
def test_two_imports_started_together_both_finish_and_lose_nothing(tmp_path: Path, existing: bool) -> None:
    project = tmp_path / "news.annotator"
    if existing:
        Project.open(project).close()
    # Overlapping halves: 1,000 articles each, 500 of them in both files.
    first = articles(tmp_path / "a.jsonl", 0, 1000)
    second = articles(tmp_path / "b.jsonl", 500, 1000)

    children = [start_import(tmp_path, project, source) for source in (first, second)]
    results = [(child.wait(60), *child.communicate()) for child in children]

    assert [status for status, _, _ in results] == [0, 0], results
    counts = assert_sound(project)
    assert (counts["documents"], counts["spans"]) == (1500, 1500)
    imported = sum(int(out.split("imported ")[1].split()[0]) for _, out, _ in results)
    assert imported == 1500
