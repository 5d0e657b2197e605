"""Retrain the stance model in the background after every N new stance decisions (issue 15).

The project's ``retrain_every`` setting (0: never; the Train dialog sets it) says how many
stance decisions in documents marked done, beyond those the kept stance model learnt from, call for
a new one. The pipeline process trains it (seconds, not minutes: only the stance model) and guesses
again in the unfinished documents, so the next quote's suggested stance comes from what was just
decided. The window checks after each change to a document marked done; one retrain at a time,
none while the Train dialog trains.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QGroupBox, QSpinBox, QWidget

from annotator.pipeline_service import TrainOptions
from annotator.trained import STANCE

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow
    from annotator.store import Project

SETTING = "retrain_every"

BACKGROUND = TrainOptions(entities=False, stance=True, guess_unfinished=True)


def new_stance_decisions(stances: int, trained_on: int | None) -> int:
    """Stance decisions the kept model has not learnt from (all of them without a model)."""
    return stances - (trained_on or 0)


class BackgroundRetrain(QObject):
    """Starts a stance retrain in the pipeline process when enough new decisions have come."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: int | None = None

    def check(self) -> bool:
        """Start a retrain if the setting asks for one now; whether one started."""
        window = self.window
        project, service = window.project, window.service
        if project is None or service is None or window.pipeline is None or self.job is not None:
            return False
        every = project.setting(SETTING)
        if not every or self._dialog_busy():
            return False
        kept = project.model_summary(STANCE)
        waiting = new_stance_decisions(project.training_material().stances, kept.decisions if kept else None)
        if waiting < every:
            return False
        self.job = service.train(
            project.path,
            window.settings.annotator,
            BACKGROUND,
            self._done,
            self._failed,
            lambda _done, _total: None,
            lambda _text: None,
        )
        window.tell(f"Retraining the stance model in the background ({waiting} new stance decisions)…")
        return True

    def _dialog_busy(self) -> bool:
        from annotator.gui.train_dialog import TrainDialog

        dialog = self.window.findChild(TrainDialog)
        return dialog is not None and dialog.running

    def _done(self, report: Any) -> None:
        self.job = None
        if report.stance is None:
            problems = "; ".join(problem.message for problem in report.problems) or "stopped"
            self.window.tell(f"The stance model was not retrained: {problems}")
            return
        accuracy = report.stance.get("dev", {}).get("accuracy")
        scored = f", dev accuracy {accuracy:.2f}" if accuracy is not None else ""
        counts = report.stance.get("counts", {})
        self.window.refresh_all()
        self.window.tell(
            f"Stance model retrained on {counts.get('examples', 0)} decisions{scored}; "
            f"{report.stances_guessed} guesses updated."
        )

    def _failed(self, message: str) -> None:
        self.job = None
        self.window.tell(f"The stance model was not retrained: {message.splitlines()[0]}")


class RetrainSetting(QGroupBox):
    """The Train dialog's "In the background" box: retrain the stance model every N decisions, or never."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("In the background", parent)
        self.project: Project | None = None
        self.every = QSpinBox()
        self.every.setRange(0, 10_000)
        self.every.setSingleStep(10)
        self.every.setSpecialValueText("never")
        self.every.setSuffix(" decisions")
        self.every.setToolTip(
            "Retrain the stance model (seconds) after this many new stance decisions in documents "
            "marked done, and guess again in the unfinished documents"
        )
        self.every.valueChanged.connect(self._save)
        form = QFormLayout(self)
        form.addRow("Retrain stance &after", self.every)

    def show_project(self, project: Project | None) -> None:
        """Show ``project``'s setting (changes are saved to it at once)."""
        self.project = None  # no saving while the value is set from the project
        self.every.setValue(int(project.setting(SETTING)) if project is not None else 0)
        self.project = project
        self.setEnabled(project is not None)

    def _save(self, value: int) -> None:
        if self.project is not None and self.project.setting(SETTING) != value:
            self.project.set_setting(SETTING, value)
