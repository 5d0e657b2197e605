"""The speech verb list."""

from __future__ import annotations

from annotator.suggest.verbs import SPEECH_VERB_FORMS, is_speech_form


def test_speech_verb_list_has_at_least_150_forms() -> None:
    assert len(SPEECH_VERB_FORMS) >= 150


def test_common_reporting_verbs_are_speech_verbs() -> None:
    for form in (
        "said",
        "says",
        "told",
        "added",
        "warned",
        "claimed",
        "noted",
        "insisted",
        "denied",
        "argued",
    ):
        assert is_speech_form(form, tagged_verb=True), form


def test_verbs_of_thinking_are_not_speech_verbs() -> None:
    for form in ("believes", "hoped", "thinks", "feared"):
        assert not is_speech_form(form, tagged_verb=True), form


def test_noun_like_forms_need_a_tagger_to_count() -> None:
    assert not is_speech_form("report", tagged_verb=None)
    assert is_speech_form("reported", tagged_verb=None)
    assert not is_speech_form("said", tagged_verb=False)
