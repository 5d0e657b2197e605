"""Train the project's entity and stance models, score them, and keep them in the project file (issue 15).

One entry point for the ``annotator train`` command and the window's Train dialog (which runs it
in the pipeline process). Each model is saved as soon as it is trained, in one transaction, with
its scores: a stop asked for while the stance model trains keeps the entity model just made. A
model that cannot be trained (too few decisions, no pipeline) is a problem in the report; the
other is still trained.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.learning import entities as entity_learning
from annotator.learning import stance as stance_learning
from annotator.problems import Problem, ProgressCallback, StopCheck
from annotator.suggest.project_models import load_project_models, suggest_stances
from annotator.suggest.storing import MODEL_ANNOTATOR
from annotator.trained import ENTITIES, STANCE, STANCE_INPUT, to_stored

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.store import Project

# Shares of the training split the entity learning curve trains on (the whole split is the model scored).
ENTITY_CURVE_SHARES = (0.25, 0.5, 0.75)

StepCallback = Callable[[str], None]


@dataclass
class TrainReport:
    """What a training run did: the scores of each model it saved, and why any was not."""

    entities: dict[str, Any] | None = None
    stance: dict[str, Any] | None = None
    problems: list[Problem] = field(default_factory=list)
    stopped: bool = False
    seconds: float = 0.0
    stances_guessed: int = 0


def train_project(
    project: Project,
    base: Language | None,
    *,
    entities: bool = True,
    stance: bool = True,
    dev_share: float = 0.2,
    seed: int = 0,
    entity_curve: bool = False,
    guess_unfinished: bool = False,
    progress: ProgressCallback | None = None,
    step: StepCallback | None = None,
    should_stop: StopCheck | None = None,
) -> TrainReport:
    """Train the models asked for on the documents marked done, and keep each in ``project``.

    ``base`` is the spaCy pipeline the entity model starts from (None: entities are not
    trained, with a problem saying why). ``step(text)`` announces each phase, ``progress(done,
    total)`` counts within it; ``should_stop`` is polled between updates and stops the run
    (``stopped``), keeping the models finished before. With ``guess_unfinished``, a newly
    trained stance model then guesses again in the documents not marked done
    (``stances_guessed``: the quotes whose guess changed), as a background retrain wants.
    """
    started = time.perf_counter()
    report = TrainReport()
    stopped = (entity_learning.TrainingStopped, stance_learning.TrainingStopped)
    try:
        if entities:
            _train_entities(project, base, dev_share, seed, entity_curve, report, progress, step, should_stop)
        if stance:
            _train_stance(project, dev_share, seed, report, progress, step, should_stop)
        if guess_unfinished and report.stance is not None:
            report.stances_guessed = guess_stances_again(project, progress, step, should_stop)
    except stopped:
        report.stopped = True
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def guess_stances_again(
    project: Project,
    progress: ProgressCallback | None = None,
    step: StepCallback | None = None,
    should_stop: StopCheck | None = None,
) -> int:
    """The project's stance model guesses again on every quote without a stance in documents not done.

    Returns how many guesses changed; a stop between documents keeps those made.
    """
    models = load_project_models(project)
    if models.stance is None:
        return 0
    done = set(project.document_ids("done"))
    ids = [doc_id for doc_id in project.document_ids() if doc_id not in done]
    if step:
        step(f"Guessing stances again in {len(ids)} unfinished documents")
    changed = 0
    for count, document_id in enumerate(ids, 1):
        changed += suggest_stances(project, document_id, models, MODEL_ANNOTATOR)
        if progress:
            progress(count, len(ids))
        if should_stop and should_stop():
            break
    return changed


def _train_entities(
    project: Project,
    base: Language | None,
    dev_share: float,
    seed: int,
    curve: bool,
    report: TrainReport,
    progress: ProgressCallback | None,
    step: StepCallback | None,
    should_stop: StopCheck | None,
) -> None:
    if base is None:
        report.problems.append(
            Problem(
                "entities", "no spaCy pipeline is installed to start from: the entity model is not trained"
            )
        )
        return
    examples = [example for example in entity_learning.examples_from_project(project) if example.entities]
    if len(examples) < 2:
        report.problems.append(
            Problem(
                "entities",
                f"not trained, {len(examples)} document(s) marked done have accepted entities"
                " and it needs 2 at least",
            )
        )
        return
    if step:
        curve_note = ", then its learning curve" if curve else ""
        step(f"Training the entity model on {len(examples)} documents{curve_note}")
    result = entity_learning.train_and_score(
        project,
        base,
        dev_share,
        seed,
        progress=progress,
        should_stop=should_stop,
        curve_shares=ENTITY_CURVE_SHARES if curve else (),
        examples=examples,
    )
    scores = dict(result.scores)
    scores["use_labels"] = sorted(entity_learning.better_than_stock(scores))
    scores["seed"], scores["dev_share"] = seed, dev_share
    _keep(project, ENTITIES, result.nlp, scores, sum(len(example.entities) for example in examples))
    report.entities = scores


def _train_stance(
    project: Project,
    dev_share: float,
    seed: int,
    report: TrainReport,
    progress: ProgressCallback | None,
    step: StepCallback | None,
    should_stop: StopCheck | None,
) -> None:
    if step:
        step("Training the stance model")
    try:
        result = stance_learning.train_and_score(project, dev_share, seed, progress, should_stop)
    except ValueError as error:
        report.problems.append(Problem("stance", f"not trained, {error}"))
        return
    scores = {
        **result.scores,
        "counts": result.counts,
        "seconds": round(result.seconds, 1),
        "input": STANCE_INPUT,
    }
    _keep(project, STANCE, result.nlp, scores, result.counts["examples"])
    report.stance = scores


def _keep(project: Project, kind: str, nlp: Language, scores: dict[str, Any], decisions: int) -> None:
    """Save a trained model of ``kind`` in the project, with its scores, in place of the one before."""
    version, config, data = to_stored(nlp)
    project.save_model(
        kind, spacy_version=version, config=config, data=data, scores=scores, decisions=decisions
    )
