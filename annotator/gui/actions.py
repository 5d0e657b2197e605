"""The window's own actions (files, undo, navigation, view, help), declared like the annotation actions.

``ALL_ACTIONS`` puts them and ``annotator.actions.catalogue`` in menu order: the
menus, shortcuts, F1 sheet, right-click menu and the guide's key table come from it.
Imports no Qt, so the key table of docs/annotating.md can be checked and written without a screen
(``python -m annotator.gui.actions`` prints it, ``--write docs/annotating.md`` puts it there).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.actions.catalogue import DOCUMENT_ACTIONS, SPAN_ACTIONS, can_label, has_quote
from annotator.actions.declared import Action, key_rows, markdown_table

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

Run = Callable[["MainWindow"], object]


def _task(name: str) -> Run:
    """``annotator.gui.tasks.<name>(window)``: background work, imported when first used."""

    def run(window: MainWindow) -> object:
        from annotator.gui import tasks

        return getattr(tasks, name)(window)

    return run


def _name_speaker(window: MainWindow) -> object:
    from annotator.gui.speaker_name import ask_name

    return ask_name(window)


def _quote_selected(window: MainWindow) -> bool:
    return window.editor is not None and has_quote(window.editor.context())


# The person a quote's speaker stands for ("he", "a senior diplomat"): typed, or picked from the article.
NAME_SPEAKER: Action[MainWindow] = Action(
    "name_speaker", "Na&me the speaker…", ("R",), "Type or pick the person the selected quote's speaker is",
    "Span", _name_speaker, _quote_selected, context="span",
)  # fmt: skip


def _with_project(window: MainWindow) -> bool:
    return window.project is not None


def _with_document(window: MainWindow) -> bool:
    return window.view.state is not None


def _can_suggest(window: MainWindow) -> bool:
    return window.view.state is not None and window.pipeline is not None


def _can_train(window: MainWindow) -> bool:
    return window.project is not None and window.pipeline is not None


def _train(window: MainWindow) -> object:
    from annotator.gui.train_dialog import show_train_dialog

    return show_train_dialog(window)


# The window's `annotator train`: models learnt from the documents marked done, run in the pipeline process.
TRAIN: Action[MainWindow] = Action(
    "train", "&Train models…", ("Ctrl+Shift+T",),
    "Learn models from the documents marked done, see how they score, suggest again with them",
    "Tools", _train, _can_train,
)  # fmt: skip


def _pipeline_stopped(window: MainWindow) -> bool:
    return window.service is None or not window.service.running


def _can_label(window: MainWindow) -> bool:
    return window.editor is not None and can_label(window.editor.context())


def _pick_label(window: MainWindow) -> object:
    from annotator.gui.labelpicker import open_picker

    return open_picker(window)


# Every label, also those past the nine number keys: a popup to type its name in (the legend's labels too).
PICK_LABEL: Action[MainWindow] = Action(
    "pick_label", "&More labels…", ("L",), "Choose any of the project's labels by typing part of its name",
    "Span/&Label", _pick_label, _can_label, context="any",
)  # fmt: skip


FILE_AND_EDIT: tuple[Action[MainWindow], ...] = (
    Action("new_project", "&New project…", ("Ctrl+N",), "Create an empty project file", "File",
           lambda w: w.new_project()),
    Action("open_project", "&Open project…", ("Ctrl+O",), "Open a project file", "File",
           lambda w: w.choose_project()),
    Action("import", "&Import documents…", ("Ctrl+I",), "Import text, JSONL or CSV files", "File",
           _task("choose_and_import"), _with_project),
    Action("export", "&Export…", ("Ctrl+E",), "Export annotations as JSONL or spaCy DocBin", "File",
           _task("choose_and_export"), _with_project, separator_after=True),
    Action("quit", "&Quit", ("Ctrl+Q",), "Close the window (everything is already saved)", "File",
           lambda w: w.close()),
    Action("undo", "&Undo", ("Ctrl+Z",), "Undo the last action, in whichever document it was", "Edit",
           lambda w: w.step_history(back=True), lambda w: w.stack.canUndo()),
    Action("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo the last undone action", "Edit",
           lambda w: w.step_history(back=False), lambda w: w.stack.canRedo(), separator_after=True),
    Action("settings", "&Settings…", ("Ctrl+,",), "Your name, font size and theme", "Edit",
           lambda w: w.edit_settings()),
    Action("project_settings", "&Project settings…", (), "Labels, colours, stance labels, topic", "Edit",
           lambda w: w.edit_project(), _with_project),
    Action("next_suggestion", "Ne&xt suggestion", ("Tab", "J"),
           "Select the next suggestion, or quote without a stance", "Span",
           lambda w: w.editor and w.editor.go_to_suggestion(), _with_document),
    Action("previous_suggestion", "&Previous suggestion", ("Shift+Tab", "K"), "Select the previous one",
           "Span", lambda w: w.editor and w.editor.go_to_suggestion(backwards=True), _with_document),
)  # fmt: skip

DOCUMENTS_AND_HELP: tuple[Action[MainWindow], ...] = (
    Action("next_document", "Ne&xt document", ("PgDown",), "Open the next document in the list", "Document",
           lambda w: w.step_document(1), _with_document),
    Action("previous_document", "Pre&vious document", ("PgUp",), "Open the previous document", "Document",
           lambda w: w.step_document(-1), _with_document),
    Action("least_certain_first", "&Least certain first", ("Ctrl+Shift+L",),
           "List documents, and Tab, by the model's least sure guesses first (again: back in order)",
           "Document", lambda w: w.toggle_order(), _with_project),
    Action("suggest", "&Suggest", ("Ctrl+Shift+S",), "Run the pipeline on this document", "Document",
           _task("suggest_current"), _can_suggest),
    Action("restart_pipeline", "&Restart pipeline", (), "Start the pipeline again after it stopped",
           "Document", _task("restart_pipeline"), _pipeline_stopped),
    Action("zoom_in", "Zoom &in", ("Ctrl++", "Ctrl+="), "Larger text", "View",
           lambda w: w.zoom(1), _with_document),
    Action("zoom_out", "Zoom &out", ("Ctrl+-",), "Smaller text", "View",
           lambda w: w.zoom(-1), _with_document),
    Action("overview", "O&verview", ("Ctrl+Shift+O",),
           "The project at a glance in the article's place; click a bar to list its documents (again: back)",
           "View", lambda w: w.toggle_overview(), _with_project),
    Action("shortcuts", "&Keyboard shortcuts", ("F1",), "Every key the window knows", "Help",
           lambda w: w.show_shortcuts()),
    Action("about", "&About annotator", (), "Version, pipeline and licences", "Help",
           lambda w: w.show_about()),
    Action("cancel", "Cancel", ("Esc",), "Stop choosing a speaker or cue; clear the selection", None,
           lambda w: w.keys.escape()),
)  # fmt: skip


def _has_annotators(window: MainWindow) -> bool:
    return window.review.has_annotators


def _reviewing(window: MainWindow) -> bool:
    return window.review.active


def _has_version(number: int) -> Callable[[MainWindow], bool]:
    return lambda window: window.review.can_take(number)


def _review(name: str, *args: object) -> Run:
    """``window.review.<name>(*args)``: the review mode's own step."""
    return lambda window: getattr(window.review, name)(*args)


def _agreement(window: MainWindow) -> object:
    from annotator.gui.agreement_view import show_agreement

    return show_agreement(window)


# Shown only in a project with merged annotators (ADR 18); the keys below work only in review mode,
# where Tab, the number keys and N walk and settle disagreements instead of their usual actions.
REVIEW: tuple[Action[MainWindow], ...] = (
    Action("review", "Review &disagreements…", ("Ctrl+R",),
           "Compare annotators' versions and settle where they differ, one key each", "Review",
           _review("choose"), _has_annotators),
    Action("leave_review", "&Leave review", ("Ctrl+Shift+R",), "Back to annotating as usual", "Review",
           _review("leave"), _reviewing),
    Action("agreement", "&Agreement…", ("Ctrl+Shift+G",),
           "How well each pair of annotators agrees, and the documents they differ on most", "Review",
           _agreement, _has_annotators, separator_after=True),
    Action("next_disagreement", "&Next disagreement", ("Tab",), "In review: the next one, in any document",
           "Review", _review("step", 1), _reviewing, mode="review"),
    Action("previous_disagreement", "&Previous disagreement", ("Shift+Tab",), "In review: the previous one",
           "Review", _review("step", -1), _reviewing, mode="review", separator_after=True),
    *(
        Action(f"take_{number}", f"Take version {number}", (str(number),),
               "In review: take that annotator's version into the reviewed one", "Review/&Take version",
               _review("take_version", number), _has_version(number), family="Take version",
               mode="review")
        for number in range(1, 10)
    ),
    Action("take_all", "Take &both (all) versions", ("B",), "In review: take every annotator's version",
           "Review", _review("take_all"), _has_version(1), mode="review"),
    Action("take_none", "Take &neither", ("N", "0"), "In review: reject every version's spans here",
           "Review", _review("take_none"), _has_version(1), mode="review"),
)  # fmt: skip

ALL_ACTIONS: tuple[Action, ...] = (
    FILE_AND_EDIT
    + SPAN_ACTIONS
    + (PICK_LABEL, NAME_SPEAKER)
    + DOCUMENT_ACTIONS
    + DOCUMENTS_AND_HELP[:-3]
    + (TRAIN,)
    + REVIEW
    + DOCUMENTS_AND_HELP[-3:]
)
# Help rows that are not actions.
KEYS_START, KEYS_END = "<!-- keys:", "<!-- end of keys -->"
NOTES = [("Alt + drag", "Exact selection", "Keep exact characters instead of snapping to tokens")]


def help_rows(keys: dict[str, list[str]] | None = None) -> list[tuple[str, str, str]]:
    """The F1 sheet's and the guide's rows: every action (and note) with its keys."""
    return key_rows(ALL_ACTIONS, keys) + NOTES


def write_key_table(readme: Path) -> None:
    """Put the current key table between the guide's key markers."""
    text = readme.read_text("utf-8")
    head, marker, rest = text.partition(KEYS_START)
    _, end, tail = rest.partition(KEYS_END)
    if not (marker and end):
        raise SystemExit(f"{readme}: no key table markers ({KEYS_START!r} … {KEYS_END!r})")
    first_line, _, _ = rest.partition("\n")
    readme.write_text(f"{head}{marker}{first_line}\n{markdown_table(help_rows())}{end}{tail}", "utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write_key_table(Path(sys.argv[2]))
    else:
        print(markdown_table(help_rows()), end="")
