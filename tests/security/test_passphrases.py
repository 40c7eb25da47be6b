"""Passphrases: enough entropy, forgiving of how a child types, hashed with a pepper."""

from __future__ import annotations

import re

import pytest

from portal.security import passphrases

PEPPER = "pepper-" + "x" * 32


def test_the_word_list_is_2048_simple_words() -> None:
    words = passphrases.words()
    assert len(words) == len(set(words)) == 2048
    assert all(re.fullmatch(r"[a-z]{3,8}", w) for w in words)


def test_a_passphrase_has_at_least_64_bits() -> None:
    assert passphrases.bits() >= 64
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
