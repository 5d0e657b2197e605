"""``annotator train``: models learnt from the project's own decisions, kept in its file (issue 15)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli_support import (
    PROJECT_ARGUMENT,
    ProgressBar,
    StopOnCtrlC,
    finish,
    open_project,
    print_problems,
    say,
    store_errors,
)
from annotator.problems import Problem


@click.command()
@PROJECT_ARGUMENT
@click.option("--entities", is_flag=True, help="Train the entity model (neither flag: both models).")
@click.option("--stance", is_flag=True, help="Train the stance model (neither flag: both models).")
@click.option(
    "--dev",
    "dev_share",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.2,
    show_default=True,
    help="The share of decisions held out to score the models on.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Random seed for the dev split and training."
)
@click.option(
    "--curve",
    is_flag=True,
    help="Also measure the entity model's learning curve (about twice the time; stance always has one).",
)
def train(project: Path, entities: bool, stance: bool, dev_share: float, seed: int, curve: bool) -> None:
    """Train entity and stance models on the documents of PROJECT marked done.

    The entity model is the project's spaCy pipeline fine-tuned on the accepted entities,
    new labels included; the stance model a classifier of the stances given to accepted
    quotes. Each is scored on a held-out share against the stock pipeline (or, for stance,
    always answering the most frequent stance), then kept in PROJECT. Suggestions then use
    the entity model for the labels where it scored better, and guess a stance for every
    quote nobody has given one.

    \b
    Example:
        annotator train news.annotator --stance --dev 0.2 --seed 1
    """
    from annotator.learning.training import train_project
    from annotator.learning.training_text import format_training
    from annotator.suggest.pipeline import RULES_ONLY, load_pipeline

    both = not entities and not stance
    problems: list[Problem] = []
    with open_project(project, must_exist=True) as opened, store_errors(project), StopOnCtrlC() as stop:
        base = None
        if entities or both:
            info = load_pipeline(opened.setting("pipeline"))
            if info.warning:
                problems.append(Problem("pipeline", info.warning, severity="warning"))
            base = None if info.name == RULES_ONLY else info.nlp
        bar: ProgressBar | None = None

        def step(text: str) -> None:
            nonlocal bar
            if bar is not None:
                bar.__exit__()
            bar = ProgressBar(text).__enter__()

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar(done, total)

        try:
            report = train_project(
                opened,
                base,
                entities=entities or both,
                stance=stance or both,
                dev_share=dev_share,
                seed=seed,
                entity_curve=curve,
                progress=progress,
                step=step,
                should_stop=stop,
            )
        finally:
            if bar is not None:
                bar.__exit__()
    text = format_training(report)
    if text:
        say(text)
    problems += report.problems
    print_problems(problems)
    kept = (
        "the models finished before it are kept" if report.entities or report.stance else "nothing was kept"
    )
    finish(problems, cancelled=f"{kept}." if report.stopped else None)
    if report.entities is None and report.stance is None:
        raise SystemExit(1)


COMMANDS = (train,)
