"""The words annotations are made of, named once: span kinds and statuses, document statuses, links.

Every layer (store, actions, import, export, suggest, window) takes these names from here;
the store's schema turns them into CHECK constraints. Imports nothing.
"""

from __future__ import annotations

DOCUMENT_STATUSES = ("new", "in_progress", "done", "skipped")
SPAN_KINDS = ("entity", "quote", "speaker", "cue")
SPAN_STATUSES = ("suggested", "accepted", "rejected")
SPAN_ORIGINS = ("model", "human")

SPEAKER = "SPEAKER"
CUE = "CUE"
QUOTE = "QUOTE"
RELATION_LABELS = (SPEAKER, CUE)
# The span kinds each relation may point at; the head is always a quote.
RELATION_CHILD_KINDS = {SPEAKER: ("entity", "speaker"), CUE: ("cue",)}
# The kind of span a relation's own new child span gets.
KIND_OF_LINK = {SPEAKER: "speaker", CUE: "cue"}
QUOTE_TYPES = ("direct", "indirect", "mixed")
