"""What the stance model reads (words cut to five letters) and the naive Bayes added to its weights."""

from __future__ import annotations

import math

import pytest

from annotator.learning.stance import add_naive_bayes
from annotator.trained import stance_input


def test_the_model_reads_each_word_lower_cased_and_cut_to_five_letters() -> None:
    assert stance_input("Abolishing the abolition, 1990s café", "Dr. Smithson") == (
        "dr. smith | aboli the aboli, 1990s café"
    )
    assert stance_input("Abolished") == stance_input("abolish") == "aboli"


def test_naive_bayes_sets_the_log_odds_of_the_words_each_label_had() -> None:
    import spacy

    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(
        "textcat",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": True,
                "ngram_size": 2,
                "no_output_layer": False,
            }
        },
    )
    for label in ("favor", "against", "neutral"):
        textcat.add_label(label)
    nlp.initialize()
    docs = []
    for text, label in [
        ("good", "favor"),
        ("good plan", "favor"),
        ("bad", "against"),
        ("bad plan", "against"),
    ]:
        doc = nlp.make_doc(text)
        doc.cats = {name: float(name == label) for name in textcat.labels}
        docs.append(doc)
    add_naive_bayes(textcat, docs, 1.0)
    # "good" was in 2 of favor's 5 n-gram counts and none of against's (each plus 0.25): odds 9 to 1;
    # neutral, which no doc had, is left in between. "plan" was in both and does not count; the
    # bigram "good plan" was once in favor's: odds 5 to 1 more.
    good = nlp("good").cats
    assert good["favor"] / good["against"] == pytest.approx(9, rel=1e-4)
    assert good["neutral"] / good["against"] == pytest.approx(3, rel=1e-4)
    good_plan = nlp("good plan").cats
    assert math.log(good_plan["favor"] / good_plan["against"]) == pytest.approx(math.log(45), rel=1e-4)
    assert nlp("plan").cats["favor"] == pytest.approx(nlp("plan").cats["against"], rel=1e-4)


def test_a_quote_of_blanks_trains_and_is_guessed() -> None:
    from annotator.learning.stance import StanceExample, predict, train_stance

    examples = [StanceExample("   ", "topic", "favor"), StanceExample("It is bad.", "topic", "against")]
    nlp = train_stance(examples, ["favor", "against"], seed=0)
    assert len(predict(nlp, [StanceExample("\n", "topic")])) == 1
