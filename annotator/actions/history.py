"""Undo history rebuilt from the event log, so Ctrl+Z still works after a restart. Imports no Qt.

Each batch of events is one user action; its inverse edits are read off the
``before`` and ``after`` the store logged. Only the unbroken run of the annotator's
own window actions at the end of the log is used: an import, a suggestion run or
another annotator's change ends it, because undoing past those could undo onto
data that has moved on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.actions.edits import AddSpan, DeleteSpan, Edit, SetDocumentStatus, SetRelation, UpdateSpan
from annotator.store import Project

HANDLED = {"span.add", "span.update", "span.delete", "relation.add", "relation.delete", "document.status"}
MAX_BATCHES = 200
SCAN_EVENTS = 5000


@dataclass(frozen=True)
class PastAction:
    """One logged action that can be undone: its document, a name for the menu, its inverse edits."""

    document_id: int
    text: str
    undo: list[Edit]


def _inverse(event: dict[str, Any]) -> Edit:
    action, before, after = event["action"], event["before"], event["after"]
    if action == "span.add":
        return DeleteSpan(event["target_id"])
    if action == "span.delete":
        return AddSpan(before)
    if action == "span.update":
        changed = {name: before[name] for name in before if before[name] != after.get(name)}
        return UpdateSpan(event["target_id"], {k: v for k, v in changed.items() if k in _SPAN_FIELDS})
    if action == "relation.add":
        return SetRelation(after["head_id"], after["label"], None)
    if action == "relation.delete":
        return SetRelation(before["head_id"], before["label"], before["child_id"])
    return SetDocumentStatus(event["target_id"], before["status"])


_SPAN_FIELDS = {"start", "end", "label", "kind", "status", "origin", "stance", "attributes"}


def _is_window_action(events: list[dict[str, Any]], annotator: str) -> bool:
    """Only the annotator's own span, relation and status changes, in one document, by hand."""
    documents = {event["document_id"] for event in events}
    return (
        len(documents) == 1
        and all(event["annotator"] == annotator and event["action"] in HANDLED for event in events)
        and not any(event["action"] == "span.add" and event["after"]["origin"] == "model" for event in events)
    )


def _describe(events: list[dict[str, Any]]) -> str:
    updates = [e for e in events if e["action"] == "span.update"]
    if len(updates) == 1 and len(events) <= 2:
        before, after = updates[0]["before"], updates[0]["after"]
        changed = [
            name for name in ("status", "label", "stance", "start", "end") if before[name] != after[name]
        ]
        return f"{after['label']} {', '.join(changed) or 'change'} (earlier session)"
    actions = sorted({e["action"].replace(".", " ") for e in events if e["action"] != "document.status"})
    return f"{', '.join(actions) or 'document status'} (earlier session)"


def past_actions(project: Project, annotator: str) -> list[PastAction]:
    """The annotator's latest undoable actions, oldest first (ready to push on an undo stack).

    Only events after the latest one that ends the run (another annotator's, or
    an action the window does not make, such as an import) are read and decoded:
    after importing 100,000 documents that is none at all.
    """
    after_id, cut = project.undoable_run_start(annotator, HANDLED, within=SCAN_EVENTS)
    batches: list[list[dict[str, Any]]] = []
    for event in project.events(after_id=after_id):
        if batches and batches[-1][0]["batch"] == event["batch"]:
            batches[-1].append(event)
        else:
            batches.append([event])
    if cut is not None and batches and batches[0][0]["batch"] == cut:
        batches.pop(0)  # the rest of a batch the reading started inside
    found: list[PastAction] = []
    for batch in reversed(batches):
        if len(found) == MAX_BATCHES or not _is_window_action(batch, annotator):
            break
        undo = [_inverse(event) for event in reversed(batch)]
        found.append(PastAction(batch[0]["document_id"], _describe(batch), undo))
    return found[::-1]
