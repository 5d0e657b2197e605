"""Issue 12: on the 295 Wikinews articles every suggested span lies on the tokens the exports write.

The corpus is read at test time from ``../shared/corpus/wikinews.jsonl`` beside
the checkout (it is not copied into the repository). Suggesting over all of it
takes one to two minutes on two CPUs.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.exporting import export_docbin, export_jsonl
from annotator.store import Project

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikinews.jsonl"


@pytest.mark.slow
@pytest.mark.timeout(1800)  # 295 articles through spaCy: 93 s on a quiet machine, over 120 s on a busy one
@pytest.mark.skipif(not CORPUS.exists(), reason=f"needs the shared Wikinews corpus at {CORPUS}")
def test_every_suggestion_on_the_corpus_lies_on_the_exported_tokens(project: Project, tmp_path: Path) -> None:
    from annotator.suggest import suggest_documents

    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 295
    project.add_documents({"text": text} for text in texts)
    report = suggest_documents(project)
    assert report.documents == 295 and not report.problems
    with project.transaction():  # every suggestion accepted, so that the DocBin holds them all
        project.conn.execute("UPDATE spans SET status = 'accepted'")

    jsonl = export_jsonl(project, tmp_path / "all.jsonl")
    nlp = spacy.blank("en")
    kinds: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text, tokens = record["text"], record["tokens"]
        # No token was split for a span: every suggestion lies on spaCy's own tokens.
        assert len(tokens) == len(nlp.make_doc(text))
        for span in record["spans"]:
            kinds[span["kind"]] += 1
            assert tokens[span["token_start"]]["start"] == span["start"], span
            assert tokens[span["token_end"]]["end"] == span["end"], span
            if span["kind"] == "entity":
                entities[text[span["start"] : span["end"]]] += 1
    assert not [problem for problem in jsonl.problems if "line up" in problem.message]
    assert min(kinds[kind] for kind in ("entity", "quote", "speaker", "cue")) > 500, kinds
    # "U.S." is among the commonest entities in news; trimmed to "U.S" it ended inside its token.
    assert entities["U.S."] > 50 and entities["U.S"] == 0

    docbin = export_docbin(project, tmp_path / "all.spacy")
    assert not [problem for problem in docbin.problems if "line up" in problem.message]
    overlapping = sum("overlaps" in problem.message for problem in docbin.problems)
    docs = list(DocBin().from_disk(tmp_path / "all.spacy").get_docs(spacy.blank("en").vocab))
    assert sum(len(doc.ents) for doc in docs) + overlapping == kinds["entity"]
    for doc in docs:
        spans = doc.user_data["spans"]
        for ent in doc.ents:
            span = spans[int(ent.id_)]
            assert (ent.start_char, ent.end_char, ent.label_) == (span["start"], span["end"], span["label"])
