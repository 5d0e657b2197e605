"""Prodigy-style task hashes: stable 32-bit signed integers, the same in every project and run.

``_input_hash`` identifies the text: the first four bytes of its SHA-256 (the
document's content hash), read as a big-endian signed integer. ``_task_hash``
identifies the text with its annotations: the same reading of the SHA-256 of
the JSON list ``[input_hash, [[start, end, kind, label], ...]]`` over the
exported spans in their exported order. A span's status is left out, so that
accepting a suggestion keeps the task the same.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable

from annotator.store import Span


def _int32(digest: bytes) -> int:
    return int.from_bytes(digest[:4], "big", signed=True)


def input_hash(content_hash: str) -> int:
    """The text's hash, from the document's hex SHA-256 content hash."""
    return _int32(bytes.fromhex(content_hash[:8]))


@functools.lru_cache(maxsize=65536)
def json_string(text: str) -> str:
    """``text`` as a JSON string (UTF-8, not escaped to ASCII); remembered, for labels and token texts."""
    return json.dumps(text, ensure_ascii=False)


def task_hash(input_hash: int, spans: Iterable[Span]) -> int:
    """The hash of the text and the spans exported with it.

    The key is written with string formatting (kinds and labels encoded once
    each): the very text ``json.dumps`` gives for it, in a third of the time.
    """
    items = ", ".join([
        f"[{span.start}, {span.end}, {json_string(span.kind)}, {json_string(span.label)}]" for span in spans
    ])  # fmt: skip
    key = f"[{input_hash}, [{items}]]"
    return _int32(hashlib.sha256(key.encode("utf-8")).digest())
