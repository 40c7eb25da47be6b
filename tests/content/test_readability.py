from __future__ import annotations

import pytest

from portal.content.readability import lix


def test_lix_of_known_text() -> None:
    # 10 words, 2 sentences, 2 long words (kommunen, rettigheder): 10/2 + 100*2/10 = 25.
    assert lix("Du kan ringe til kommunen. Du har mange rettigheder her.") == pytest.approx(25.0)


def test_unpunctuated_lines_count_as_sentences() -> None:
    # 8 words on 2 lines, no long words.
    assert lix("Hvem er du\nHvad har du brug for") == pytest.approx(4.0)


def test_empty_text() -> None:
    assert lix("") == 0.0
