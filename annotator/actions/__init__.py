"""What an annotator can do to a project, free of Qt: edits, the rules of each action, undo history."""
