"""Project and import files are only ever data: no pickle or eval, SQL with parameters, exports atomic,
and nothing in an imported file decides where the app writes."""

from __future__ import annotations

import ast
import json
import random
from pathlib import Path

import pytest

from annotator.exporting import export_jsonl
from annotator.exporting.atomic import TEMP_PREFIX, TEMP_SUFFIX
from annotator.importing import import_paths
from annotator.store import Project
from annotator.store.connection import FileGone
from tests.robustness.test_crash_safety import kill_at, run_cli, start_cli, write_articles

PACKAGE = Path(__file__).parents[2] / "annotator"
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "yaml", "jsonpickle"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
SQL_CALLS = {"execute", "executemany", "executescript", "query"}
# The only names interpolated into SQL text: each is built from constants or "?" placeholders where it is
# defined (column lists, "?, ?, ?" marks, WHERE clauses of fixed fragments, savepoint names, the schema
# version); every value goes in as a parameter.
SQL_FRAGMENTS = {
    "columns",
    "clause",
    "marks",
    "where",
    "name",
    "SCHEMA_VERSION",
    "SPAN_COLUMNS",
    "DOCUMENT_COLUMNS",
    "_GUESS_P",  # window_reads: a stance guess's p, a fixed CASE expression
    "_DONE_MARKS",  # overview_reads: who marked each document done when, a fixed subquery
}
INJECTION = "x'); DROP TABLE spans; --"


def sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text("utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def test_no_module_loads_data_with_pickle_or_runs_it_with_eval() -> None:
    found = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                found += [
                    f"{path.name}: import {name}" for name in names if name.split(".")[0] in UNSAFE_MODULES
                ]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in UNSAFE_CALLS
            ):
                found.append(f"{path.name}:{node.lineno}: {node.func.id}()")
    assert found == []


def test_sql_text_interpolates_only_fixed_fragments_never_values() -> None:
    interpolated = set()
    for path, tree in sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if (
                node.func.attr not in SQL_CALLS
                or not node.args
                or not isinstance(node.args[0], ast.JoinedStr)
            ):
                continue
            for part in node.args[0].values:
                if isinstance(part, ast.FormattedValue):
                    interpolated.add((path.name, ast.unparse(part.value)))
    assert interpolated, "the scan found no SQL at all: has the code moved?"
    assert {expression for _, expression in interpolated} <= SQL_FRAGMENTS, interpolated


def test_sql_looking_input_is_stored_as_plain_data(project: Project, tmp_path: Path) -> None:
    text = f"The label {INJECTION} is text."
    source = tmp_path / "evil.jsonl"
    line = {
        "text": text,
        "title": INJECTION,
        "meta": {INJECTION: INJECTION},
        "spans": [{"start": 10, "end": 10 + len(INJECTION), "label": INJECTION}],
    }
    source.write_text(json.dumps(line) + "\n", "utf-8")

    report = import_paths(project, [source])

    assert report.imported == 1 and report.spans == 1
    document = project.document(1)
    assert (document.title, document.meta[INJECTION]) == (INJECTION, INJECTION)
    assert [span.label for span in project.spans(1)] == [INJECTION]
    assert project.search_document_ids("DROP") == [1]


def test_paths_in_imported_data_never_decide_where_anything_is_written(
    project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    targets = [outside / "meta-path.jsonl", outside / "title", outside / "source.txt"]
    source = tmp_path / "in" / "data.jsonl"
    source.parent.mkdir()
    line = {
        "text": "An ordinary article.",
        "title": str(targets[1]),
        "meta": {
            "path": str(targets[0]),
            "out": "../../outside/x",
            "source": str(targets[2]),
            "file": "/etc/x",
        },
        "_annotator_id": "../../outside/annotator",
    }
    source.write_text(json.dumps(line) + "\n", "utf-8")
    import_paths(project, [source])
    out = tmp_path / "chosen" / "export.jsonl"

    export_jsonl(project, out, include_all=True, split=0.5)

    assert not outside.exists()
    assert sorted(path.name for path in out.parent.iterdir()) == ["export.dev.jsonl", "export.train.jsonl"]
    assert sorted(path.name for path in source.parent.iterdir()) == ["data.jsonl"]


@pytest.mark.parametrize("target", ["an existing file", "nowhere"])
def test_a_link_planted_at_the_upgrade_backup_name_never_gets_the_project(
    tmp_path: Path, target: str
) -> None:
    """Issue 13, item 7: ``NAME.v1.bak`` linked elsewhere was written through, giving away the project."""
    path = tmp_path / "news.annotator"
    path.write_bytes(
        (Path(__file__).parents[1] / "fixtures" / "projects" / "schema-v1.annotator").read_bytes()
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / ("victim.txt" if target == "an existing file" else "planted.db")
    if target == "an existing file":
        victim.write_bytes(b"someone else's file")
    planted = tmp_path / "news.annotator.v1.bak"
    planted.symlink_to(victim)

    with Project.open(path) as project:
        assert project.backup == tmp_path / "news.annotator.v1-2.bak"
        assert project.stats()["documents"]["total"] == 2

    assert planted.is_symlink() and planted.readlink() == victim
    assert sorted(path.name for path in elsewhere.iterdir()) == (["victim.txt"] if victim.exists() else [])
    if target == "an existing file":
        assert victim.read_bytes() == b"someone else's file"
    assert not project.backup.is_symlink()
    assert project.backup.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_link_planted_at_the_rescue_name_never_gets_the_project(tmp_path: Path) -> None:
    """The copy saved when a project file goes away while open is made as the upgrade's backup is."""
    path = tmp_path / "news.annotator"
    victim = tmp_path / "elsewhere.db"
    planted = tmp_path / "news.recovered-1.annotator"
    planted.symlink_to(victim)
    with Project.open(path) as project:
        project.add_document("An ordinary article.")
        path.unlink()
        with pytest.raises(FileGone, match=r"saved to .*news\.recovered-2\.annotator"):
            project.add_document("Another article.")
    assert not victim.exists() and planted.is_symlink()
    with Project.open(tmp_path / "news.recovered-2.annotator", read_only=True) as rescued:
        assert [document.text for document in rescued.documents()] == ["An ordinary article."]


def temp_size(out: Path, earlier: set[Path]) -> int:
    """The size of the temp file an export to ``out`` writes, not one of ``earlier``; -1 if there is none."""
    for temp in set(out.parent.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")) - earlier:
        try:
            return temp.stat().st_size
        except FileNotFoundError:  # renamed over ``out`` just now
            pass
    return -1


@pytest.mark.slow
@pytest.mark.timeout(600)  # eight exports of 3,000 documents
def test_an_export_killed_at_random_moments_leaves_the_old_file_or_a_whole_new_one(tmp_path: Path) -> None:
    rng = random.Random(8)
    path, out = tmp_path / "news.annotator", tmp_path / "train.jsonl"
    write_articles(tmp_path / "articles.jsonl", 3000)
    imported = run_cli(tmp_path, "import", str(path), str(tmp_path / "articles.jsonl"), "--no-suggest")
    assert imported.returncode == 0, imported.stderr
    exported = run_cli(tmp_path, "export", str(path), str(out))
    assert exported.returncode == 0, exported.stderr
    complete, previous = out.read_bytes(), b"the previous export\n"
    outcomes = []
    for kill in range(6):
        out.write_bytes(previous)
        earlier = set(tmp_path.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))  # left by earlier kills
        # The moment: this run's temp file holds a random share (0 to 90 %) of the export.
        wanted = int(len(complete) * rng.uniform(0, 0.9))
        child = start_cli(tmp_path, ["export", str(path), str(out)], f"export{kill}")
        temp, written = kill_at(
            child,
            lambda earlier=earlier, wanted=wanted: temp_size(out, earlier) >= wanted,
            lambda earlier=earlier: (temp_size(out, earlier), out.read_bytes()),
            f"export kill {kill} at {wanted} of {len(complete)} bytes",
        )
        # The temp file was there while the export was stopped: the kill came before the rename.
        assert temp >= wanted, f"kill {kill} did not land mid-export: the temp file was already renamed"
        assert written == previous
        assert out.read_bytes() == previous
        outcomes.append(f"{temp * 100 // len(complete)}%")
    print(f"export kills, share of the temp file written: {outcomes}; each left the old file")
    assert run_cli(tmp_path, "export", str(path), str(out)).returncode == 0
    assert out.read_bytes() == complete
