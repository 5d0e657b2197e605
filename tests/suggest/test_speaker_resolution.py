"""Speaker resolution (issue 17): whom a pronoun, a role, a document or a partly recognised name means."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from suggest_helpers import quote_containing

from annotator.suggest import TextSuggestions

Suggest = Callable[[str], TextSuggestions]

# (case, text, words of the quote, speaker name)
RESOLVED = [
    (
        "he is the subject of the main clause, not of the clause inside it",
        "After a long night, Tomas Verhoeven accepted a coalition in which Lina Okonkwo became "
        "finance minister. “Nobody will split this government,” he declared.",
        "Nobody will split",
        "Tomas Verhoeven",
    ),
]


@pytest.mark.parametrize(("text", "words", "name"), [r[1:] for r in RESOLVED], ids=[r[0] for r in RESOLVED])
def test_speaker_is_whom_the_mention_means(suggest: Suggest, text: str, words: str, name: str) -> None:
    assert quote_containing(text, suggest(text), words).speaker_name == name
