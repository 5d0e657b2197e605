"""Project ▸ Train models: the window's ``annotator train``, run in the pipeline process (issue 15).

The dialog says what there is to learn from and how the kept models scored, trains the models
asked for (the work is in the pipeline's process, so the window stays responsive), shows phase
and progress with a Cancel that stops at the next update, then the before/after tables and the
learning curves of the models now kept, and offers to suggest again on the unfinished documents
so the new models' suggestions appear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.background_training import RetrainSetting
from annotator.gui.curve_view import CurveView
from annotator.gui.plain import plain_label
from annotator.gui.train_tables import (
    curves,
    entity_summary,
    entity_table,
    local_time,
    stance_summary,
    stance_table,
)
from annotator.pipeline_service import TrainOptions
from annotator.store.models_part import ModelSummary
from annotator.trained import ENTITIES, STANCE

if TYPE_CHECKING:
    from annotator.gui.window import MainWindow

NO_CURVE = (
    "No learning curve yet: the stance model always measures one, the entity model when asked "
    "(it takes about twice as long)."
)


def show_train_dialog(window: MainWindow) -> TrainDialog | None:
    """Open (or bring back) the window's Train dialog; None without a project."""
    if window.project is None:
        return None
    dialog = window.findChild(TrainDialog)
    if dialog is None:
        dialog = TrainDialog(window)
    if not dialog.running:
        dialog.show_project()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.train_button.setFocus()
    return dialog


def _label(text: str = "") -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    return label


def _table_view() -> QTableView:
    view = QTableView()
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def _fit_rows(view: QTableView, most: int, wide: bool = False) -> int:
    """Cap ``view``'s height at its header and ``most`` rows (a scroll bar beyond); the height.

    ``wide``: leave room for a horizontal scroll bar too, should the columns not fit.
    """
    view.resizeRowsToContents()
    rows = sum(view.rowHeight(row) for row in range(min(most, view.model().rowCount())))
    height = view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth() + 2
    height += view.horizontalScrollBar().sizeHint().height() if wide else 0
    view.setMaximumHeight(height)
    return height


class TrainDialog(QDialog):
    """Options and Train on the left; the kept models' scores and curves on the right; progress below."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.job: int | None = None
        self.running = False
        self.setWindowTitle("Train models")
        self._build()
        self._size_to(window)
        if window.service is not None:  # Train needs the pipeline: follow it loading, lost, restarted
            window.service.ready.connect(self._pipeline_changed)
            window.service.lost.connect(self._pipeline_changed)

    # ------------------------------------------------------------------ build

    def _build(self) -> None:
        self.material = _label()
        self.kept = _label()
        self.entities = QCheckBox("&Entity model")
        self.entities.setToolTip("Fine-tune the pipeline on the accepted entities, new labels included")
        self.stance = QCheckBox("&Stance model")
        self.stance.setToolTip("A classifier of the stances given to accepted quotes")
        self.curve = QCheckBox("&Measure the entity learning curve\n(about twice as long)")
        self.dev_share = QDoubleSpinBox()
        self.dev_share.setRange(0.05, 0.5)
        self.dev_share.setSingleStep(0.05)
        self.dev_share.setDecimals(2)
        self.dev_share.setValue(0.2)
        self.dev_share.setToolTip("The share of decisions held out to score the models on")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setToolTip("Random seed for the dev split and training")
        for box in (self.entities, self.stance):
            box.setChecked(True)
            box.toggled.connect(self._sync)
        self.train_button = QPushButton("&Train")
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(self.train)

        options = QGroupBox("What to train")
        form = QFormLayout(options)
        form.addRow(self.entities)
        form.addRow(self.stance)
        form.addRow(self.curve)
        form.addRow("&Dev share", self.dev_share)
        form.addRow("Ra&ndom seed", self.seed)
        form.addRow(self.train_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_heading("What there is to learn from"))
        left_layout.addWidget(self.material)
        left_layout.addWidget(_heading("Kept models"))
        left_layout.addWidget(self.kept)
        left_layout.addWidget(options)
        self.background = RetrainSetting()
        left_layout.addWidget(self.background)
        left_layout.addStretch()
        left.setFixedWidth(290)

        self.entity_heading = _label()
        self.entity_view = _table_view()
        self.stance_heading = _label()
        self.stance_view = _table_view()
        self.stance_view.horizontalHeader().setStretchLastSection(False)
        self.curve_view = CurveView()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in (
            (self.entity_heading, 0),
            (self.entity_view, 3),
            (self.stance_heading, 0),
            (self.stance_view, 0),
            (self.curve_view, 4),
        ):
            right_layout.addWidget(widget, stretch)

        self.outcome = _label()
        self.phase = _label()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.suggest_button = QPushButton("Suggest a&gain on unfinished documents")
        self.suggest_button.setToolTip("Run the pipeline, with the kept models, on every document not done")
        self.suggest_button.clicked.connect(self.suggest_again)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)

        running = QHBoxLayout()
        running.addWidget(self.phase, 1)
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.suggest_button)
        buttons.addStretch()
        buttons.addWidget(close)
        top = QHBoxLayout()
        top.addWidget(left)
        top.addSpacing(12)
        top.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(running)
        layout.addLayout(buttons)
        for button in (self.cancel_button, self.suggest_button):
            button.setAutoDefault(False)
        self._show_running(False)

    def _size_to(self, window: MainWindow) -> None:
        available = window.screen().availableGeometry() if window.screen() else None
        width, height = (1040, 700) if available is None else (available.width(), available.height())
        self.resize(min(1040, width * 9 // 10), min(700, height * 9 // 10))

    # ------------------------------------------------------------------ state

    def show_project(self) -> None:
        """Read what there is to learn from and the kept models (and their scores) from the project."""
        project = self.main.project
        if project is None:
            return
        material = project.training_material()
        done = f"{material.documents} document{'s' * (material.documents != 1)} marked done"
        self.material.setText(
            f"{done}, with {material.entities} accepted entities and "
            f"{material.stances} quotes with a stance."
            + ("" if material.documents else "\nMark documents done (Ctrl+Return) to train on them.")
        )
        entity, stance = project.model_summary(ENTITIES), project.model_summary(STANCE)
        lines = [entity_summary(entity), stance_summary(stance)]
        self.kept.setText("\n".join(line for line in lines if line) or "None yet.")
        self._show_scores(entity, stance)
        self.background.show_project(project)
        self._sync()

    def _show_scores(self, entity: ModelSummary | None, stance: ModelSummary | None) -> None:
        entity_scores = entity.scores if entity is not None and "stock" in entity.scores else None
        self.entity_heading.setVisible(True)
        self.entity_view.setVisible(entity_scores is not None)
        if entity is not None and entity_scores is not None:
            self.entity_heading.setText(
                f"Entities, stock pipeline against the model trained {local_time(entity.trained_at)}: "
                f"trained on {entity_scores['train_docs']} documents, scored on "
                f"{entity_scores['dev_docs']} held out"
            )
            self._set_model(self.entity_view, entity_table(entity_scores))
            _fit_rows(self.entity_view, most=8, wide=True)
        else:
            self.entity_heading.setText("Entities: no model trained yet.")
        stance_scores = stance.scores if stance is not None else None
        table = stance_table(stance_scores) if stance_scores is not None else None
        self.stance_view.setVisible(table is not None)
        if stance is not None and stance_scores is not None:
            counts = stance_scores.get("counts", {})
            self.stance_heading.setText(
                f"Stance, the model trained {local_time(stance.trained_at)}: "
                f"{counts.get('examples', 0)} decisions, "
                f"trained on {counts.get('train', 0)}, scored on {counts.get('dev', 0)} held out"
                + ("" if table else " (too few to hold any out: no scores)")
            )
        else:
            self.stance_heading.setText("Stance: no model trained yet.")
        if table is not None:
            self._set_model(self.stance_view, table)
            self.stance_view.setFixedHeight(_fit_rows(self.stance_view, most=2))
        self.curve_view.set_curves(
            curves(entity_scores, stance_scores),
            NO_CURVE,
        )

    def _pipeline_changed(self, *_args: object) -> None:
        self._sync()

    def _set_model(self, view: QTableView, model: Any) -> None:
        old = view.model()
        view.setModel(model)
        model.setParent(view)
        if old is not None and old is not model:
            old.deleteLater()

    def _sync(self) -> None:
        service = self.main.service
        usable = service is not None and service.running and self.main.pipeline is not None
        asked = self.entities.isChecked() or self.stance.isChecked()
        idle = not self.running
        for widget in (self.entities, self.stance, self.dev_share, self.seed):
            widget.setEnabled(idle)
        self.curve.setEnabled(idle and self.entities.isChecked())
        self.train_button.setEnabled(idle and usable and asked)
        self.train_button.setToolTip("" if usable else "The pipeline is not loaded (see the status bar)")
        project = self.main.project
        has_model = project is not None and bool(project.model_kinds())
        self.suggest_button.setEnabled(idle and usable and has_model)

    def _show_running(self, running: bool, text: str = "") -> None:
        self.running = running
        self.phase.setText(text)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress.setRange(0, 0)
        self._sync()

    # ------------------------------------------------------------------ train

    def options(self) -> TrainOptions:
        """The training the options ask for."""
        return TrainOptions(
            entities=self.entities.isChecked(),
            stance=self.stance.isChecked(),
            dev_share=round(self.dev_share.value(), 2),
            seed=self.seed.value(),
            entity_curve=self.entities.isChecked() and self.curve.isChecked(),
        )

    def train(self) -> None:
        """Train the models asked for, in the pipeline process."""
        service, project = self.main.service, self.main.project
        if service is None or project is None or self.running:
            return
        self.outcome.setText("")
        self._show_running(True, "Starting…")
        job = service.train(
            project.path,
            self.main.settings.annotator,
            self.options(),
            self._trained,
            self._failed("Training failed"),
            self._progress,
            self._step,
        )
        self.job = job if self.running else None

    def _step(self, text: str) -> None:
        self.phase.setText(f"{text}…")
        self.progress.setRange(0, 0)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)

    def cancel(self) -> None:
        """Stop the training (at its next update) or the suggestions (after the current document)."""
        if self.job is not None and self.main.service is not None:
            self.main.service.cancel(self.job)
            self.cancel_button.setEnabled(False)
            self.phase.setText("Stopping at the next update…")

    def _trained(self, report: Any) -> None:
        self.job = None
        self._show_running(False)
        kept = [name for name, scores in (("entity", report.entities), ("stance", report.stance)) if scores]
        models = f"the {' and the '.join(kept)} model"
        if report.stopped:
            head = (
                f"Stopped. Kept: {models}, finished before the stop."
                if kept
                else "Stopped. Nothing was kept: the project's models are as they were."
            )
        elif kept:
            head = (
                f"Trained in {report.seconds:g} s: {models} {'are' if len(kept) > 1 else 'is'} kept in "
                "the project, and suggestions from now on use "
                f"{'them' if len(kept) > 1 else 'it'}."
            )
        else:
            head = "Nothing was trained."
        problems = [f"{problem.where}: {problem.message}" for problem in report.problems]
        self.outcome.setText("\n".join([head, *problems]))
        self.main.tell(head)
        self.show_project()

    def _failed(self, title: str) -> Any:
        def show(message: str) -> None:
            self.job = None
            self._show_running(False)
            self.outcome.setText(f"{title}: {message.split(chr(10) * 2)[0]}")
            self.main.refresh_all()
            self.show_project()

        return show

    # ---------------------------------------------------------------- suggest

    def suggest_again(self) -> None:
        """Suggest on every document new or in progress, with the models now kept."""
        service, project = self.main.service, self.main.project
        if service is None or project is None or self.running:
            return
        ids = sorted(project.document_ids("new") + project.document_ids("in_progress"))
        if not ids:
            self.outcome.setText("Every document is done or skipped: there is nothing to suggest on.")
            return
        self.outcome.setText("")
        self._show_running(True, f"Suggesting on {len(ids)} unfinished document{'s' * (len(ids) != 1)}…")
        job = service.suggest(
            project.path,
            self.main.settings.annotator,
            ids,
            self._suggested,
            self._failed("Suggest failed"),
            self._progress,
        )
        self.job = job if self.running else None

    def _suggested(self, report: Any) -> None:
        self.job = None
        self._show_running(False)
        stopped = " (stopped)" if report.cancelled else ""
        head = (
            f"Suggested on {report.documents} document{'s' * (report.documents != 1)}{stopped}: "
            f"{report.spans_added} suggestions added, {report.spans_removed} outdated removed, "
            f"{report.stances_suggested} stances guessed."
        )
        problems = [f"{problem.where}: {problem.message}" for problem in report.problems]
        self.outcome.setText("\n".join([head, *problems]))
        self.main.tell(f"Suggest: {head}")
        self.main.refresh_all()

    def reject(self) -> None:
        """Close; a run under way is asked to stop (what it finished stays kept)."""
        self.cancel()
        super().reject()


def _heading(text: str) -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label
