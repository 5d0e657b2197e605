"""The Train dialog's score tables and curves, made from a training's scores (``annotator.learning``).

The same numbers as ``annotator train`` prints (``annotator.learning.training_text``), as item
models for a QTableView. Labels come from the project: QStandardItem shows them as plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from annotator.gui.curve_view import Curve

ENTITY_HEADERS = (
    "label", "stock P", "stock R", "stock F1", "trained P", "trained R", "trained F1", "suggested by",
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
        return [QStandardItem(name), *ratios, QStandardItem(by)]

    rows = []
    for label in scores["labels"]:
        by = "trained (new label)" if label in new else "trained" if label in used else "stock"
        gold = trained["labels"][label]["gold"]
        rows.append(row(label, stock["labels"][label], trained["labels"][label], f"{by}, {gold} in dev"))
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
    headers = ["", "accuracy", "mean F1 favor/against", *(f"F1 {label}" for label in stances)]
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
