"""Prodigy-style hashes: the task hash's key is exactly the JSON its definition names."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from annotator.exporting.hashes import task_hash
from annotator.store import Span

labels = st.text(min_size=1, max_size=12)
spans = st.lists(
    st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.sampled_from(["entity", "quote"]), labels),
    max_size=8,
)


def defined_hash(input_hash: int, items: list[tuple[int, int, str, str]]) -> int:
    """The definition in annotator.exporting.hashes, written with json.dumps."""
    key = [input_hash, [list(item) for item in items]]
    return int.from_bytes(
        hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).digest()[:4], "big", signed=True
    )


@given(st.integers(-(2**31), 2**31 - 1), spans)
def test_the_task_hash_is_that_of_the_json_key(
    input_hash: int, items: list[tuple[int, int, str, str]]
) -> None:
    made = [
        Span(n, 1, start, end, label, kind, "accepted", "human")
        for n, (start, end, kind, label) in enumerate(items)
    ]
    assert task_hash(input_hash, made) == defined_hash(input_hash, items)
