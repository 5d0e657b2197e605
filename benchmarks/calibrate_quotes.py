"""Calibrate the confidence of suggested quotes on the development gold and show how it sorts.

Usage::

    python benchmarks/calibrate_quotes.py [--write] [--quote-only] [--heldout GOLD] [--penalty L]

Runs the suggester on the development gold (``wikinews-quotes.jsonl``,
``wikinews-indirect-quotes.jsonl`` and the eight former held-out sets), pairs its quotes with the gold
ones as ``eval_quotes.py`` does (lenient: more than 30% of a gold quote covered) and fits a
logistic regression (L2-penalised, Newton's method) of "right" on each quote's features
(:func:`annotator.suggest.quotes_confidence.features`: rule and type, speaker, cue, unclosed
mark, length, a clause that breaks off). A suggestion is right when it matches a gold quote and,
where the gold names a speaker, names the same one (as eval_quotes scores speaker accuracy): a wrong
speaker is as much for an annotator to fix as a wrong quote, and as frequent. ``--quote-only``
counts a match as right whatever its speaker.

The rules were tuned on those sets, so they are right there more often than on new text. The
fitted log-odds are then rescaled (a slope and a shift, fitted as a logistic regression on them) to
the outcomes of the former held-out sets at their one blind scoring
(``gold/blind-outcomes.jsonl``, from ``blind_outcomes.py``): the weights order the quotes, the
blind scorings say how often such quotes are right on text nobody tuned on. The rescaling is reported
leaving each blind set out of its own fit. Too few suggestions are wrong (about one in ten) for a
precision per combination of features: most combinations have no wrong quote at all.

Prints reliability curves (bins of predicted confidence: count, mean predicted, observed precision)
for the old fixed scores and the fitted ones on the development set, in-sample and leaving each
article out of its own fit, on the blind outcomes, and on ``--heldout`` if a new gold file is given
(only reported, never fitted on; the corpus has no unused article left to draw one from). AUC
(the chance that a right quote is more confident than a wrong one, ties half) and the precision of
the least confident 20% show whether sorting by confidence puts the doubtful quotes first.
``--write`` stores the fitted weights and the rescaling in annotator/suggest/quotes_confidence.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_quotes

from annotator.suggest.quotes_confidence import Evidence, features, log_odds

GOLD = Path(__file__).resolve().parent / "gold"
DEVELOPMENT = tuple(
    GOLD / f"{name}-quotes.jsonl"
    for name in (
        "wikinews",
        "wikinews-indirect",
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
        "heldout8",
    )
)
BLIND = GOLD / "blind-outcomes.jsonl"
MODULE = Path(__file__).resolve().parents[1] / "annotator" / "suggest" / "quotes_confidence.py"
PENALTY = 1.0
EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
LOWEST = 0.2

Weights = dict[str, float]
Scaling = tuple[float, float]
IDENTITY: Scaling = (1.0, 0.0)


@dataclass(frozen=True)
class Outcome:
    """A suggested quote: the article it is in, what its rule knew, and whether it matched a gold quote."""

    article: str
    evidence: Evidence
    inherited: bool  # the speaker came from the quote before
    unnamed: bool  # a speaker without a name
    right: bool

    def features(self) -> list[str]:
        return features(self.evidence, inherited=self.inherited, unnamed=self.unnamed)


def outcomes(paths: Sequence[Path], *, speaker: bool = True) -> list[Outcome]:
    """Every quote the suggester makes on the gold texts of ``paths``, right or not.

    Right: it matches a gold quote (lenient) and, with ``speaker`` and a gold speaker name, names
    the same speaker (as ``eval_quotes`` scores speaker accuracy).
    """
    from annotator.suggest import load_pipeline, suggest_texts

    documents = [d for path in paths for d in eval_quotes.load_gold(path)]
    found = []
    threshold = eval_quotes.THRESHOLDS["lenient"]
    results = suggest_texts([d.text for d in documents], load_pipeline())
    for document, result in zip(documents, results, strict=True):
        predicted = [eval_quotes.Quote.of(q) for q in result.quotes]
        right = {}
        for i, j in eval_quotes.match(document.quotes, predicted, threshold):
            named = eval_quotes.score([([document.quotes[i]], [predicted[j]])]).speaker["lenient"]["all"]
            right[j] = named.hits == named.total or not speaker
        for j, quote in enumerate(result.quotes):
            if quote.evidence is None:
                raise ValueError(f"{document.key}: a quote at {quote.start} has no evidence")
            inherited = quote.speaker is not None and quote.evidence.speaker is None
            unnamed = quote.speaker is not None and not quote.speaker_name
            found.append(Outcome(document.key, quote.evidence, inherited, unnamed, right.get(j, False)))
    return found


def old_scores(found: Sequence[Outcome]) -> np.ndarray:
    return np.array([old_score(o) for o in found])


def old_score(outcome: Outcome) -> float:
    """The fixed score the rules gave before calibration (as of commit 3da6b65).

    Reported speech with quoted fragments had 0.75 with a speaker; a mixed or direct type stands
    for "had fragments" here, which is nearly always so.
    """
    e = outcome.evidence
    if e.rule == "according":
        score = 0.7
    elif e.rule == "reported":
        score = (0.75 if e.type != "indirect" else 0.7) if e.speaker else 0.45
    else:
        score = 0.9 if e.speaker else 0.6 if e.cue else 0.45
        score -= 0.05 * (e.speaker == "pronoun") + 0.15 * e.unclosed
    return max(score, 0.7) if outcome.inherited and e.type == "direct" else score


def _logistic(x: np.ndarray, y: np.ndarray, ridge: np.ndarray) -> np.ndarray:
    """Coefficients of a logistic regression of ``y`` on the columns of ``x`` (Newton's method)."""
    w = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (y - p) - ridge @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        w += step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit(found: Sequence[Outcome], penalty: float = PENALTY) -> Weights:
    """Logistic regression of ``right`` on the features, the weights (not the bias) L2-penalised."""
    names = sorted({name for o in found for name in o.features()}, key=lambda n: (n != "bias", n))
    column = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(found), len(names)))
    for row, outcome in enumerate(found):
        x[row, [column[name] for name in outcome.features()]] = 1.0
    y = np.array([o.right for o in found], dtype=float)
    ridge = penalty * np.eye(len(names))
    ridge[0, 0] = 0.0
    w = _logistic(x, y, ridge)
    return {name: round(float(value), 3) for name, value in zip(names, w, strict=True)}


def odds(found: Sequence[Outcome], weights: Weights) -> np.ndarray:
    return np.array(
        [log_odds(o.evidence, inherited=o.inherited, unnamed=o.unnamed, weights=weights) for o in found]
    )


def fit_unseen(found: Sequence[Outcome], weights: Weights) -> Scaling:
    """The slope and shift that map the log-odds of ``weights`` to how often ``found`` were right."""
    x = odds(found, weights)
    y = np.array([o.right for o in found], dtype=float)
    scale, shift = _logistic(np.c_[x, np.ones_like(x)], y, np.zeros((2, 2)))
    return round(float(scale), 3), round(float(shift), 3)


def scores(found: Sequence[Outcome], weights: Weights, unseen: Scaling = IDENTITY) -> np.ndarray:
    """Each quote's confidence: the log-odds of ``weights``, rescaled by ``unseen``."""
    scale, shift = unseen
    return 1 / (1 + np.exp(-(scale * odds(found, weights) + shift)))


def load_blind(path: Path = BLIND) -> dict[str, list[Outcome]]:
    """The outcomes of each former held-out set at its blind scoring, by set (blind_outcomes.py)."""
    found: dict[str, list[Outcome]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        evidence = Evidence(**row["evidence"])
        article = f"{row['set']}:{row['article']}"
        found[row["set"]].append(Outcome(article, evidence, row["inherited"], row["unnamed"], row["right"]))
    return dict(found)


def left_out_unseen(blind: dict[str, list[Outcome]], weights: Weights) -> np.ndarray:
    """Each blind outcome's confidence, rescaled by a fit on the other blind sets only."""
    result = []
    for name, found in blind.items():
        others = [o for other, group in blind.items() if other != name for o in group]
        result.append(scores(found, weights, fit_unseen(others, weights)))
    return np.concatenate(result)


def left_out_scores(found: Sequence[Outcome], penalty: float) -> np.ndarray:
    """Each quote's confidence from weights fitted without its article (leave one article out)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, outcome in enumerate(found):
        by_article[outcome.article].append(i)
    result = np.zeros(len(found))
    for article, indexes in by_article.items():
        weights = fit([o for o in found if o.article != article], penalty)
        result[indexes] = scores([found[i] for i in indexes], weights)
    return result


def auc(predicted: np.ndarray, right: np.ndarray) -> float:
    """The chance that a right quote scores above a wrong one (ties count half)."""
    good, bad = predicted[right], predicted[~right]
    if not len(good) or not len(bad):
        return float("nan")
    above = (good[:, None] > bad[None, :]).sum() + 0.5 * (good[:, None] == bad[None, :]).sum()
    return float(above / (len(good) * len(bad)))


def lowest_precision(predicted: np.ndarray, right: np.ndarray, share: float = LOWEST) -> float:
    """Precision of the least confident ``share`` of quotes; a tie at the cut counts in proportion."""
    cut = share * len(predicted)
    taken = hits = 0.0
    for value in np.unique(predicted):
        group = right[predicted == value]
        portion = min(1.0, (cut - taken) / len(group))
        taken += portion * len(group)
        hits += portion * group.sum()
        if taken >= cut:
            break
    return hits / taken if taken else float("nan")


def curve(title: str, predicted: np.ndarray, right: np.ndarray) -> list[str]:
    """The reliability table of ``predicted`` against ``right``, with ECE, AUC and the lowest 20%."""
    lines = [title, f"  {'bin':<11}{'count':>6}{'predicted':>11}{'observed':>10}"]
    bins = np.clip(np.digitize(predicted, EDGES[1:-1]), 0, len(EDGES) - 2)
    error = 0.0
    for b in range(len(EDGES) - 1):
        inside = bins == b
        n = int(inside.sum())
        label = f"{EDGES[b]:.1f}-{EDGES[b + 1]:.1f}"
        if not n:
            lines.append(f"  {label:<11}{0:>6}{'-':>11}{'-':>10}")
            continue
        mean, observed = predicted[inside].mean(), right[inside].mean()
        error += n * abs(mean - observed)
        lines.append(f"  {label:<11}{n:>6}{mean:>11.3f}{observed:>10.3f}")
    lines.append(
        f"  all {len(right)}: precision {right.mean():.3f}, ECE {error / len(right):.3f}, "
        f"AUC {auc(predicted, right):.3f}, precision of the least confident {LOWEST:.0%} "
        f"{lowest_precision(predicted, right):.3f}"
    )
    return lines


def report(name: str, found: Sequence[Outcome], curves: dict[str, Callable[[], np.ndarray]]) -> str:
    right = np.array([o.right for o in found], dtype=bool)
    lines = [f"== {name}: {len(found)} suggested quotes"]
    for title, predicted in curves.items():
        lines += curve(title, predicted(), right)
    return "\n".join(lines)


def weights_source(weights: Weights, unseen: Scaling) -> str:
    """The fitted weights and rescaling as the Python lines between the markers of quotes_confidence.py."""
    rows = "".join(f'    "{name}": {value},\n' for name, value in weights.items())
    return f"WEIGHTS: dict[str, float] = {{\n{rows}}}\nUNSEEN: tuple[float, float] = {unseen}\n"


def write(weights: Weights, unseen: Scaling, module: Path = MODULE) -> None:
    text = module.read_text(encoding="utf-8")
    pattern = re.compile(r"(# BEGIN FITTED[^\n]*\n).*?(# END FITTED)", re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"{module}: no '# BEGIN FITTED' ... '# END FITTED' block")
    source = weights_source(weights, unseen)
    module.write_text(pattern.sub(lambda m: m[1] + source + m[2], text), encoding="utf-8")


def report_heldout(path: Path, weights: Weights, unseen: Scaling, *, speaker: bool) -> None:
    """Print the curves of a gold file neither the weights nor the rescaling were fitted on."""
    heldout = outcomes([path], speaker=speaker)
    print()
    print(
        report(
            f"held-out {path.name} (not fitted on)",
            heldout,
            {
                "old fixed scores": lambda: old_scores(heldout),
                "development fit": lambda: scores(heldout, weights),
                "rescaled to unseen text (the confidence given)": lambda: scores(heldout, weights, unseen),
            },
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", type=Path, help="a gold file only reported on (none is left)")
    parser.add_argument("--penalty", type=float, default=PENALTY, help="L2 penalty on the weights")
    parser.add_argument("--write", action="store_true", help="store the weights in quotes_confidence.py")
    parser.add_argument(
        "--quote-only", action="store_true", help="right: matches a quote, any speaker (no rescaling)"
    )
    args = parser.parse_args(argv)
    development = outcomes(DEVELOPMENT, speaker=not args.quote_only)
    weights = fit(development, args.penalty)
    print(
        report(
            "development (fitted on)",
            development,
            {
                "old fixed scores": lambda: old_scores(development),
                "development fit, in-sample": lambda: scores(development, weights),
                "development fit, each article left out of its own fit": lambda: left_out_scores(
                    development, args.penalty
                ),
            },
        )
    )
    unseen = IDENTITY
    if not args.quote_only:
        blind = load_blind()
        found = [o for group in blind.values() for o in group]
        unseen = fit_unseen(found, weights)
        print()
        print(
            report(
                f"former held-out sets at their blind scoring ({', '.join(blind)}; rescaling fitted on)",
                found,
                {
                    "development fit": lambda: scores(found, weights),
                    "rescaled, each set left out of its own rescaling": lambda: left_out_unseen(
                        blind, weights
                    ),
                },
            )
        )
    if args.heldout is not None:
        report_heldout(args.heldout, weights, unseen, speaker=not args.quote_only)
    print("\nfitted weights (log-odds):")
    print("".join(f"  {name}: {value:+.3f}\n" for name, value in weights.items()), end="")
    print(f"rescaling to unseen text (slope, shift): {unseen}")
    if args.write:
        write(weights, unseen)
        print(f"written to {MODULE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
