"""The agreement report as text for a terminal: a block per pair of annotators, then the overall figures."""

from __future__ import annotations

from typing import Any

# Documents listed under "disagree most": enough to start reviewing, short enough to read.
SHOWN_DOCUMENTS = 10


def _number(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def _scores(scores: dict[str, Any]) -> str:
    return f"P {_number(scores['p'])}  R {_number(scores['r'])}  F1 {_number(scores['f1'])}"


def _measured(title: str, part: dict[str, Any], by: str) -> list[str]:
    exact, overlap = part["exact"], part["overlap"]
    lines = [
        f"  {title:<14} exact {_scores(exact)}   overlap {_scores(overlap)}"
        f"   ({exact['n_a']} vs {exact['n_b']} spans)"
    ]
    for name, scores in part[by].items():
        lines.append(
            f"    {str(name)[:12]:<12} exact F1 {_number(scores['exact']['f1'])}   "
            f"overlap F1 {_number(scores['overlap']['f1'])}   "
            f"({scores['exact']['n_a']} vs {scores['exact']['n_b']})"
        )
    return lines


def format_agreement(report: dict[str, Any]) -> str:
    """What :func:`~annotator.agreement.report.agreement_report` found, as aligned lines."""
    lines = [f"Annotators: {', '.join(report['annotators'])}", ""]
    for pair in report["pairs"]:
        lines.append(f"{pair['a']} and {pair['b']}: {pair['documents']} documents both marked done")
        if not pair["documents"]:
            lines += ["  (nothing to compare: agreement counts documents both annotators marked done)", ""]
            continue
        lines += _measured("entities", pair["entities"], "by_label")
        lines += _measured("quotes", pair["quotes"], "by_type")
        speaker, cue = pair["speaker"], pair["cue"]
        lines.append(
            f"  speaker agreement {_number(speaker['agreement'])} (n={speaker['n']})   "
            f"cue agreement {_number(cue['agreement'])} (n={cue['n']})"
        )
        stance, kind = pair["stance"], pair["quote_type"]
        lines.append(
            f"  stance kappa {_number(stance['kappa'])}, agreement {_number(stance['agreement'])} "
            f"(n={stance['n']})   quote type kappa {_number(kind['kappa'])} (n={kind['n']})"
        )
        lines.append("")
    alpha = report["stance_alpha"]
    lines.append(
        f"Stance over all annotators: Krippendorff's alpha {_number(alpha['alpha'])} (n={alpha['n']})"
    )
    worst = [document for document in report["documents"] if document["disagreements"]][:SHOWN_DOCUMENTS]
    if worst:
        lines += ["", "Documents that disagree most:"]
        lines += [f"  {d['id']:>7}  {d['disagreements']:>4} disagreements  {d['title'][:60]}" for d in worst]
    return "\n".join(lines)
