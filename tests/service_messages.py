"""Reading the pipeline service's messages in tests: wait for one kind, keep what came before it."""

from __future__ import annotations

import time

from annotator.pipeline_service import Message, PipelineService, Stopped

# The pipeline service runs at niceness 10: on a machine kept busy it can take minutes to answer.
SERVICE_S = 300.0


def until(
    service: PipelineService, wanted: type, timeout: float = SERVICE_S
) -> tuple[Message, list[Message]]:
    """The first message of type ``wanted`` and every message before it."""
    seen: list[Message] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = service.receive(timeout=deadline - time.monotonic())
        if isinstance(message, wanted):
            return message, seen
        if message is None or isinstance(message, Stopped):
            break
        seen.append(message)
    raise AssertionError(f"no {wanted.__name__} within {timeout} s; got {seen}")
