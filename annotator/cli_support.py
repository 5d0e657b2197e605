"""What every command shares: stopping on Ctrl+C, progress bars, printing, opening the project, problems.

Kept apart from :mod:`annotator.cli`, which declares the commands, so that groups of
commands in modules of their own (:mod:`annotator.cli_team`) use the same helpers.
"""

from __future__ import annotations

import errno
import json
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any

import click

from annotator.problems import Problem, printable, printable_json
from annotator.store import FileError, Project, SchemaError, StoreError, explain

MAX_PROBLEMS_SHOWN = 100
# What stopped the command last, for :func:`finish` to say: "Ctrl+C", "SIGTERM" or "SIGHUP".
_stopped_by = ["Ctrl+C"]


# Signals that ask a command to stop as Ctrl+C does: ``kill``, a service manager, a closed terminal.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class StopOnCtrlC:
    """Turns the first Ctrl+C (or SIGTERM, or SIGHUP) into a request to stop after the current batch.

    Call the object as ``should_stop``. A second signal aborts at once; the
    batch in progress is then rolled back and earlier batches stay saved. An
    export stopped either way removes its temp files. The handlers there were
    before are restored on leaving.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, Any] = {}

    def __call__(self) -> bool:
        return self.requested

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        _stopped_by[0] = "Ctrl+C" if signum == signal.SIGINT else signal.Signals(signum).name
        again = "press Ctrl+C" if signum == signal.SIGINT else f"send {signal.Signals(signum).name}"
        with suppress(OSError):  # SIGHUP: the terminal may be gone
            click.echo(f"\nStopping after the current batch ({again} again to abort now)...", err=True)

    def __enter__(self) -> StopOnCtrlC:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                if signal.getsignal(signum) != signal.SIG_IGN:  # under nohup, SIGHUP stays ignored
                    self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            if previous is not None:  # None: set outside Python, cannot be put back
                signal.signal(signum, previous)
        self._previous.clear()


class ProgressBar:
    """A click progress bar on stderr, fed by ``progress(done, total)`` callbacks."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total <= 0:
                return
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        elif total > 0:
            self._bar.length = total
        if done > self._done:
            self._bar.update(done - self._done)
            self._done = done

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def say(text: str, *, err: bool = False) -> None:
    """Print a line (or lines) of output, the control characters of any name or label in it escaped.

    Every message of the command line goes through here or :func:`say_json`, so
    that a file name, label, title or setting holding ESC, CR or U+202E shows
    those as ``\\x1b``, ``\\r``, ``\\u202e`` instead of acting on the terminal.
    The output's own line breaks and tabs are kept.
    """
    click.echo(printable(text), err=err)


def inline(value: object) -> str:
    """A name, label or setting within a line: even its line breaks and tabs escaped."""
    return printable(str(value), layout="")


def say_json(data: Any) -> None:
    """Print ``data`` as indented JSON, with what :func:`say` escapes written as JSON escapes."""
    click.echo(printable_json(json.dumps(data, indent=2, ensure_ascii=False)))


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Turn failures of the project file at ``path`` into messages for the user (exit 1)."""
    try:
        yield
    except (SchemaError, StoreError) as error:
        raise click.ClickException(str(error)) from error
    except (FileError, OSError) as error:
        raise click.ClickException(explain(error, path) or str(error)) from error


@contextmanager
def open_project(path: Path, *, must_exist: bool, read_only: bool = False) -> Iterator[Project]:
    """Open the project at ``path``; failures while it is open become messages (see store_errors).

    ``read_only``: for commands that only read (stats, export, config without options): nothing is
    created or written, and a project of an earlier version is refused with how to upgrade it
    instead of being upgraded. A writing open that upgraded the file says where the copy is.
    """
    if (must_exist or read_only) and not path.exists():
        raise click.ClickException(
            f"there is no project at {path} (create one with `annotator import {path} FILES...`)"
        )
    with store_errors(path), Project.open(path, read_only=read_only) as project:
        if project.backup is not None:
            say(
                f"Upgraded {inline(path)} to this version's format; "
                f"the file as it was is kept as {inline(project.backup)}.",
                err=True,
            )
        yield project


def print_settings_problems(project: Project) -> None:
    """Warn on stderr about damaged settings, which were read as their defaults."""
    print_problems(
        [Problem(str(project.path), text, severity="warning") for text in project.settings_problems()]
    )


class Refused(click.ClickException):
    """What is never done (export over the project itself, into a folder of other files): exit 2."""

    exit_code = 2


def output_failure(error: OSError, out: Path) -> str:
    """What a failure to write an export means, naming the output file (not the project)."""
    where = error.filename or out
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk holding {where} is full: the export stopped and replaced nothing; free some space"
    return f"{where}: {error.strerror or error}: the export stopped and replaced nothing"


def print_problems(problems: Sequence[Problem], unlisted: int = 0) -> None:
    """List problems on stderr as ``file:line: severity: reason``, at most a hundred.

    ``unlisted`` counts problems a report only counted, not kept.
    """
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        say(f"  {problem}", err=True)
    hidden = max(len(problems) - MAX_PROBLEMS_SHOWN, 0) + unlisted
    if hidden:
        say(f"  ... and {hidden} more problems", err=True)


def finish(problems: Sequence[Problem], *, cancelled: str | None = None) -> None:
    """Exit 1 when the work was stopped (``cancelled`` says what was kept) or anything failed."""
    if cancelled:
        say(f"Stopped by {_stopped_by[0]}: {cancelled}", err=True)
    if cancelled or any(problem.severity == "error" for problem in problems):
        sys.exit(1)


PROJECT_ARGUMENT = click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
