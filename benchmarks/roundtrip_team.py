"""Several annotators on real articles, end to end, and a check that nothing is lost (issue 14).

    python -m benchmarks.roundtrip_team [--articles 60] [--overlap 0.3] [--seed 1]

Imports ``--articles`` Wikinews articles with the pipeline's suggestions, assigns them to
ana, ben and cho with an overlap, plays each annotator through the actions layer (as the
window's keys do: reject some suggestions, accept the rest, give each quote a stance, mark
done; each annotator with their own habits), merges the three files, measures agreement,
reviews automatically and exports. Then checks, document by document:

- each annotator's export of their own file equals the merged project's export of their
  version (``--annotator NAME``): every span, label, status, stance and link came through;
- the reviewed version holds every span two annotators marked alike, and nothing else
  from review but what a person still has to settle.

Prints the figures and exits 1 if anything was lost.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.actions.perform import perform
from annotator.cli import main as cli
from annotator.store import Project

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"
NAMES = ("ana", "ben", "cho")
# Each annotator's habits: how often they reject a suggestion, and the stance they lean to.
HABITS = {"ana": (0.10, "favor"), "ben": (0.20, "against"), "cho": (0.15, "neutral")}


def run(*args: object) -> str:
    """Run an ``annotator`` command; stop with its output if it fails."""
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    if result.exit_code != 0:
        raise SystemExit(
            f"annotator {' '.join(map(str, args))} failed ({result.exit_code}):\n{result.output}"
        )
    return result.output


def play(path: Path, name: str, seed: int) -> int:
    """Annotate every document of ``path`` as ``name`` would, through the actions layer; returns actions."""
    rng = random.Random(f"{name}-{seed}")
    reject_share, leaning = HABITS[name]
    actions = 0
    with Project.open(path) as project:
        for doc_id in project.document_ids():
            for span in project.spans(doc_id, status="suggested"):
                if span.kind in ("entity", "quote") and rng.random() < reject_share:
                    perform(project, doc_id, "reject", span=span.id)
                    actions += 1
            perform(project, doc_id, "accept_all")
            actions += 1
            for quote in project.spans(doc_id, kind="quote", status="accepted"):
                stance = leaning if rng.random() < 0.6 else rng.choice(["favor", "against", "neutral"])
                perform(project, doc_id, f"stance_{stance}", span=quote.id)
                actions += 1
            perform(project, doc_id, "done_next", confirmed=True)
            actions += 1
    return actions


def lines_by_text(path: Path) -> dict[str, dict]:
    """An export's records keyed by their text's hash."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {record["_input_hash"]: record for record in records}


def essence(record: dict) -> tuple:
    """What must survive a merge: each span's place, label, kind, status and stance, and the links."""
    spans = sorted(
        (s["start"], s["end"], s["label"], s["kind"], s["status"], s["stance"]) for s in record["spans"]
    )
    links = sorted(
        (r["head_span"]["start"], r["head_span"]["end"], r["child_span"]["start"], r["label"])
        for r in record.get("relations", [])
    )
    return record["_status"], tuple(spans), tuple(links)


def speakers_of(record: dict) -> dict[tuple[int, int], tuple[int, int]]:
    """Each quote's speaker by offsets, as one version links them (a rejected span is no speaker)."""
    rejected = {(s["start"], s["end"]) for s in record["spans"] if s["status"] == "rejected"}
    rejected -= {(s["start"], s["end"]) for s in record["spans"] if s["status"] != "rejected"}
    return {
        (r["head_span"]["start"], r["head_span"]["end"]): (r["child_span"]["start"], r["child_span"]["end"])
        for r in record.get("relations", [])
        if r["label"] == "SPEAKER" and (r["child_span"]["start"], r["child_span"]["end"]) not in rejected
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--overlap", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="annotator-team-"))
    articles = work / "articles.jsonl"
    with CORPUS.open(encoding="utf-8") as corpus:
        chosen = [json.loads(line) for _, line in zip(range(args.articles), corpus, strict=False)]
    articles.write_text(
        "".join(json.dumps({"text": a["text"], "title": a.get("title", "")}) + "\n" for a in chosen)
    )
    lead = work / "news.annotator"
    started = time.perf_counter()
    run("import", lead, articles)
    run("config", lead, "--topic", "the news of the day")
    print(
        run(
            "assign",
            lead,
            work / "team",
            "--annotators",
            ",".join(NAMES),
            "--overlap",
            args.overlap,
            "--seed",
            args.seed,
        )
    )
    actions = {name: play(work / "team" / f"{name}.annotator", name, args.seed) for name in NAMES}
    print(f"Annotators' actions through the actions layer: {actions}")
    print(run("merge", lead, *(work / "team" / f"{name}.annotator" for name in NAMES)))
    report = json.loads(run("agreement", lead, "--json"))
    for pair in report["pairs"]:
        print(
            f"{pair['a']}-{pair['b']}: {pair['documents']} shared documents; entities overlap F1 "
            f"{pair['entities']['overlap']['f1']}, quotes overlap F1 {pair['quotes']['overlap']['f1']}, "
            f"stance kappa {pair['stance']['kappa']} (n={pair['stance']['n']})"
        )
    print(run("review", lead, "--auto", "--min-annotators", "2"))
    lost = 0
    compared = 0
    for name in NAMES:
        own, merged = work / f"{name}-own.jsonl", work / f"{name}-merged.jsonl"
        run("export", work / "team" / f"{name}.annotator", own, "--all", "--no-tokens")
        run("export", lead, merged, "--annotator", name, "--all", "--no-tokens")
        mine, theirs = lines_by_text(own), lines_by_text(merged)
        for key, record in mine.items():
            compared += 1
            if key not in theirs or essence(record) != essence(theirs[key]):
                lost += 1
                print(
                    f"LOST: {name}'s version of {record['meta'].get('title', key)!r} differs after the merge"
                )
    run("export", lead, work / "reviewed.jsonl", "--no-tokens")
    reviewed = lines_by_text(work / "reviewed.jsonl")
    missing = 0
    agreed = 0
    versions = {name: lines_by_text(work / f"{name}-own.jsonl") for name in NAMES}
    for key, record in reviewed.items():
        marked: dict[tuple, int] = {}
        for mine in versions.values():
            if key in mine and mine[key]["_status"] == "done":
                speakers = speakers_of(mine[key])
                for s in mine[key]["spans"]:
                    if s["status"] == "accepted" and s["kind"] in ("entity", "quote"):
                        place = (
                            s["start"],
                            s["end"],
                            s["label"],
                            s["kind"],
                            speakers.get((s["start"], s["end"])),
                        )
                        marked[place] = marked.get(place, 0) + 1
        have = {(s["start"], s["end"], s["label"], s["kind"]) for s in record["spans"]}
        for place, count in marked.items():
            if count >= 2:  # alike: kind, label, offsets and, for a quote, its speaker (as review --auto)
                agreed += 1
                missing += place[:4] not in have
    print(
        f"{args.articles} articles, {len(NAMES)} annotators, overlap {args.overlap}: {compared} annotator "
        f"versions compared after merge, {lost} lost; {agreed} spans two annotators marked alike, {missing} "
        f"missing from the reviewed version; {time.perf_counter() - started:.0f} s in all. Files: {work}."
    )
    sys.exit(1 if lost or missing else 0)


if __name__ == "__main__":
    main()
