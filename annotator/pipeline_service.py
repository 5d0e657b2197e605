"""The spaCy pipeline in a process of its own, doing the window's suggestion work.

Importing spaCy and deserialising a pipeline hold the GIL in long C-level chunks,
so on a thread they stall the window for hundreds of milliseconds at a time; in a
child process ("spawn", so nothing of the window is inherited) they cannot. The
child loads the pipeline, says which one (:class:`Ready`), then serves requests
in order: suggestions for documents of a project file (it opens its own
connection and streams :class:`Progress`), training the project's models on its
decisions (:class:`Step` names each phase, with the loaded pipeline as the base
of the entity model), the demo project, and the token boundaries of a text.
Between two documents of a suggestion run, or two updates of a training, it
reads what came meanwhile: a cancel (or close) stops the run there, token
requests are answered at once. Each request ends with :class:`Done` or :class:`Failed`; the
child's end, asked for or not, with :class:`Stopped`.

It belongs to the app, not to the suggestion engine: besides suggestions it serves the demo
(``annotator.demo``, which imports, suggests and stores), so it sits above ``annotator.suggest``
and ``annotator.demo`` and below the window (ADR 16). This module imports neither Qt nor spaCy:
the window uses it without loading either.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from itertools import count
from multiprocessing.connection import Connection
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# Seconds a child with a request under way gets to finish its current document when closed.
CLOSE_TIMEOUT = 10.0
# The child's niceness (POSIX): set as it starts, before spaCy's import competes with the window.
BACKGROUND_NICENESS = 10
# Jobs are numbered from 1; a failed "job 0" is the loading.
LOADING = 0


@dataclass(frozen=True)
class Ready:
    """The pipeline has loaded: the name stored with suggestions, and why it fell back (if it did)."""

    name: str
    warning: str | None = None


@dataclass(frozen=True)
class Progress:
    """Request ``job`` has done ``done`` of ``total`` documents."""

    job: int
    done: int
    total: int


@dataclass(frozen=True)
class Step:
    """Request ``job`` has begun a phase (``Training the stance model``); Progress then counts within it."""

    job: int
    text: str


@dataclass(frozen=True)
class TrainOptions:
    """What a training request trains, as ``annotator train`` takes it: models, dev share, seed, curve."""

    entities: bool = True
    stance: bool = True
    dev_share: float = 0.2
    seed: int = 0
    entity_curve: bool = False
    # After training the stance model, guess again in the documents not done (a background retrain).
    guess_unfinished: bool = False


@dataclass(frozen=True)
class Done:
    """Request ``job`` finished with ``result``."""

    job: int
    result: Any


@dataclass(frozen=True)
class Failed:
    """Request ``job`` raised; ``message`` is the error, a blank line, then its traceback."""

    job: int
    message: str


@dataclass(frozen=True)
class Stopped:
    """The child has ended (closed, crashed or killed); ``exitcode`` is None if it is not known."""

    exitcode: int | None

    def describe(self) -> str:
        """Why the pipeline is gone, for the user."""
        if self.exitcode in (0, None):
            return "the pipeline process has ended"
        if self.exitcode < 0:
            return f"the pipeline process was killed (signal {-self.exitcode})"
        return f"the pipeline process crashed (exit code {self.exitcode})"


Message = Ready | Progress | Step | Done | Failed | Stopped


@dataclass(frozen=True)
class _Request:
    kind: str  # "suggest", "train", "demo", "tokens", or "cancel" (``job`` is then the job to stop)
    job: int
    arguments: tuple[Any, ...] = ()


class PipelineService:
    """The parent's handle on the child: send requests, receive messages, close it.

    :meth:`receive` is meant for one reader (a thread or a loop); requests may be
    sent from another thread.
    """

    def __init__(self, pipeline: str | None, session: str = "") -> None:
        """Start the child, which loads ``pipeline`` (None: the default English one).

        The child writes to project files under ``session`` (``annotator.store.new_session``): the
        window that asked counts those changes as its own.
        """
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._jobs = count(1)
        self.ready: Ready | None = None
        self.stopped: Stopped | None = None
        # The child dies with the window even if the window is killed; only when this thread lives as
        # long as the window does, since Linux ties the child's end to the thread that started it.
        parent = os.getpid() if threading.current_thread() is threading.main_thread() else None
        self.process = context.Process(
            target=serve, args=(pipeline, child_end, parent, session), name="annotator-pipeline", daemon=True
        )
        self.process.start()
        child_end.close()  # the child holds the only other end: its exit reads as EOF here
        if hasattr(os, "setpriority"):  # POSIX: loading and suggesting yield the CPU to the window
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self.process.pid, BACKGROUND_NICENESS)

    def suggest(self, path: Path, annotator: str, document_ids: list[int]) -> int:
        """Ask for suggestions on ``document_ids`` of the project file ``path``; the job number."""
        return self._send("suggest", str(path), annotator, list(document_ids))

    def train(self, path: Path, annotator: str, options: TrainOptions) -> int:
        """Ask for the models of the project file ``path`` to be trained and kept in it; the job number.

        The result has the fields of ``annotator.learning.training.TrainReport``.
        """
        return self._send("train", str(path), annotator, options)

    def create_demo(self) -> int:
        """Ask for the demo project (``annotator.demo.create_demo``); the job number."""
        return self._send("demo")

    def tokens(self, text: str) -> int:
        """Ask for the token boundaries of ``text``; the job number (its result: (start, end) pairs)."""
        return self._send("tokens", text)

    def cancel(self, job: int) -> None:
        """Ask job ``job`` to stop after the document or update it is on (what is done stays saved)."""
        self._post(_Request("cancel", job))

    def _send(self, kind: str, *arguments: Any) -> int:
        job = next(self._jobs)
        self._post(_Request(kind, job, arguments))
        return job

    def _post(self, request: _Request | None) -> None:
        if self.stopped is None:
            with suppress(OSError):  # the child is gone; the reader hears of it as Stopped
                self._connection.send(request)

    def receive(self, timeout: float | None = None) -> Message | None:
        """The child's next message, waiting up to ``timeout`` seconds (None: until one comes).

        None if none came in time. Once the child has ended this is :class:`Stopped`.
        """
        if self.stopped is not None:
            return self.stopped
        try:
            if timeout is not None and not self._connection.poll(timeout):
                return None
            message: Message = self._connection.recv()
        except (EOFError, OSError):
            self.process.join(1.0)
            self.stopped = Stopped(self.process.exitcode)
            return self.stopped
        if isinstance(message, Ready):
            self.ready = message
        return message

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """End the child and wait for it: at once while it loads, else after its current document.

        A reader blocked in :meth:`receive` then gets :class:`Stopped`.
        """
        if self.process.exitcode is None:
            if self.ready is None:
                self.process.terminate()
            else:
                self._post(None)
            self.process.join(timeout)
            if self.process.exitcode is None:
                self.process.kill()
                self.process.join()

    def release(self) -> None:
        """Close the parent's end of the pipe (after :meth:`close`, once no reader uses it)."""
        self._connection.close()
        self.process.close()


# ---------------------------------------------------------------- the child


def serve(pipeline: str | None, connection: Connection, parent: int | None = None, session: str = "") -> None:
    """The child's main loop: load the pipeline, report it, answer requests until told to stop.

    With ``parent`` (the window's process), the child is killed as soon as the window ends, even
    while it loads spaCy; without, it ends when it next finds the pipe closed. Project files are
    written under ``session``.
    """
    if parent is not None:
        from annotator.exporting.parallel import die_with_parent

        die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the window to handle
    try:
        from annotator.suggest.pipeline import RULES_ONLY, load_pipeline

        info = load_pipeline(pipeline)
    except Exception as error:  # spaCy itself is broken: say why, there is nothing to serve
        connection.send(Failed(LOADING, _describe(error)))
        return
    try:
        connection.send(Ready(info.name, info.warning))
        base = None if info.name == RULES_ONLY else info.nlp
        _Server(info.nlp, connection, base, session).run()
    except (EOFError, OSError):  # the window has gone: nobody to serve
        return


class _Server:
    """Answers requests in order; a suggestion or training run reads the pipe between steps.

    ``base`` is the pipeline an entity model is trained from: None for the rules-only fallback.
    Project files are opened under ``session``.
    """

    def __init__(self, nlp: Any, connection: Connection, base: Any = None, session: str = "") -> None:
        self.nlp = nlp
        self.base = base
        self.session = session
        self.connection = connection
        self.waiting: deque[_Request | None] = deque()

    def run(self) -> None:
        while (request := self.waiting.popleft() if self.waiting else self.connection.recv()) is not None:
            if request.kind != "cancel":  # a cancel for a run that has ended: nothing to stop
                self.answer(request)

    def answer(self, request: _Request) -> None:
        handlers: dict[str, Callable[..., Any]] = {
            "suggest": self.suggest,
            "train": self.train,
            "demo": lambda _job: _demo(),
            "tokens": lambda _job, text: token_boundaries(self.nlp, text),
        }
        try:
            result = handlers[request.kind](request.job, *request.arguments)
        except Exception as error:  # reported to the window, which says so; the child serves on
            self.connection.send(Failed(request.job, _describe(error)))
        else:
            self.connection.send(Done(request.job, result))

    def suggest(self, job: int, path: str, annotator: str, ids: list[int]) -> SimpleNamespace:
        from annotator.store import Project
        from annotator.suggest.storing import suggest_documents

        with Project.open(Path(path), annotator=annotator, session=self.session) as project:
            report = suggest_documents(
                project,
                ids,
                progress=lambda done, total: self.connection.send(Progress(job, done, total)),
                should_stop=lambda: self.told_to_stop(job),
            )
        return _fields(report)

    def train(self, job: int, path: str, annotator: str, options: TrainOptions) -> SimpleNamespace:
        from annotator.learning.training import train_project
        from annotator.store import Project

        with Project.open(Path(path), annotator=annotator, session=self.session) as project:
            report = train_project(
                project,
                self.base,
                entities=options.entities,
                stance=options.stance,
                dev_share=options.dev_share,
                seed=options.seed,
                entity_curve=options.entity_curve,
                guess_unfinished=options.guess_unfinished,
                progress=lambda done, total: self.connection.send(Progress(job, done, total)),
                step=lambda text: self.connection.send(Step(job, text)),
                should_stop=lambda: self.told_to_stop(job),
            )
        return _fields(report)

    def told_to_stop(self, job: int) -> bool:
        """Between steps of run ``job``: answer token requests, keep others for later; stop?"""
        stop = False
        while self.connection.poll():
            request = self.connection.recv()
            if request is None:
                self.waiting.append(None)
                stop = True
            elif request.kind == "cancel":
                stop = stop or request.job == job
            elif request.kind == "tokens":
                self.answer(request)
            else:
                self.waiting.append(request)
        return stop


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=3)}"


def token_boundaries(nlp: Any, text: str) -> list[tuple[int, int]]:
    """(start, end) code points of the non-space tokens spaCy's tokenizer makes of ``text``."""
    return [(token.idx, token.idx + len(token.text)) for token in nlp.tokenizer(text) if not token.is_space]


def _fields(report: Any) -> SimpleNamespace:
    """A report's fields without its class, whose module imports spaCy: the window must not."""
    return SimpleNamespace(**vars(report))


def _demo() -> SimpleNamespace:
    from annotator.demo import create_demo

    return _fields(create_demo())
