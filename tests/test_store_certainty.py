"""How sure the stance model is of each document, and the list's order "least certain first" (issue 15)."""

from __future__ import annotations

from annotator.store import Project
from annotator.store.window_reads import least_certain_first

TEXT = "Ana Ruiz said “the harbour will reopen soon” and Li Wei said “it will not”; Zoe Park agreed."


def quote(
    project: Project,
    document_id: int,
    start: int,
    p: object | None,
    *,
    status: str = "suggested",
    stance: str | None = None,
) -> int:
    """A quote of ``TEXT`` from ``start`` (5 characters), with a stance guess of probability ``p``."""
    attributes = {"type": "direct"} | (
        {"suggested_stance": {"label": "favor", "p": p}} if p is not None else {}
    )
    span = project.add_span(
        document_id, start, start + 5, "QUOTE", kind="quote", status=status, origin="model",
        stance=stance, attributes=attributes,
    )  # fmt: skip
    return span.id


def documents(project: Project, count: int) -> list[int]:
    added = project.add_documents([{"text": f"{TEXT} ({number})"} for number in range(count)])
    return [doc_id for doc_id, _ in added]


def test_a_documents_certainty_is_the_lowest_p_of_its_pending_stance_guesses(project: Project) -> None:
    first, second, third = documents(project, 3)
    quote(project, first, 10, 0.8)
    quote(project, first, 30, 0.35, status="accepted")  # accepted, still no stance: the guess waits
    quote(project, second, 10, 0.9)
    quote(project, second, 30, 0.1, status="rejected")  # rejected: its guess waits for nobody
    quote(project, second, 50, 0.05, stance="against")  # a person decided: not a guess any more
    quote(project, third, 10, None)  # a quote without a guess, and an entity: no probability
    project.add_span(third, 0, 8, "PERSON", status="suggested", origin="model")
    assert project.least_certainties() == {first: 0.35, second: 0.9}
    assert project.least_certainties([second, third]) == {second: 0.9}


def test_guesses_that_are_not_probabilities_and_damaged_attributes_are_passed_over(project: Project) -> None:
    first, second = documents(project, 2)
    quote(project, first, 10, "high")
    quote(project, first, 30, 1.5)
    quote(project, second, 10, 0.4)
    damaged = quote(project, second, 30, 0.2)
    project.conn.execute(
        "UPDATE spans SET attributes = ? WHERE id = ?", ('{"suggested_stance": {"p": 0.', damaged)
    )
    assert project.least_certainties() == {second: 0.4}


def test_least_certain_first_puts_guessed_documents_by_p_then_the_rest_in_the_given_order() -> None:
    certainties = {4: 0.7, 2: 0.2, 6: 0.7, 9: 0.5}
    assert least_certain_first([1, 2, 3, 4, 5, 6], certainties) == [2, 4, 6, 1, 3, 5]
    assert least_certain_first([], certainties) == []


def test_the_order_honours_the_status_filter_and_the_search(project: Project) -> None:
    ids = documents(project, 4)
    project.add_document("A report on the port authority of Greyhaven.")
    for doc_id, p in zip(ids, (0.9, 0.3, None, 0.6), strict=True):
        if p is not None:
            quote(project, doc_id, 10, p)
    project.set_document_status(ids[1], "done")
    certainties = project.least_certainties()
    assert least_certain_first(project.document_ids(), certainties) == [ids[1], ids[3], ids[0], ids[2], 5]
    assert least_certain_first(project.document_ids("new"), certainties) == [ids[3], ids[0], ids[2], 5]
    found = project.search_document_ids("harbour", "new")
    assert least_certain_first(found, certainties) == [ids[3], ids[0], ids[2]]
