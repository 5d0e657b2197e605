"""The demo project: three fictional news articles, imported with suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.assets import resource
from annotator.importing import import_paths
from annotator.paths import demo_project_path
from annotator.problems import Problem
from annotator.store import Project
from annotator.suggest import suggest_documents

# The articles' shared topic, set as the project's topic so quotes get a stance toward it.
DEMO_TOPIC = "the Greyshoal offshore wind farm"


@dataclass
class DemoReport:
    """What ``create_demo`` found and did; a second run adds nothing."""

    path: Path
    documents: int = 0
    added: int = 0
    suggestions: int = 0
    pipeline: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the command line."""
        lines = [f"Demo project: {self.path}"]
        if self.added:
            lines.append(f"Added {self.added} sample articles ({self.documents} documents in the project).")
        else:
            lines.append(
                f"The sample articles were there already ({self.documents} documents); nothing changed."
            )
        if self.pipeline:
            lines.append(f"{self.suggestions} suggestions from {self.pipeline}.")
        return "\n".join(lines)


def demo_articles() -> list[Path]:
    """The sample articles shipped in ``resources/demo``."""
    return sorted(resource("demo").glob("*.txt"))


def create_demo(path: Path | None = None) -> DemoReport:
    """Create (or complete) the demo project at ``path`` and return what was done.

    Articles already in the project are not imported again, and only new ones
    get suggestions, so running it twice changes nothing. Without an English
    spaCy pipeline the project is still created; the report's problems say why
    it has no suggestions.
    """
    target = path or demo_project_path()
    report = DemoReport(target)
    with Project.open(target) as project:
        if not project.setting("topic"):
            project.set_setting("topic", DEMO_TOPIC)
        imported = import_paths(project, demo_articles())
        report.problems += imported.problems
        report.added = imported.imported
        if imported.document_ids:
            suggested = suggest_documents(project, imported.document_ids)
            report.suggestions = suggested.spans_added
            report.pipeline = suggested.pipeline
            report.problems += suggested.problems
        report.documents = project.count_documents()
    return report
