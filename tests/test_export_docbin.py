"""spaCy DocBin export: what a DocBin reader gets back, what is left out and reported, and training."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from fixtures.export.newsroom import BRIGGS, SECOND, at, build
from spacy.cli.init_config import init_config
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from annotator.exporting import export_docbin
from annotator.store import Project


@functools.cache
def vocab() -> Vocab:
    return spacy.blank("en").vocab


def read(path: Path) -> dict[str, Doc]:
    return {doc.text: doc for doc in DocBin().from_disk(path).get_docs(vocab())}


def texts(spans: object) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in spans]  # type: ignore[attr-defined]


def test_accepted_entities_become_doc_ents(project: Project, tmp_path: Path) -> None:
    build(project)
    report = export_docbin(project, tmp_path / "out.spacy")

    docs = read(tmp_path / "out.spacy")
    assert report.files == [tmp_path / "out.spacy"]
    assert texts(docs[BRIGGS].ents) == [("Tom Briggs", "PERSON"), ("Denver", "GPE"), ("Acme Corp", "ORG")]
    assert texts(docs[SECOND].ents) == [("Ana Ruiz", "PERSON")]
    assert {token.ent_iob_ for token in docs[SECOND]} == {"B", "I", "O"}


def test_quotes_speakers_and_cues_become_span_groups(project: Project, tmp_path: Path) -> None:
    build(project)
    export_docbin(project, tmp_path / "out.spacy")

    doc = read(tmp_path / "out.spacy")[BRIGGS]
    assert texts(doc.spans["quotes"]) == [('The plan works," he said, "and it will pass.', "DIRECT")]
    assert texts(doc.spans["speakers"]) == [("he", "SPEAKER")]
    assert texts(doc.spans["cues"]) == [("said", "CUE")]
    spans = doc.user_data["spans"]
    for key in ("quotes", "speakers", "cues"):
        for span in doc.spans[key]:
            record = spans[int(span.id_)]
            assert (record["start"], record["end"]) == (span.start_char, span.end_char)


def test_an_entity_named_as_speaker_is_also_in_speakers(project: Project, tmp_path: Path) -> None:
    news = build(project)
    project.set_relation(news.quote.id, "SPEAKER", news.person.id)
    export_docbin(project, tmp_path / "out.spacy")

    doc = read(tmp_path / "out.spacy")[BRIGGS]
    assert texts(doc.spans["speakers"]) == [("Tom Briggs", "SPEAKER"), ("he", "SPEAKER")]


def test_user_data_keeps_stance_links_speaker_name_and_document_meta(
    project: Project, tmp_path: Path
) -> None:
    build(project)
    export_docbin(project, tmp_path / "out.spacy")

    data = read(tmp_path / "out.spacy")[BRIGGS].user_data
    assert data["meta"] == {"url": "https://example.org/1", "title": "Briggs on the plan"}
    assert data["status"] == "done"
    stances = {(span["label"], span["stance"]) for span in data["spans"]}
    assert {("ORG", "against"), ("QUOTE", "favor")} <= stances
    [quote] = data["quotes"]
    assert quote["speaker_name"] == "Tom Briggs"
    assert quote["speaker"]["text"] == "he" and quote["cue"]["text"] == "said"
    assert [list(part) for part in quote["parts"]] == [
        list(at(BRIGGS, "The plan works,")),
        list(at(BRIGGS, "and it will pass.")),
    ]
    assert [relation["label"] for relation in data["relations"]] == ["SPEAKER", "CUE"]


def test_with_all_spans_suggestions_go_to_user_data_only(project: Project, tmp_path: Path) -> None:
    build(project)
    export_docbin(project, tmp_path / "out.spacy", include_all=True)

    doc = read(tmp_path / "out.spacy")[BRIGGS]
    assert texts(doc.ents) == [("Tom Briggs", "PERSON"), ("Denver", "GPE"), ("Acme Corp", "ORG")]
    statuses = {(span["label"], span["status"]) for span in doc.user_data["spans"]}
    assert {("DATE", "rejected"), ("NORP", "suggested")} <= statuses


def test_skipped_documents_are_left_out_and_reported(project: Project, tmp_path: Path) -> None:
    build(project)
    report = export_docbin(project, tmp_path / "out.spacy")

    assert report.documents == 2 and len(read(tmp_path / "out.spacy")) == 2
    [problem] = report.problems
    assert "1 skipped document left out" in problem.message


def test_overlapping_entities_keep_the_longest_and_report_the_other(project: Project, tmp_path: Path) -> None:
    text = "The Bank of England raised rates.\n"
    doc_id, _ = project.add_document(text)
    project.add_span(doc_id, *at(text, "Bank of England"), "ORG")
    project.add_span(doc_id, *at(text, "England"), "GPE")
    report = export_docbin(project, tmp_path / "out.spacy")

    doc = read(tmp_path / "out.spacy")[text]
    assert texts(doc.ents) == [("Bank of England", "ORG")]
    [problem] = report.problems
    assert problem.where == f"document {doc_id}"
    assert "GPE 'England' overlaps entity 4-19 ORG 'Bank of England'" in problem.message
    assert problem.severity == "error"


def test_an_entity_inside_tokens_is_kept_in_ents_with_its_exact_characters(
    project: Project, tmp_path: Path
) -> None:
    text = "Senator Tom Briggs spoke in the U.S. today.\n"
    doc_id, _ = project.add_document(text)
    project.add_span(doc_id, 9, 15, "PERSON")  # "om Bri": starts and ends inside tokens
    start = text.index("U.S.")
    project.add_span(doc_id, start, start + 3, "GPE")  # "U.S": ends inside the token "U.S."
    report = export_docbin(project, tmp_path / "out.spacy")

    doc = read(tmp_path / "out.spacy")[text]
    assert texts(doc.ents) == [("om Bri", "PERSON"), ("U.S", "GPE")]
    assert doc.text == text
    assert [token.text for token in doc][:6] == ["Senator", "T", "om", "Bri", "ggs", "spoke"]
    assert [(span["start"], span["end"]) for span in doc.user_data["spans"]] == [(9, 15), (start, start + 3)]
    assert [problem.severity for problem in report.problems] == ["warning", "warning"]
    assert "9-15 PERSON 'om Bri'" in report.problems[0].message
    assert "the Doc's tokens are split there" in report.problems[0].message
    assert "ends inside the token 'U.S.'" in report.problems[1].message


def test_a_quote_inside_tokens_keeps_its_exact_characters_in_its_span_group(
    project: Project, tmp_path: Path
) -> None:
    text = 'She said "rates will rise soon" today.\n'
    doc_id, _ = project.add_document(text)
    project.add_span(doc_id, 11, 25, "QUOTE", kind="quote", attributes={"type": "direct"})
    report = export_docbin(project, tmp_path / "out.spacy")

    doc = read(tmp_path / "out.spacy")[text]
    assert texts(doc.spans["quotes"]) == [("ates will rise", "DIRECT")]
    [problem] = report.problems
    assert "starts inside the token 'rates'" in problem.message
    assert problem.severity == "warning"


def test_the_topic_and_edited_suggestions_are_in_user_data(project: Project, tmp_path: Path) -> None:
    project.set_setting("topic", "the new harbour bridge")
    text = "Mara Quint visited Eastholm.\n"
    doc_id, _ = project.add_document(text)
    suggested = {"label": "ORG", "start": 0, "end": 4}
    project.add_span(doc_id, 0, 10, "PERSON", origin="model", attributes={"suggested": suggested})
    project.add_span(doc_id, *at(text, "Eastholm"), "GPE", origin="model")
    export_docbin(project, tmp_path / "out.spacy")

    doc = read(tmp_path / "out.spacy")[text]
    assert doc.user_data["topic"] == "the new harbour bridge"
    changed, kept = doc.user_data["spans"]
    assert changed["edited"] is True and dict(changed["attributes"]["suggested"]) == suggested
    assert kept["edited"] is False
    # The entity's span id_ is its index in user_data["spans"], where "edited" is.
    assert [doc.user_data["spans"][int(ent.id_)]["edited"] for ent in doc.ents] == [True, False]


def test_split_writes_train_and_dev_docbins(project: Project, tmp_path: Path) -> None:
    project.add_documents({"text": f"Story {number} from Paris."} for number in range(5))
    report = export_docbin(project, tmp_path / "corpus.spacy", split=0.4, seed=1)

    train, dev = tmp_path / "corpus.train.spacy", tmp_path / "corpus.dev.spacy"
    assert report.files == [train, dev]
    assert (len(read(train)), len(read(dev))) == (3, 2)


@pytest.mark.slow
def test_spacy_train_accepts_the_exported_split(project: Project, tmp_path: Path) -> None:
    build(project)
    for number in range(6):
        text = f"Mayor Ana Ruiz visited Tulsa on day {number}.\n"
        doc_id, _ = project.add_document(text)
        project.add_span(doc_id, *at(text, "Ana Ruiz"), "PERSON")
        project.add_span(doc_id, *at(text, "Tulsa"), "GPE")
    export_docbin(project, tmp_path / "corpus.spacy", split=0.25, seed=0)
    init_config(lang="en", pipeline=["ner"], optimize="efficiency").to_disk(tmp_path / "config.cfg")

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(tmp_path / "config.cfg"),
            "--output",
            str(tmp_path / "model"),
            "--paths.train",
            str(tmp_path / "corpus.train.spacy"),
            "--paths.dev",
            str(tmp_path / "corpus.dev.spacy"),
            "--training.max_steps",
            "2",
            "--training.eval_frequency",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "model" / "model-last" / "config.cfg").exists()
    trained = spacy.load(tmp_path / "model" / "model-last")
    assert {"PERSON", "GPE", "ORG"} <= set(trained.get_pipe("ner").labels)


def test_export_leaves_srsly_looking_up_msgpack_encoders_as_before(project: Project, tmp_path: Path) -> None:
    import srsly

    build(project)
    export_docbin(project, tmp_path / "out.spacy")

    assert srsly.msgpack_encoders.entry_points is True
    assert "get_all" not in vars(srsly.msgpack_encoders)  # the class's own method again
    assert texts(read(tmp_path / "out.spacy")[SECOND].ents) == [("Ana Ruiz", "PERSON")]
