"""Models trained on a project's decisions, turned into what the project file keeps and back (issue 15).

A model is kept as spaCy's config text and ``nlp.to_bytes()``, with the spaCy version that wrote
it. Loading builds the pipeline from its config and fills it from the bytes; a model written by
another spaCy version is refused with :class:`ModelRefused`, never half-loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.store.models_part import StoredModel

if TYPE_CHECKING:
    from spacy.language import Language

ENTITIES = "entities"
STANCE = "stance"
# How :func:`stance_input` builds the text; kept with a stance model (``scores["input"]``) so that a
# model trained on text built otherwise is refused rather than given words it never saw.
STANCE_INPUT = "speaker | words, lower-cased, cut to 5 letters"


# What the names of the project's models, as suggestions store them, start with.
PROJECT_MODEL = "project:"


class ModelRefused(ValueError):
    """A stored model this installation cannot use, and why (for the user)."""


def project_model_name(kind: str, trained_at: str) -> str:
    """The name a suggestion of the project's model of ``kind`` is stored with: ``project:KIND@TRAINED_AT``.

    The stock pipeline's suggestions have its name (``en_core_web_sm 3.8.0``), which never starts so.
    """
    return f"{PROJECT_MODEL}{kind}@{trained_at}"


def project_model_of(name: str) -> tuple[str, str] | None:
    """(kind, when trained) of a name :func:`project_model_name` made; None for another model's."""
    kind, at, trained_at = name.removeprefix(PROJECT_MODEL).partition("@")
    return (kind, trained_at) if name.startswith(PROJECT_MODEL) and at else None


def to_stored(nlp: Language) -> tuple[str, str, bytes]:
    """(spaCy version, config text, bytes) of a trained pipeline, for ``Project.save_model``."""
    import spacy

    return spacy.__version__, nlp.config.to_str(), nlp.to_bytes()


def from_stored(stored: StoredModel) -> Language:
    """The pipeline a stored model holds; :class:`ModelRefused` if this spaCy cannot load it."""
    import spacy
    from thinc.api import Config

    if stored.spacy_version != spacy.__version__:
        raise ModelRefused(
            f"the project's {stored.kind} model was trained with spaCy {stored.spacy_version}, and this "
            f"installation has spaCy {spacy.__version__}: it is not used (`annotator train` trains it anew)"
        )
    try:
        config = Config().from_str(stored.config)
        lang = spacy.util.get_lang_class(config["nlp"]["lang"])
        nlp = lang.from_config(config)
        nlp.from_bytes(stored.data)
    except Exception as error:  # a damaged or foreign blob: spaCy raises many kinds
        raise ModelRefused(
            f"the project's {stored.kind} model cannot be read ({error}): train it again"
        ) from error
    return nlp


def stance_input(text: str, context: str = "") -> str:
    """What the stance model reads for one quote: who speaks (if known), then the words.

    Training and suggesting both build their text here, so they cannot drift apart. The topic is
    left out: a project has one, so it would be the same words in every example. Every word is
    lower-cased and cut to its first five letters, a crude stemmer ("Abolishing", "abolished" and
    "abolition" are one feature, "aboli"): with a hundred labels a topic's few counts are not
    split among a word's forms (see :mod:`annotator.learning.stance` for what it is worth).
    """
    import re

    joined = f"{context} | {text}" if context else text
    built = re.sub(r"[^\W\d_]+", lambda word: word.group().lower()[:5], joined)
    return built if built.strip() else "-"  # spaCy's bigrams fail on a text without a token


def guess_stances(nlp: Language, inputs: list[str], batch_size: int = 64) -> list[tuple[str, float]]:
    """The stance model's most likely label for each input, with its probability."""
    guesses = []
    for doc in nlp.pipe(inputs, batch_size=batch_size):
        label = max(doc.cats, key=doc.cats.__getitem__)
        guesses.append((label, float(doc.cats[label])))
    return guesses
