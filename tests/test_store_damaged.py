"""Rows changed outside annotator: each read names the damaged row instead of a JSON traceback
(issue 13, item 5), settings fall back to their defaults and say why, and spans that no longer fit their
text are found."""

from __future__ import annotations

import pytest

from annotator.store import DamagedRow, Project, StoreError
from annotator.store.models import span_problem
from annotator.store.settings import DEFAULTS

TEXT = "Mayor Ana Ruiz said the bridge would open."
OTHER = "Li Wei said nothing."


@pytest.fixture
def documents(project: Project) -> tuple[int, int]:
    """Two documents, each with a span; the first one's rows are the ones damaged."""
    first, _ = project.add_document(TEXT, meta={"source": "wire"})
    second, _ = project.add_document(OTHER, meta={"source": "wire"})
    project.add_span(first, 6, 14, "PERSON")
    project.add_span(second, 0, 6, "PERSON")
    return first, second


def damage(project: Project, sql: str, *params: object) -> None:
    """Change the file as another program might, past every check the store makes."""
    project.conn.execute(sql, params)


BAD_META = ['{"source": ', "[1, 2]", '{"n": ' + "9" * 5000 + "}", b"\xff{}", 5]


@pytest.mark.parametrize(
    "meta", BAD_META, ids=["cut short", "not an object", "huge number", "bytes", "number"]
)
def test_a_damaged_document_meta_names_its_row_and_the_others_still_read(
    project: Project, documents: tuple[int, int], meta: str
) -> None:
    first, second = documents
    damage(project, "UPDATE documents SET meta = ? WHERE id = ?", meta, first)
    for read in (
        lambda: project.document(first),
        lambda: list(project.documents()),
        lambda: project.documents_with_json_text([first, second]),
    ):
        with pytest.raises(DamagedRow) as caught:
            read()
        error = caught.value
        assert (error.table, error.row_id, error.column, error.document_id) == (
            "documents",
            first,
            "meta",
            first,
        )
        assert str(error).startswith(f"the project file is damaged: documents row {first}, column meta, ")
        assert isinstance(error, StoreError)
    assert project.document(second).meta == {"source": "wire"}
    assert project.documents_with_json_text([second])[second][0].meta == {"source": "wire"}


def test_damaged_span_attributes_name_the_span_and_its_document(
    project: Project, documents: tuple[int, int]
) -> None:
    first, second = documents
    span_id = project.spans(first)[0].id
    damage(project, "UPDATE spans SET attributes = '{\"speaker\": ' WHERE id = ?", span_id)
    for read in (
        lambda: project.spans(first),
        lambda: project.span(span_id),
        lambda: project.spans_by_document([first, second]),
    ):
        with pytest.raises(
            DamagedRow, match=rf"spans row {span_id} \(document {first}\), column attributes, "
        ) as caught:
            read()
        assert caught.value.document_id == first
    assert [span.label for span in project.spans_by_document([second])[second]] == ["PERSON"]


def test_a_damaged_event_names_its_row(project: Project, documents: tuple[int, int]) -> None:
    first, _ = documents
    damage(
        project,
        "INSERT INTO events (batch, at, annotator, action, document_id, target, before, after)"
        " VALUES ('b', 'now', 'x', 'span.update', ?, 'span', '{', NULL)",
        first,
    )
    with pytest.raises(
        DamagedRow, match=r"events row \d+ \(document \d+\), column before, is not valid JSON"
    ):
        project.events(first)


def test_a_damaged_setting_falls_back_to_its_default_and_says_so(project: Project) -> None:
    project.set_setting("topic", "Harbour bridge toll")
    damage(project, "UPDATE settings SET value = '\"Harbour' WHERE key = 'topic'")
    damage(project, "INSERT INTO settings (key, value) VALUES ('entity_labels', '\"PERSON\"')")
    damage(project, "INSERT INTO settings (key, value) VALUES ('require_stance', '\"yes\"')")
    settings = project.settings()
    assert settings["topic"] == "" and settings["entity_labels"] == DEFAULTS["entity_labels"]
    assert settings["require_stance"] is True
    assert project.setting("topic") == ""
    problems = project.settings_problems()
    assert len(problems) == 3
    assert any("settings row 'topic', column value, is not valid JSON" in problem for problem in problems)
    assert any("'entity_labels', column value, is not a list of labels" in problem for problem in problems)
    assert all(problem.endswith("the default is used until the setting is changed") for problem in problems)
    # Setting it again, even to the default it shows, repairs it.
    project.set_setting("topic", "")
    project.set_setting("entity_labels", [{"name": "PERSON", "colour": "#aa9cfc"}])
    project.set_setting("require_stance", False)
    assert project.settings_problems() == []


def test_a_setting_of_the_wrong_kind_is_refused(project: Project) -> None:
    with pytest.raises(StoreError, match="'require_stance' cannot be 'yes': it is not true or false"):
        project.set_setting("require_stance", "yes")
    with pytest.raises(StoreError, match="is not a list of labels"):
        project.set_setting("entity_labels", ["PERSON"])
    project.set_setting("stance_labels", ("favor", "against"))  # any sequence of names
    assert project.setting("stance_labels") == ["favor", "against"]
    assert project.settings_problems() == []


def test_a_span_that_no_longer_fits_its_text_is_found(project: Project, documents: tuple[int, int]) -> None:
    first, second = documents
    span = project.spans(first)[0]
    assert span_problem(span, TEXT) is None
    damage(project, 'UPDATE spans SET "end" = 999 WHERE id = ?', span.id)
    assert span_problem(project.span(span.id), TEXT) == (
        f"span {span.id} (PERSON) of document {first} runs from 6 to 999, outside its document's text "
        f"({len(TEXT)} characters): the file is damaged"
    )
    other = project.spans(second)[0]
    damage(project, "UPDATE spans SET start = 1.5 WHERE id = ?", other.id)
    assert "offsets that are not whole numbers (1.5, 6)" in str(span_problem(project.span(other.id), OTHER))
