"""How sure a quote suggestion is: the chance it is right, fitted on the development gold.

Right means what an annotator would keep: a real quote (it matches a gold quote) with the right
speaker, where the gold names one. A rule records what it knew when it suggested a quote (its
:class:`Evidence`); the confidence is a logistic model of that evidence, fitted on the development
set's suggestions (``benchmarks/calibrate_quotes.py``). Every suggestion starts from the odds of a
direct quote in quotation marks said by a named person; each thing known about it moves those odds
by its fitted weight (in log-odds): the rule and the type, what the speaker is (a pronoun, an
organisation, a description, one inherited from the quote before, none, one left without a name),
a missing cue, an unclosed quotation mark, a very short or long quote, a clause that breaks off
("... and"). So sorting by confidence puts the doubtful quotes first.

The rules were tuned on the development sets and are right there more often than on new articles,
so the fitted log-odds are scaled (:data:`UNSEEN`, a slope and a shift) to the outcomes the former
held-out sets had at their one blind scoring: 0.8 then means about four in five such suggestions
need no fixing on an article nobody tuned the rules on.

The weights are fitted, not written by hand; regenerate them and the scaling with::

    .venv/bin/python benchmarks/calibrate_quotes.py --write
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SHORT_WORDS = 3
LONG_WORDS = 20
_BREAKING_OFF = (" and", " but", " or", ",", ";", ":")

# fmt: off
# BEGIN FITTED (benchmarks/calibrate_quotes.py --write)
WEIGHTS: dict[str, float] = {
    "bias": 2.851,
    "according": 0.205,
    "breaks off": -1.88,
    "inherited speaker": -1.514,
    "long": 0.27,
    "name speaker": -0.821,
    "no cue": -1.315,
    "no speaker": -1.869,
    "nominal speaker": -1.513,
    "pronoun speaker": -0.65,
    "reported direct": 0.537,
    "reported indirect": -0.02,
    "reported mixed": 0.321,
    "short": -1.062,
    "unclosed": 0.073,
    "unnamed speaker": -2.25,
}
UNSEEN: tuple[float, float] = (1.134, -0.908)
# END FITTED
# fmt: on


@dataclass(frozen=True)
class Evidence:
    """What a rule knew when it suggested a quote: the features its confidence is read from."""

    rule: str  # "direct" (quotation marks), "reported" (a speech verb's complement) or "according"
    type: str  # the quote's type: "direct", "indirect" or "mixed"
    speaker: str | None  # the speaker's kind ("person", "pronoun", "name", "nominal", "group") or None
    cue: bool
    unclosed: bool = False  # a quotation mark left open
    words: int = 0
    breaks_off: bool = False  # ends on "and", "but", a comma: the clause was cut short

    @classmethod
    def of(
        cls, rule: str, type: str, speaker: str | None, cue: bool, content: str, *, unclosed: bool = False
    ) -> Evidence:
        """The evidence of a quote whose content (the text its parts cover) is ``content``.

        Only a parsed clause breaks off: a direct quote's words end where its marks close.
        """
        breaks_off = rule != "direct" and content.rstrip().endswith(_BREAKING_OFF)
        return cls(rule, type, speaker, cue, unclosed, len(content.split()), breaks_off)


def features(evidence: Evidence, *, inherited: bool = False, unnamed: bool = False) -> list[str]:
    """The names of the model's features that hold for ``evidence`` (the weights' keys, bar ``bias``).

    ``inherited``: the speaker was taken from the quote before; ``unnamed``: the speaker has no
    name (a pronoun or description nobody was found for). Both are known only after the names pass.
    """
    found = ["bias"]
    if (evidence.rule, evidence.type) != ("direct", "direct"):
        found.append("according" if evidence.rule == "according" else f"{evidence.rule} {evidence.type}")
    if evidence.speaker is None:
        found.append("inherited speaker" if inherited else "no speaker")
    elif evidence.speaker in ("pronoun", "name", "nominal"):
        found.append(f"{evidence.speaker} speaker")
    if unnamed and evidence.speaker is not None:
        found.append("unnamed speaker")
    if not evidence.cue:
        found.append("no cue")
    if evidence.unclosed:
        found.append("unclosed")
    if evidence.words <= SHORT_WORDS:
        found.append("short")
    elif evidence.words > LONG_WORDS:
        found.append("long")
    if evidence.breaks_off:
        found.append("breaks off")
    return found


def log_odds(
    evidence: Evidence,
    *,
    inherited: bool = False,
    unnamed: bool = False,
    weights: dict[str, float] | None = None,
) -> float:
    """The development fit's log-odds that a quote suggested on ``evidence`` is right (:func:`features`)."""
    weights = WEIGHTS if weights is None else weights
    return sum(weights.get(name, 0.0) for name in features(evidence, inherited=inherited, unnamed=unnamed))


def calibrated(evidence: Evidence, *, inherited: bool = False, unnamed: bool = False) -> float:
    """The confidence, between 0 and 1, of a quote suggested on ``evidence``.

    The development fit's log-odds, rescaled by :data:`UNSEEN` to the odds seen on text the rules
    were not tuned on.
    """
    scale, shift = UNSEEN
    return 1 / (1 + math.exp(-(scale * log_odds(evidence, inherited=inherited, unnamed=unnamed) + shift)))
