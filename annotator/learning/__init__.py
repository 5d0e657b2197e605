"""Training models on the project's own decisions: entities and stance (issue 15). Imports no Qt."""
