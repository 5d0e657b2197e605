"""Every window action with its default keys: one table for menus, tooltips, help and settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    """An action's name (used in the settings file), menu text, keys and help text."""

    name: str
    text: str
    keys: tuple[str, ...]
    help: str
    menu: str


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("new_project", "&New project…", ("Ctrl+N",), "Create an empty project file", "File"),
    ActionSpec("open_project", "&Open project…", ("Ctrl+O",), "Open a project file", "File"),
    ActionSpec("import", "&Import documents…", ("Ctrl+I",), "Import text, JSONL or CSV files", "File"),
    ActionSpec("export", "&Export…", ("Ctrl+E",), "Export annotations as JSONL or spaCy DocBin", "File"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "Close the window (everything is already saved)", "File"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Undo the last action, in whichever document it was", "Edit"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo the last undone action", "Edit"),
    ActionSpec("settings", "&Settings…", ("Ctrl+,",), "Your name, font size and theme", "Edit"),
    ActionSpec("project_settings", "&Project settings…", (), "Labels, colours, stance labels, topic", "Edit"),
    ActionSpec("next_suggestion", "&Next suggestion", ("Tab", "J"), "Select the next suggestion", "Span"),
    ActionSpec(
        "previous_suggestion", "&Previous suggestion", ("Shift+Tab", "K"), "Select the previous one", "Span"
    ),
    ActionSpec("accept", "&Accept", ("A", "Return"), "Accept the selected span", "Span"),
    ActionSpec(
        "reject", "&Reject", ("X", "Delete"), "Reject the selected span (it stays, struck out)", "Span"
    ),
    ActionSpec("delete", "De&lete", ("Ctrl+Delete",), "Remove the selected span altogether", "Span"),
    ActionSpec("new_quote", "New &quote", ("Q",), "Make the selected text a direct quote", "Span"),
    ActionSpec(
        "quote_type", "Quote &type", ("T",), "Cycle the quote's type: direct, indirect, mixed", "Span"
    ),
    ActionSpec(
        "set_speaker", "Set &speaker", ("S",), "Then click an entity or select text and press S", "Span"
    ),
    ActionSpec("set_cue", "Set &cue", ("C",), "Then select the cue words (said, told…) and press C", "Span"),
    ActionSpec("stance_favor", "Stance: &favor", ("F",), "Stance of the selected span: favor", "Span"),
    ActionSpec("stance_against", "Stance: a&gainst", ("G",), "Stance of the selected span: against", "Span"),
    ActionSpec("stance_neutral", "Stance: &neutral", ("N",), "Stance of the selected span: neutral", "Span"),
    ActionSpec("stance_unclear", "Stance: &unclear", ("U",), "Stance of the selected span: unclear", "Span"),
    ActionSpec("end_right", "End one token right", ("Shift+Right",), "Grow the span by a token", "Span"),
    ActionSpec("end_left", "End one token left", ("Shift+Left",), "Shrink the span by a token", "Span"),
    ActionSpec("start_left", "Start one token left", ("Ctrl+Shift+Left",), "Grow the span leftwards", "Span"),
    ActionSpec(
        "start_right", "Start one token right", ("Ctrl+Shift+Right",), "Shrink the span from the left", "Span"
    ),
    ActionSpec(
        "end_right_char", "End one character right", ("Alt+Shift+Right",), "Grow by a character", "Span"
    ),
    ActionSpec(
        "end_left_char", "End one character left", ("Alt+Shift+Left",), "Shrink by a character", "Span"
    ),
    ActionSpec(
        "start_left_char", "Start one character left", ("Ctrl+Alt+Shift+Left",), "Grow leftwards", "Span"
    ),
    ActionSpec(
        "start_right_char",
        "Start one character right",
        ("Ctrl+Alt+Shift+Right",),
        "Shrink from the left",
        "Span",
    ),
    ActionSpec(
        "accept_all", "Accept &all suggestions", ("Ctrl+Shift+A",), "Accept every remaining one", "Document"
    ),
    ActionSpec(
        "done_next", "&Done, next unfinished", ("Ctrl+Return",), "Mark done and open the next", "Document"
    ),
    ActionSpec(
        "next_document", "Ne&xt document", ("PgDown",), "Open the next document in the list", "Document"
    ),
    ActionSpec(
        "previous_document", "Pre&vious document", ("PgUp",), "Open the previous document", "Document"
    ),
    ActionSpec("suggest", "&Suggest", ("Ctrl+Shift+S",), "Run the pipeline on this document", "Document"),
    ActionSpec(
        "restart_pipeline", "&Restart pipeline", (), "Start the pipeline again after it stopped", "Document"
    ),
    ActionSpec("zoom_in", "Zoom &in", ("Ctrl++", "Ctrl+="), "Larger text", "View"),
    ActionSpec("zoom_out", "Zoom &out", ("Ctrl+-",), "Smaller text", "View"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1",), "Every key the window knows", "Help"),
    ActionSpec("about", "&About annotator", (), "Version, pipeline and licences", "Help"),
)

# Keys 1-9 set the label of the selected span (or make the selected text an entity).
LABEL_KEYS = tuple(str(n) for n in range(1, 10))
STANCE_ACTIONS = {"stance_favor": 0, "stance_against": 1, "stance_neutral": 2, "stance_unclear": 3}
