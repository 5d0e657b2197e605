"""What the quote passes produce: the frozen :class:`Quote` and the candidates they build it from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from annotator.suggest.marks import Extent, Part
from annotator.suggest.quotes_confidence import Evidence, calibrated
from annotator.suggest.speakers import Speaker


@dataclass(frozen=True)
class Quote:
    """A suggested quote: content parts, type, cue, speaker and how sure the suggestion is."""

    start: int
    end: int
    parts: tuple[Part, ...]
    type: str  # "direct", "indirect" or "mixed"
    cue: Part | None
    speaker: Part | None
    speaker_name: str | None
    confidence: float
    evidence: Evidence | None = None  # what the rule knew (benchmarks/calibrate_quotes.py reads it)


@dataclass
class Candidate(Extent):
    """A quote while the passes still work on it (its speaker's name comes last)."""

    parts: list[Part]
    type: str
    confidence: float
    cue: Part | None = None
    speaker: Speaker | None = None
    speaker_name: str | None = None
    evidence: Evidence | None = None

    def freeze(self) -> Quote:
        """The finished quote, confidence rounded to two decimals.

        With evidence, the confidence is read again from it, now that the names pass has run: a
        speaker taken from the quote before, or one left without a name, changes how sure it is.
        """
        confidence = self.confidence
        if self.evidence is not None:
            inherited = self.speaker is not None and self.evidence.speaker is None
            unnamed = self.speaker is not None and not self.speaker_name
            confidence = calibrated(self.evidence, inherited=inherited, unnamed=unnamed)
        return Quote(
            self.start,
            self.end,
            tuple(self.parts),
            self.type,
            self.cue,
            self.speaker.span if self.speaker else None,
            self.speaker_name,
            round(confidence, 2),
            self.evidence,
        )


@dataclass
class Found:
    """What the passes over one document have found so far.

    ``fragments`` maps the index of a speech verb's token to the quoted
    fragments it governs inside a sentence: the direct pass finds them, the
    reported-speech pass turns them into mixed quotes.
    """

    candidates: list[Candidate] = field(default_factory=list)
    fragments: dict[int, list[Part]] = field(default_factory=dict)
    # The candidates' extents, those that overlap merged: sorted, so ``taken`` is a bisection.
    _covered: list[Part] = field(default_factory=list, repr=False)

    def add(self, candidate: Candidate) -> None:
        """Keep ``candidate`` (add every candidate through this, or ``taken`` will not see it)."""
        self.candidates.append(candidate)
        start, end = candidate.start, candidate.end
        covered = self._covered
        last = bisect.bisect_left(covered, (end,))  # covered[:last] start before end
        first = last
        while first > 0 and covered[first - 1][1] > start:  # ... and of those, these end after start
            first -= 1
        if first < last:
            start, end = min(start, covered[first][0]), max(end, covered[last - 1][1])
        covered[first:last] = [(start, end)]

    def taken(self, start: int, end: int) -> bool:
        """Whether start..end overlaps a quote found already (a direct quote's cue reports it)."""
        last = bisect.bisect_left(self._covered, (end,))
        return last > 0 and self._covered[last - 1][1] > start
