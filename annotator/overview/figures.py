"""The overview's figures computed from a project (issue 16): what the window and the report draw.

Every count is one grouped query of the store (:mod:`annotator.store.overview_reads`), so the
overview of a 100,000-document project is ready in a fraction of a second; only the agreement
matrix reads the annotators' layers whole, and is left out with ``agreement=False`` (the window
computes it in the background).

Decisions where the issue left a choice:

- Progress counts each document now done once, on the UTC day of the logged change that last
  marked it done, under the annotator who made it. Merged annotators' own logs are not in the
  project: their work shows in the agreement matrix, not here.
- Outcomes count the spans the model suggested (origin "model"), each kind apart and entities per
  label: accepted as suggested; edited, accepted after a person changed its label or boundaries
  (the first such change keeps the model's version in ``attributes["suggested"]``, which is also
  how exports tell them apart; changed back, it is accepted as suggested); rejected; pending. A
  suggestion a person deleted is no longer in the project and is not counted.
- A quote's speaker is its resolved name, ``speaker_name`` (the suggestions resolve "he" to the
  person named before; linking an entity as the speaker copies its words there), else its linked
  speaker span's words (a rejected one left out). Quotes with neither are counted in the note.
- Speaker segments follow the project's stance labels: "against" and the other labels that are
  neither "favor" nor "neutral" on the left, then "neutral", "favor" and "no stance" on the
  right. Without both "favor" and "against" among the labels the chart is not diverging.
- In a filter of quotes (kind "quote"), ``label`` names the quote type: every quote's label is QUOTE.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from annotator.agreement import agreement_report
from annotator.agreement.marks import Layers, Mark
from annotator.overview.model import Bar, Chart, DocumentFilter, Matrix, Overview
from annotator.store import Project
from annotator.store.overview_reads import DecidedSpans

OUTCOMES = ("accepted", "edited", "rejected", "pending")
NO_STANCE = "no stance"
UNTYPED = "untyped"
TOP_SPEAKERS = 20


def plural(count: int, noun: str) -> str:
    """``1 document``, ``2 documents``, ``3 accepted entities``."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def project_overview(project: Project, *, agreement: bool = True) -> Overview:
    """Everything the overview shows of ``project``; the agreement matrix only if ``agreement``."""
    counts = project.overview_counts()
    decided = counts.decided
    return Overview(
        documents=project.count_documents(),
        done=project.count_documents("done"),
        progress=progress_chart(counts.done_per_day),
        labels=labels_chart(decided),
        outcomes=outcomes_chart(counts.pending, decided),
        speakers=speakers_chart(decided, project.setting("stance_labels")),
        agreement=agreement_matrix(project) if agreement else None,
    )


def document_ids_for(project: Project, filter: DocumentFilter) -> list[int]:
    """Ascending ids of the documents a bar, segment or cell stands for (every field of ``filter``)."""
    return project.overview_document_ids(**vars(filter))


def progress_chart(done_per_day: Iterable[tuple[str, str, int]]) -> Chart:
    """Documents marked done per UTC day (bars), per annotator (segments)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for day, annotator, count in done_per_day:
        counts[day][annotator] = count
    annotators = tuple(sorted({name for by_day in counts.values() for name in by_day}))
    bars = tuple(
        Bar(
            key=day,
            counts={name: by_annotator.get(name, 0) for name in annotators},
            filter=DocumentFilter(day=day),
            segment_filters={name: DocumentFilter(day=day, annotator=name) for name in annotators},
        )
        for day, by_annotator in sorted(counts.items())
    )
    marked = sum(bar.total for bar in bars)
    return Chart(
        title="Documents marked done per day",
        segments=annotators,
        bars=bars,
        note=f"{plural(marked, 'document')} now done, each on the UTC day it was last marked done, by whom.",
    )


def labels_chart(decided: Iterable[DecidedSpans]) -> Chart:
    """Accepted entities per label, most first, then accepted quotes per type."""
    entity_counts: Counter[str] = Counter()
    types: Counter[str | None] = Counter()
    for group in decided:
        if group.status == "accepted" and group.kind == "entity":
            entity_counts[group.label] += group.count
        elif group.status == "accepted" and group.kind == "quote":
            types[group.quote_type if isinstance(group.quote_type, str) else None] += group.count
    entities = dict(sorted(entity_counts.items(), key=lambda item: (-item[1], item[0])))
    bars = [
        Bar(
            key=label,
            counts={"entity": count, "quote": 0},
            filter=DocumentFilter(kind="entity", label=label, span_status="accepted"),
            segment_filters={"entity": DocumentFilter(kind="entity", label=label, span_status="accepted")},
        )
        for label, count in entities.items()
    ]
    for quote_type in sorted(types, key=lambda name: (name is None, -types[name], name or "")):
        chosen = DocumentFilter(kind="quote", label=quote_type, span_status="accepted")
        if quote_type is None:  # the documents of every accepted quote: a type filter cannot say "none"
            chosen = DocumentFilter(kind="quote", span_status="accepted")
        bars.append(
            Bar(
                key=f"{quote_type or UNTYPED} quotes",
                counts={"entity": 0, "quote": types[quote_type]},
                filter=chosen,
                segment_filters={"quote": chosen},
            )
        )
    return Chart(
        title="Accepted entities per label and quotes per type",
        segments=("entity", "quote"),
        bars=tuple(bars),
        note=(
            f"{plural(sum(entities.values()), 'accepted entity')}, "
            f"{plural(sum(types.values()), 'accepted quote')}."
        ),
    )


def outcomes_chart(pending: dict[tuple[str, str], int], decided: Iterable[DecidedSpans]) -> Chart:
    """What became of the model's suggestions, per kind (entities per label, most suggested first)."""
    counts: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
    for (kind, label), count in pending.items():
        counts[kind, label if kind == "entity" else None]["pending"] += count
    for group in decided:
        if group.outcome is not None:
            counts[group.kind, group.label if group.kind == "entity" else None][group.outcome] += group.count
    order = {kind: number for number, kind in enumerate(("entity", "quote", "speaker", "cue"))}
    ranked = sorted(counts.items(), key=lambda item: (order.get(item[0][0], 9), -item[1].total(), item[0]))
    bars = tuple(
        Bar(
            key=label if label is not None else f"{kind}s",
            counts={outcome: by_outcome[outcome] for outcome in OUTCOMES},
            filter=DocumentFilter(kind=kind, label=label),
            segment_filters={
                outcome: DocumentFilter(kind=kind, label=label, outcome=outcome) for outcome in OUTCOMES
            },
        )
        for (kind, label), by_outcome in ranked
    )
    total = sum(counts.values(), Counter[str]())
    judged = total["accepted"] + total["edited"] + total["rejected"]
    if judged:
        note = (
            f"The model's precision as the annotators judged it: of {plural(judged, 'decided suggestion')}, "
            f"{total['accepted'] / judged:.0%} were accepted as suggested, "
            f"{(total['accepted'] + total['edited']) / judged:.0%} counting those a person edited"
        )
    else:
        note = "No suggestion has been decided yet"
    return Chart(
        title="What became of the model's suggestions",
        segments=OUTCOMES,
        bars=bars,
        note=f"{note}; {total['pending']} pending. Edited: accepted once a person changed label or span.",
    )


def stance_segments(stance_labels: Iterable[str]) -> tuple[tuple[str, ...], int, bool]:
    """The speaker chart's segments, how many grow leftwards, and whether it diverges at all."""
    labels = list(dict.fromkeys(stance_labels))
    if not {"favor", "against"} <= set(labels):
        return (*labels, NO_STANCE), 0, False
    left = ["against", *(label for label in labels if label not in ("favor", "against", "neutral"))]
    right = [label for label in ("neutral", "favor") if label in labels]
    return (*left, *right, NO_STANCE), len(left), True


def speakers_chart(decided: Iterable[DecidedSpans], stance_labels: Iterable[str]) -> Chart:
    """Accepted quotes of the 20 most quoted speakers, by stance: against on the left, favor on the right."""
    segments, left, diverging = stance_segments(stance_labels)
    by_speaker: dict[str, Counter[str]] = defaultdict(Counter)
    unattributed = 0
    other_stances: set[str] = set()
    for group in decided:
        if group.kind != "quote" or group.status != "accepted":
            continue
        speaker, stance, count = group.speaker, group.stance, group.count
        if speaker is None:
            unattributed += count
            continue
        segment = NO_STANCE if stance is None else stance
        if segment not in segments:
            other_stances.add(segment)
        by_speaker[speaker][segment] += count
    # A stance no longer among the labels still counts: at the right, before "no stance".
    segments = (*segments[:-1], *sorted(other_stances), NO_STANCE)
    top = sorted(by_speaker.items(), key=lambda item: (-item[1].total(), item[0]))[:TOP_SPEAKERS]

    def stance_of(segment: str) -> str:
        return "" if segment == NO_STANCE else segment

    bars = tuple(
        Bar(
            key=speaker,
            counts={segment: counts[segment] for segment in segments},
            filter=DocumentFilter(speaker=speaker),
            segment_filters={
                segment: DocumentFilter(speaker=speaker, stance=stance_of(segment)) for segment in segments
            },
        )
        for speaker, counts in top
    )
    shown = sum(bar.total for bar in bars)
    rest = sum(counts.total() for counts in by_speaker.values()) - shown
    note = f"{plural(shown, 'accepted quote')} of the {plural(len(bars), 'most quoted speaker')}"
    if rest:
        note += (
            f"; {plural(rest, 'quote')} of {plural(len(by_speaker) - len(bars), 'other speaker')} not shown"
        )
    if unattributed:
        note += f"; {plural(unattributed, 'quote')} without a speaker"
    return Chart(
        title="Quotes by speaker and stance",
        segments=segments,
        bars=bars,
        note=note + ".",
        diverging=diverging,
        left=left,
    )


def entity_layers(project: Project) -> Layers:
    """Each merged annotator's accepted entities in the documents they marked done, as agreement marks.

    Entities only: the matrix shows entity F1, and quotes would only slow the comparison down.
    """
    layers: Layers = {}
    for name in project.layer_names():
        documents: dict[int, list[Mark]] = {
            doc_id: [] for doc_id in project.layer_export_ids(name, status="done")
        }
        for row in project.layer_entity_rows(name):
            documents[row[0]].append(Mark._make(row[1:]))
        layers[name] = documents
    return layers


def agreement_matrix(project: Project) -> Matrix | None:
    """Entity F1 (exact) of every pair of merged annotators; None with fewer than two."""
    names = project.layer_names()
    if len(names) < 2:
        return None
    report = agreement_report(entity_layers(project), {})
    shared = project.layer_pair_documents()
    values: dict[tuple[str, str], float | None] = {}
    filters: dict[tuple[str, str], DocumentFilter] = {}
    for pair in report["pairs"]:
        a, b = pair["a"], pair["b"]
        f1 = pair["entities"]["exact"]["f1"] if shared.get((a, b)) else None
        for key in ((a, b), (b, a)):
            values[key] = f1
            filters[key] = DocumentFilter(pair=(a, b))
    return Matrix(
        title="Entity agreement between annotators (F1, exact match)",
        annotators=tuple(report["annotators"]),
        values=values,
        filters=filters,
        note="Over the documents both annotators marked done; n/a where they share none.",
    )
