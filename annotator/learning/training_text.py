"""The scores of a training run as text tables, for ``annotator train`` (issue 15)."""

from __future__ import annotations

from typing import Any

from annotator.learning.training import TrainReport


def _ratio(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def entity_lines(scores: dict[str, Any]) -> list[str]:
    """Per label: the stock pipeline's and the trained model's precision, recall and F1 on the dev split."""
    stock, trained = scores["stock"], scores["trained"]
    used = set(scores.get("use_labels", ()))
    new = set(scores.get("new_labels", ()))
    width = max([len("label"), len("all labels"), *(len(label) for label in scores["labels"])])
    lines = [
        f"Entities: trained on {scores['train_docs']} documents, scored on {scores['dev_docs']} held out "
        f"({scores['seconds']} s)",
        f"  {'':<{width}}  {'stock':<17}{'trained':<19}suggested by",
        f"  {'label':<{width}}  {'P':>4} {'R':>4} {'F1':>4}     {'P':>4} {'R':>4} {'F1':>4}",
    ]

    def row(name: str, before: dict[str, Any], after: dict[str, Any], by: str) -> str:
        left = " ".join(_ratio(before[key]) for key in ("p", "r", "f"))
        right = " ".join(_ratio(after[key]) for key in ("p", "r", "f"))
        return f"  {name:<{width}}  {left}     {right}   {by}".rstrip()

    for label in scores["labels"]:
        by = "trained (new label)" if label in new else "trained" if label in used else "stock"
        count = trained["labels"][label]["gold"]
        lines.append(row(label, stock["labels"][label], trained["labels"][label], f"{by}, {count} in dev"))
    lines.append(row("all labels", stock["micro"], trained["micro"], ""))
    if scores.get("curve"):
        lines.append("  learning curve (dev micro F1): " + _curve(scores["curve"], "micro_f1"))
    return lines


def stance_lines(scores: dict[str, Any]) -> list[str]:
    """Accuracy and mean F1 of favor and against on the dev split, against the most-frequent baseline."""
    counts = scores.get("counts", {})
    lines = [
        f"Stance: {counts.get('examples', 0)} decisions, trained on {counts.get('train', 0)}, "
        f"scored on {counts.get('dev', 0)} held out ({scores.get('seconds', 0)} s)"
    ]
    if "dev" not in scores:
        lines.append("  too few decisions to hold any out: no scores (the model is trained on all)")
        return lines
    dev, baseline = scores["dev"], scores["baseline"]
    lines.append(f"  {'':<22}accuracy  mean F1 favor/against")
    lines.append(
        f"  {'always ' + repr(baseline['label']):<22}{baseline['accuracy']:8.2f}  "
        f"{baseline['mean_f1_favor_against']:8.2f}"
    )
    lines.append(f"  {'trained':<22}{dev['accuracy']:8.2f}  {dev['mean_f1_favor_against']:8.2f}")
    given = [label for label in dev["f1"] if counts.get(f"label:{label}")]
    lines.append("  F1 per stance: " + ", ".join(f"{label} {dev['f1'][label]:.2f}" for label in given))
    if scores.get("curve"):
        lines.append("  learning curve (dev accuracy): " + _curve(scores["curve"], "accuracy"))
    return lines


def _curve(points: list[dict[str, Any]], key: str) -> str:
    return " · ".join(f"{round(point['share'] * 100)} % ({point['n']}) {point[key]:.2f}" for point in points)


def format_training(report: TrainReport) -> str:
    """The whole report: each model's table, then what was saved."""
    parts: list[str] = []
    if report.entities is not None:
        parts.append("\n".join(entity_lines(report.entities)))
    if report.stance is not None:
        parts.append("\n".join(stance_lines(report.stance)))
    saved = [name for name, scores in (("entity", report.entities), ("stance", report.stance)) if scores]
    if saved:
        parts.append(
            f"Saved in the project: the {' and the '.join(saved)} model. "
            "New suggestions use them (`annotator suggest PROJECT`, or Suggest in the window)."
        )
    return "\n\n".join(parts)
