"""Apply any declared annotation action to a project file, without a window.

The window and this function ask the same rule and apply its edits the same
way, so a script writes the same rows and event-log entries as the keys do::

    with Project.open("news.annotator") as project:
        perform(project, 3, "split_quote", caret=812)
"""

from __future__ import annotations

from annotator.actions.catalogue import BY_ID
from annotator.actions.change import Change, Context, Refused, apply_change
from annotator.actions.state import DocumentState
from annotator.store import Project


def perform(
    project: Project,
    document_id: int,
    action_id: str,
    *,
    span: int | None = None,
    text: tuple[int, int] | None = None,
    caret: int | None = None,
    target: int | None = None,
    confirmed: bool = False,
) -> Change:
    """Run action ``action_id`` on a document with this selection; returns the change it made.

    ``span``: the selected span's id; ``text``: selected text in code points (used
    as given, not snapped); ``caret``: the cursor; ``target``: the span to link as
    speaker or cue; ``confirmed``: yes to the question the action would ask (marking a
    document done with suggestions or stances missing). Raises :class:`Refused` when the
    action does not apply, :class:`Unconfirmed` when it needs that yes, and ``StoreError``
    when the project refuses the change; nothing is written then.
    """
    action = BY_ID.get(action_id)
    if action is None:
        raise Refused(f"there is no action {action_id!r}; known: {', '.join(sorted(BY_ID))}")
    state = DocumentState(project, document_id)
    context = Context(state, span_id=span, text=text, caret=caret, target=target, confirmed=confirmed)
    change = action.run(context)
    assert isinstance(change, Change)
    apply_change(project, state, change)
    return change
