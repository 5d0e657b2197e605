"""annotator report: one self-contained, escaped HTML page, written atomically, drawn by Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.overview.palette import NAMED
from annotator.store import Project
from tests.overview.projects import HOSTILE, hostile_project, small_project, team_project


def _report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.output


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.annotator"
    small_project(path)[0].close()
    return path


def test_report_writes_the_counts_and_every_chart_as_inline_svg(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, output = _report(str(small), str(out))
    assert code == 0, output
    assert "Wrote" in output and "4 documents, 2 done" in output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for title in (
        "Counts",
        "Documents marked done per day",
        "Accepted entities per label and quotes per type",
        "What became of the model&#x27;s suggestions",
        "Quotes by speaker and stance",
    ):
        assert f"<h2>{title}</h2>" in page
    assert page.count("<svg ") == 4
    assert "<td>PERSON</td><td>1</td>" in page  # the accepted entity labels of annotator stats
    assert "no agreement to show" in page


def test_the_page_needs_no_script_and_fetches_nothing(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    _report(str(small), str(out))
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "default-src 'none'" in page
    assert re.findall(r"(?:src|href)=", page) == []
    assert set(re.findall(r"https?://[^\"' ]+", page)) == {"http://www.w3.org/2000/svg"}


def test_every_project_string_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "hostile.annotator"
    hostile_project(path).close()
    out = tmp_path / "report.html"
    assert _report(str(path), str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "\u202e" not in page  # shown as \u202e, not obeyed
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; \\u202eevil 😀 北京"
    assert page.count(escaped) >= 6  # title, label, stance, progress, speaker, heatmap...
    assert "<h2>Entity agreement between annotators (F1, exact match)</h2>" in page
    assert re.sub(r"<[^>]*>", "", page).count(HOSTILE.replace("\u202e", "")) == 0


def test_agreement_is_drawn_for_merged_annotators_unless_left_out(tmp_path: Path) -> None:
    team_project(tmp_path).close()
    merged = tmp_path / "merged.annotator"
    out = tmp_path / "team.html"
    assert _report(str(merged), str(out))[0] == 0
    assert ">0.86</text>" in out.read_text(encoding="utf-8")
    assert _report(str(merged), str(out), "--no-agreement")[0] == 0
    assert "0.86" not in out.read_text(encoding="utf-8")


def test_report_refuses_the_project_and_its_sqlite_files_and_changes_nothing(small: Path) -> None:
    before = small.read_bytes()
    for target in (small, Path(f"{small}-wal")):
        code, output = _report(str(small), str(target))
        assert code == 2, output
        assert "choose another file" in output
    assert small.read_bytes() == before


def test_report_on_a_missing_project_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, output = _report(str(tmp_path / "none.annotator"), str(out))
    assert code == 1
    assert "there is no project" in output
    assert not out.exists() and not (tmp_path / "none.annotator").exists()


def test_report_replaces_an_existing_file_whole_and_leaves_no_temp_file(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    out.write_text("old")
    assert _report(str(small), str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.listdir(out.parent) == ["report.html"]


def test_report_of_an_empty_project_says_there_is_nothing_yet(tmp_path: Path) -> None:
    path = tmp_path / "empty.annotator"
    Project.open(path).close()
    out = tmp_path / "empty.html"
    assert _report(str(path), str(out))[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "No document has been marked done yet." in page
    assert "<svg " not in page


def _non_white(png: Path) -> tuple[int, set[int]]:
    """How many pixels of ``png`` are not white, and which colours (RGB) there are."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not an image"
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())[: image.bytesPerLine() * height]
    pixels = [
        int.from_bytes(
            data[y * image.bytesPerLine() + 4 * x : y * image.bytesPerLine() + 4 * x + 3], "little"
        )
        for y in range(0, height, 2)
        for x in range(0, width, 2)
    ]
    return sum(1 for pixel in pixels if pixel != 0xFFFFFF), set(pixels)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium package is not installed (.ci/run installs it): the report is not rendered",
)
def test_chromium_draws_the_report_with_its_charts(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert _report(str(small), str(out))[0] == 0
    png = tmp_path / "report.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",  # CI and containers run as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'chromium'}",
            f"--screenshot={png}",
            "--window-size=1200,1600",
            out.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    ink, colours = _non_white(png)
    assert ink > 20_000, "the page is (nearly) blank"
    for segment in ("accepted", "rejected", "entity", "favor"):
        fill = NAMED[segment]
        assert int(fill[1:], 16) in colours, f"no {fill} bar ({segment}) in the picture"
