"""The secret-word lists of the four languages, and drawing six different words."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from portal.security import passphrases

BLOCKLISTS = Path(__file__).resolve().parents[2] / "scripts" / "wordlists"
# Each list's letters, as the person reads them (Arabic without ؤ and ئ, whose seat
# writers spell differently; Ukrainian without apostrophes).
SCRIPT = {
    "da": r"[a-zæøå]{3,8}",
    "en": r"[a-z]{3,8}",
    "ar": r"[آأإابةتثجحخدذرزسشصضطظعغفقكلمنهوىي]{2,8}ء?",
    "uk": r"[абвгґдеєжзиіїйклмнопрстуфхцчшщьюя]{3,8}",
}
NEVER = {
    "da": {"kniv", "pistol", "sex", "lig", "blod"},
    "en": {"gun", "knife", "kill", "sex", "beer", "church", "bomb", "drug", "death"},
    "ar": {"قتل", "حرب", "موت", "جنس", "خمر", "مسجد", "سلاح", "دم"},
    "uk": {"війна", "смерть", "зброя", "кров", "секс", "пиво", "церква", "бог"},
}


@pytest.mark.parametrize("locale", passphrases.LOCALES)
def test_each_list_has_2048_different_short_words_in_its_own_letters(locale: str) -> None:
    words = passphrases.words(locale)
    folded = {passphrases.fold(w) for w in words}
    assert len(folded) == len(words) >= 2048
    assert all(re.fullmatch(SCRIPT[locale], w) for w in words), locale
    assert all(3 <= len(f) <= 8 for f in folded)
    # A word is a whole word once typed back: folding keeps it one word of letters.
    assert all(
        passphrases.normalize(" ".join([w] * 6)) == " ".join([passphrases.fold(w)] * 6)
        for w in words
    )


@pytest.mark.parametrize("locale", passphrases.LOCALES)
def test_no_list_has_a_word_left_out_by_hand(locale: str) -> None:
    folded = {passphrases.fold(w) for w in passphrases.words(locale)}
    blocked = set(NEVER[locale])
    path = BLOCKLISTS / f"blocklist_{locale}.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            blocked |= set(line.split("#", 1)[0].split())
    assert not folded & {passphrases.fold(w) for w in blocked}


def test_the_lists_are_of_their_own_language() -> None:
    # Latin lists apart, the scripts keep the lists apart; Danish and English share few.
    da, en = set(passphrases.words("da")), set(passphrases.words("en"))
    assert len(da & en) < 200


def test_six_different_words_from_the_shortest_list_are_at_least_66_bits() -> None:
    shortest = min(len(passphrases.words(locale)) for locale in passphrases.LOCALES)
    assert shortest >= 2100
    assert math.log2(math.perm(shortest, 6)) >= 66  # six different words, as drawn
    assert passphrases.WORD_COUNT == 6
    assert passphrases.bits() >= 66


@pytest.mark.parametrize("locale", passphrases.LOCALES)
def test_a_passphrase_is_six_words_of_the_person_s_language(locale: str) -> None:
    own = set(passphrases.words(locale))
    others = set().union(*(passphrases.words(o) for o in passphrases.LOCALES if o != locale))
    phrases = [passphrases.generate(locale).split() for _ in range(200)]
    assert all(len(p) == 6 and set(p) <= own for p in phrases)
    assert not all(set(p) <= others for p in phrases)
    assert passphrases.locale_of(" ".join(phrases[0]), locale) == locale


def test_an_unknown_language_gets_danish_words() -> None:
    assert set(passphrases.generate("xx").split()) <= set(passphrases.words("da"))


@pytest.mark.parametrize("locale", passphrases.LOCALES)
def test_no_word_is_ever_twice_in_a_passphrase(locale: str) -> None:
    # With repeats allowed, one passphrase in about 140 would have one: among 3,000 the
    # chance of seeing none is below e^-20.
    for _ in range(3000):
        words = passphrases.generate(locale).split()
        assert len(set(words)) == 6


def test_drawing_takes_each_entry_at_most_once() -> None:
    # From exactly six, every draw is the six in some order: with repeats allowed, a draw
    # would have all six different only one time in 65 (6!/6^6), so 300 in a row never.
    pool = ["a", "b", "c", "d", "e", "f"]
    orders = set()
    for _ in range(300):
        drawn = passphrases.draw(pool)
        assert sorted(drawn) == pool
        orders.add(tuple(drawn))
    assert len(orders) > 100  # and at random
    with pytest.raises(ValueError, match="larger than population"):
        passphrases.draw(pool, 7)
