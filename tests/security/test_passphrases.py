"""Passphrases: enough entropy, forgiving of how a child types, hashed with a pepper."""

from __future__ import annotations

import re

import pytest

from portal.security import passphrases

PEPPER = "pepper-" + "x" * 32


def test_the_danish_list_is_simple_words() -> None:
    words = passphrases.words()
    assert len(words) == len(set(words)) >= 2048
    assert all(re.fullmatch(r"[a-z]{3,8}", w) for w in words)


def test_a_passphrase_has_at_least_66_bits() -> None:
    assert passphrases.bits() >= 66
    phrase = passphrases.generate()
    assert len(phrase.split()) == 6
    assert set(phrase.split()) <= set(passphrases.words())
    assert len({passphrases.generate() for _ in range(50)}) == 50


@pytest.mark.parametrize(
    "typed",
    [
        "hest sol banan cykel gul hoppe",
        "  Hest  SOL banan\ncykel gul hoppe ",
        "hest-sol-banan-cykel-gul-hoppe",
        "hest.sol.banan.cykel.gul.hoppe",
    ],
)
def test_typing_variations_normalise_to_the_same_words(typed: str) -> None:
    assert passphrases.normalize(typed) == "hest sol banan cykel gul hoppe"


@pytest.mark.parametrize("typed", ["", "hest sol banan", "a b c d e f g"])
def test_anything_but_six_words_is_not_a_passphrase(typed: str) -> None:
    assert passphrases.normalize(typed) is None


def test_the_key_is_of_all_six_words_and_the_pepper() -> None:
    a = passphrases.passphrase_key("hest sol banan cykel gul hoppe", PEPPER)
    assert re.fullmatch(r"[0-9a-f]{64}", a)
    # Three right words are no nearer than none (the old look-up was of three words).
    assert a != passphrases.passphrase_key("hest sol banan kage bold sky", PEPPER)
    assert a != passphrases.passphrase_key("hest sol banan cykel gul hoppa", PEPPER)
    assert a != passphrases.passphrase_key("hest sol banan cykel gul hoppe", PEPPER + "2")
    assert a != passphrases.passphrase_key("sol hest banan cykel gul hoppe", PEPPER)
    # Neither the old look-up nor what the slow hash is made of.
    assert a != passphrases.legacy_lookup_key("hest sol banan cykel gul hoppe", PEPPER)
    assert bytes.fromhex(a) != passphrases._peppered("hest sol banan cykel gul hoppe", PEPPER)


def test_the_old_lookup_uses_the_first_three_words_and_the_pepper() -> None:
    a = passphrases.legacy_lookup_key("hest sol banan cykel gul hoppe", PEPPER)
    assert a == passphrases.legacy_lookup_key("hest sol banan kage bold sky", PEPPER)
    assert a != passphrases.legacy_lookup_key("hest sol banan cykel gul hoppe", PEPPER + "2")


def test_verify_needs_the_words_and_the_pepper() -> None:
    stored = passphrases.hash_passphrase("hest sol banan cykel gul hoppe", PEPPER)
    assert stored.startswith("$argon2id$")
    assert "hest" not in stored
    assert passphrases.verify(stored, "hest sol banan cykel gul hoppe", PEPPER)
    assert not passphrases.verify(stored, "hest sol banan cykel gul hoppa", PEPPER)
    assert not passphrases.verify(stored, "hest sol banan cykel gul hoppe", "other pepper")
    assert not passphrases.verify(None, "hest sol banan cykel gul hoppe", PEPPER)
    assert not passphrases.verify("not a hash", "hest sol banan cykel gul hoppe", PEPPER)


@pytest.mark.parametrize(
    ("shown", "typed"),
    [
        # Arabic: tashkeel, tatweel, alef forms, ى/ي, ة/ه, hamza dropped, Persian yeh and kaf,
        # the Arabic comma, and direction marks copied with the words.
        ("أرنب إبريق آلة شجرة مستشفى ماء", "ارنب ابريق الة شجره مستشفي ما"),
        ("أرنب إبريق آلة شجرة مستشفى ماء", "أَرْنَب، إِبـــريق آلَة شَجَرَة مُسْتَشْفَى مَاءْ"),
        ("أرنب إبريق آلة شجرة مستشفى ماء", "\u200fأرنب \u200fإبريق ٱلة شجرة مستشفی ماء"),
        ("كتاب كرة كوب كلب كرسي كعك", "کتاب کرة کوب کلب کرسی کعك"),
        # Ukrainian: case, ґ typed as г, a Latin i or o typed among Cyrillic letters.
        ("ґанок сонце яблуко кіно пісня їжа", "Ганок  СОНЦЕ яблуко кiно пicня Їжа"),
        ("ґанок сонце яблуко кіно пісня їжа", "ґанок-сонце-яблуко-кіно-пісня-їжа"),
        # Danish and English as before: case, spaces, punctuation.
        ("hest sol banan cykel gul hoppe", "  Hest, SOL. banan\tcykel gul hoppe "),
        ("apple river cloud piano tiger lemon", "Apple River Cloud Piano Tiger Lemon"),
    ],
)
def test_words_typed_on_any_keyboard_open_the_conversation(shown: str, typed: str) -> None:
    stored = passphrases.hash_passphrase(passphrases.canonical(shown), PEPPER)
    key = passphrases.passphrase_key(passphrases.canonical(shown), PEPPER)
    phrase = passphrases.normalize(typed)
    assert phrase is not None
    assert passphrases.passphrase_key(phrase, PEPPER) == key
    assert passphrases.verify(stored, phrase, PEPPER)


@pytest.mark.parametrize("locale", passphrases.LOCALES)
def test_every_word_of_every_list_comes_back_whatever_the_case(locale: str) -> None:
    for word in passphrases.words(locale):
        assert passphrases.normalize(" ".join([word.upper()] * 6)) == passphrases.canonical(
            " ".join([word] * 6)
        )


def test_a_danish_passphrase_is_stored_exactly_as_before() -> None:
    # Words given before the lists came: their key and hash were made of the words as
    # typed, lowercase with single spaces, and must still be found and verified.
    old = "hest sol banan cykel gul hoppe"
    assert passphrases.canonical(old) == old
    for word in passphrases.words("da"):
        assert passphrases.fold(word) == word
    stored = passphrases.hash_passphrase(old, PEPPER)
    assert passphrases.verify(
        stored, passphrases.normalize("Hest SOL banan cykel gul hoppe") or "", PEPPER
    )


def test_different_words_stay_different() -> None:
    assert passphrases.normalize("كلب كلب كلب كلب كلب قلب") != passphrases.normalize(
        "كلب كلب كلب كلب كلب كلب"
    )
    assert passphrases.normalize("кіт кіт кіт кіт кіт кит") != passphrases.normalize(
        "кіт кіт кіт кіт кіт кіт"
    )
