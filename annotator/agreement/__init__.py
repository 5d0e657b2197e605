"""Inter-annotator agreement computed from plain data (issue 14). Imports no Qt, no store, no numpy.

The store turns each annotator's layer into :class:`Mark` values (:data:`Layers`);
:func:`agreement_report` gives the scores as JSON-ready data, :func:`pair_documents` the
documents two annotators disagree on most, and :func:`disagreements` and
:func:`agreed_marks` one document's differences and consensus for review.
"""

from __future__ import annotations

from annotator.agreement.marks import Layers, Mark
from annotator.agreement.matching import Matching, clusters, match
from annotator.agreement.measures import alpha_nominal, cohen_kappa, prf
from annotator.agreement.report import agreement_report, pair_documents, stance_units
from annotator.agreement.review import Disagreement, agreed_marks, disagreements

__all__ = [
    "Disagreement",
    "Layers",
    "Mark",
    "Matching",
    "agreed_marks",
    "agreement_report",
    "alpha_nominal",
    "clusters",
    "cohen_kappa",
    "disagreements",
    "match",
    "pair_documents",
    "prf",
    "stance_units",
]
