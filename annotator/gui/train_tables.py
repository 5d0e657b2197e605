"""The Train dialog's score tables, curves and summaries, made from a training's scores (issue 15).

The same numbers as ``annotator train`` prints (``annotator.learning.training_text``), as item
models for a QTableView. Labels come from the project: QStandardItem shows them as plain text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from annotator.gui.curve_view import Curve
from annotator.store.models_part import ModelSummary

# Two-line headers keep the number columns narrow enough for the table to fit a 900 px wide dialog.
ENTITY_HEADERS = (
    "label", "stock\nP", "stock\nR", "stock\nF1", "trained\nP", "trained\nR", "trained\nF1", "in\ndev",
    "suggested\nby",
)  # fmt: skip


def _ratio(value: float | None) -> QStandardItem:
    item = QStandardItem("–" if value is None else f"{value:.2f}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str] | tuple[str, ...], rows: list[list[QStandardItem]]) -> QStandardItemModel:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(list(headers))
    for number, row in enumerate(rows):
        for column, item in enumerate(row):
            item.setEditable(False)
            model.setItem(number, column, item)
    return model


def _bold(items: list[QStandardItem]) -> list[QStandardItem]:
    font = QFont()
    font.setBold(True)
    for item in items:
        item.setFont(font)
    return items


def entity_table(scores: dict[str, Any]) -> QStandardItemModel:
    """Per label, stock pipeline's and trained model's P, R and F1 on the dev split; then all labels."""
    stock, trained = scores["stock"], scores["trained"]
    used, new = set(scores.get("use_labels", ())), set(scores.get("new_labels", ()))

    def row(name: str, before: dict[str, Any], after: dict[str, Any], by: str) -> list[QStandardItem]:
        ratios = [_ratio(part[key]) for part in (before, after) for key in ("p", "r", "f")]
        gold = QStandardItem(str(after.get("gold", "")))
        gold.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [QStandardItem(name), *ratios, gold, QStandardItem(by)]

    rows = []
    for label in scores["labels"]:
        by = "trained (new)" if label in new else "trained" if label in used else "stock"
        rows.append(row(label, stock["labels"][label], trained["labels"][label], by))
        if label in new:
            rows[-1][-1].setToolTip("A label the stock pipeline lacks: only the trained model suggests it")
    rows.append(_bold(row("all labels", stock["micro"], trained["micro"], "")))
    return _table(ENTITY_HEADERS, rows)


def given_stances(scores: dict[str, Any]) -> list[str]:
    """The stances some decision gave, in the project's order."""
    counts = scores.get("counts", {})
    return [label for label in scores["dev"]["f1"] if counts.get(f"label:{label}")]


def stance_table(scores: dict[str, Any]) -> QStandardItemModel | None:
    """Always-the-most-frequent against trained: accuracy, mean F1 of favor and against, F1 per stance.

    None when there were too few decisions to hold any out (the model is then trained on all, unscored).
    """
    if "dev" not in scores:
        return None
    dev, baseline = scores["dev"], scores["baseline"]
    stances = given_stances(scores)
    headers = ["", "accuracy", "mean F1\nfavor/against", *(f"F1\n{label}" for label in stances)]
    rows = [
        [QStandardItem(f"always '{name}'" if name else "trained")]
        + [_ratio(measured["accuracy"]), _ratio(measured["mean_f1_favor_against"])]
        + [_ratio(measured.get("f1", {}).get(label)) for label in stances]
        for name, measured in ((baseline["label"], baseline), ("", dev))
    ]
    return _table(headers, rows)


def curves(entities: dict[str, Any] | None, stance: dict[str, Any] | None) -> list[Curve]:
    """The learning curves in the scores: entity micro F1 by documents, stance accuracy by quotes."""
    found = []
    if entities and entities.get("curve"):
        points = tuple((p["share"], p["n"], p["micro_f1"]) for p in entities["curve"])
        found.append(Curve("entity micro F1 (dev)", "docs", points))
    if stance and stance.get("curve"):
        points = tuple((p["share"], p["n"], p["accuracy"]) for p in stance["curve"])
        found.append(Curve("stance accuracy (dev)", "quotes", points))
    return found


def local_time(stamp: str) -> str:
    """A stored UTC time as local minutes."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def entity_summary(model: ModelSummary | None) -> str:
    """One line on the kept entity model: when, on how many entities, micro F1 against stock."""
    if model is None:
        return "Entity model: none yet."
    micro = model.scores.get("trained", {}).get("micro", {}).get("f")
    stock = model.scores.get("stock", {}).get("micro", {}).get("f")
    score = (
        f"; dev micro F1 {micro:.2f} (stock {stock:.2f})" if micro is not None and stock is not None else ""
    )
    return f"Entity model: trained {local_time(model.trained_at)} on {model.decisions} entities{score}."


def stance_summary(model: ModelSummary | None) -> str:
    """One line on the kept stance model: when, on how many stances, accuracy against the baseline."""
    if model is None:
        return "Stance model: none yet."
    dev, baseline = model.scores.get("dev"), model.scores.get("baseline")
    score = (
        f"; dev accuracy {dev['accuracy']:.2f} (always '{baseline['label']}' {baseline['accuracy']:.2f})"
        if dev and baseline
        else ""
    )
    return f"Stance model: trained {local_time(model.trained_at)} on {model.decisions} stances{score}."
