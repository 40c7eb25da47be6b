"""Passphrases for coming back to a conversation without an account (the SecureDrop idea).

A passphrase is six different words drawn at random from the word list of the language
the person uses when it is made (Danish, English, Arabic or Ukrainian; at least 2,100
words each: six different ones are at least 66 bits). The database keeps two things, both
made with the secret pepper, so a copy of the database alone is no help to an attacker:

- a *key*: an HMAC of all six words, with a key derived from the pepper. It finds the
  conversation in one indexed look-up, and only the whole passphrase finds anything:
  three right words are no nearer than none;
- a *hash*: argon2id of the whole passphrase with the pepper, checked slowly.

Both are made of the words as ``normalize`` tidies them (``fold``: case, spaces,
punctuation, and the forms an Arabic or Ukrainian keyboard may type a letter in), so the
words open the conversation whatever the language of the page they are typed on. A Danish
passphrase is unchanged by it, so words given before still work.

Every try runs exactly one argon2 check (on a dummy hash when nothing was found), so a
wrong passphrase takes the same time whatever it is. Conversations from before migration
0009 have, instead of the key, the old look-up of their first three words
(``legacy_lookup_key``) until they are next opened.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

LOCALES = ("da", "en", "ar", "uk")
DEFAULT_LOCALE = "da"
WORD_COUNT = 6
MIN_WORDS = 2100  # six different words of 2,048 would be 65.98 bits
LEGACY_LOOKUP_WORDS = 3
# What the pepper is turned into the look-up key with (a key of its own, not the pepper).
KEY_LABEL = b"indgang passphrase key v1"
# OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): slow for a guesser, quick enough
# for a phone's request.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# The letters a word of each list is written with. Arabic: no ؤ or ئ (which seat a hamza
# sits on is spelt differently by different writers), ء only at the end.
SCRIPTS = {
    "da": re.compile(r"[a-zæøå]+"),
    "en": re.compile(r"[a-z]+"),
    "ar": re.compile(r"[آأإابةتثجحخدذرزسشصضطظعغفقكلمنهوىي]+ء?"),
    "uk": re.compile(r"[абвгґдеєжзиіїйклмнопрстуфхцчшщьюя]+"),
}
# How what is typed is folded before it is compared (and hashed): Arabic without tashkeel
# or tatweel, one alef, ي for ى and ة as ه, hamza seats as their letter and a lone hamza
# dropped, Persian/Urdu keyboards' yeh and kaf; Ukrainian ґ as г, and Latin letters that
# look Cyrillic typed among Cyrillic ones (a keyboard without і).
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ء": "",
        "ک": "ك",
        "ڪ": "ك",
    }
)
_UKRAINIAN_LETTERS = str.maketrans({"ґ": "г"})
_LOOKALIKES = str.maketrans("aceiopxy", "\u0430\u0441\u0435\u0456\u043e\u0440\u0445\u0443")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")


def words_file(locale: str) -> Path:
    """Where the word list of ``locale`` is kept."""
    return Path(__file__).with_name(f"passphrase_words_{locale}.txt")


def words(locale: str = DEFAULT_LOCALE) -> tuple[str, ...]:
    """The word list of ``locale`` (any other locale: Danish), as it is shown."""
    return _words(locale if locale in LOCALES else DEFAULT_LOCALE)


@cache
def _words(locale: str) -> tuple[str, ...]:
    found = tuple(words_file(locale).read_text(encoding="utf-8").split())
    if len(found) < MIN_WORDS or len({fold(w) for w in found}) != len(found):
        raise RuntimeError(f"{words_file(locale)} must hold {MIN_WORDS:,} different words")
    return found


def fold(text: str) -> str:
    """``text`` as it is compared: lowercase, and each letter in one form (see above)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return _WORD.sub(_fold_word, text.translate(_UKRAINIAN_LETTERS))


def _fold_word(word: re.Match[str]) -> str:
    found = word.group()
    return found.translate(_LOOKALIKES) if _CYRILLIC.search(found) else found


def fits(word: str, locale: str) -> bool:
    """Whether ``word`` is written only with the letters of ``locale``'s list."""
    return SCRIPTS[locale].fullmatch(word) is not None


def pepper(settings: Mapping[str, Any]) -> str:
    """The app's secret pepper (the setting PASSPHRASE_PEPPER)."""
    found: str = settings["PASSPHRASE_PEPPER"]
    return found


def bits() -> float:
    """Entropy of a passphrase in bits, from the shortest list (six different words)."""
    shortest = min(len(words(locale)) for locale in LOCALES)
    return sum(math.log2(shortest - i) for i in range(WORD_COUNT))


def generate(locale: str = DEFAULT_LOCALE) -> str:
    """A new passphrase: six different random words of ``locale``'s list, with spaces."""
    return " ".join(draw(words(locale)))


def draw(pool: Sequence[str], count: int = WORD_COUNT) -> list[str]:
    """``count`` different entries of ``pool`` at random (never one twice)."""
    return secrets.SystemRandom().sample(pool, count)


def normalize(typed: str) -> str | None:
    """The passphrase as typed, tidied (case, spaces, punctuation, letter forms: ``fold``);
    None if not six words."""
    parts = _WORD.findall(fold(typed))
    return " ".join(parts) if len(parts) == WORD_COUNT else None


def canonical(passphrase: str) -> str:
    """A passphrase as it is hashed and stored: the words as ``normalize`` makes them."""
    found = normalize(passphrase)
    if found is None:
        raise ValueError("a passphrase is six words")
    return found


def locale_of(passphrase: str, preferred: str = DEFAULT_LOCALE) -> str:
    """The language of the list the words are from (``preferred`` if it has them all)."""
    typed = set((normalize(passphrase) or "").split())
    for locale in (preferred, *LOCALES):
        if locale in LOCALES and typed <= _folded(locale):
            return locale
    return DEFAULT_LOCALE


@cache
def _folded(locale: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words(locale))


def keyed_hash(label: bytes, value: str, pepper: str) -> str:
    """The keyed hash of a secret to store and look up: its key is derived from the pepper
    under ``label`` (one per kind of secret), so it is never the input of the slow hash."""
    key = hmac.new(pepper.encode(), label, hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def passphrase_key(passphrase: str, pepper: str) -> str:
    """The keyed hash of a whole normalized passphrase, to store and look up."""
    return keyed_hash(KEY_LABEL, passphrase, pepper)


def legacy_lookup_key(passphrase: str, pepper: str) -> str:
    """The look-up stored before migration 0009: the keyed hash of the first three words.
    Only to find conversations (and replaced words) from before; never stored any more."""
    head = " ".join(passphrase.split()[:LEGACY_LOOKUP_WORDS])
    return hmac.new(pepper.encode(), head.encode(), hashlib.sha256).hexdigest()


def hash_passphrase(passphrase: str, pepper: str) -> str:
    """The slow hash to store."""
    return HASHER.hash(_peppered(passphrase, pepper))


def verify(stored_hash: str | None, passphrase: str, pepper: str) -> bool:
    """Whether ``passphrase`` matches; with no stored hash, spend the same time and say no."""
    try:
        return HASHER.verify(stored_hash or _dummy_hash(), _peppered(passphrase, pepper)) and (
            stored_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def _peppered(passphrase: str, pepper: str) -> bytes:
    return hmac.new(pepper.encode(), passphrase.encode(), hashlib.sha256).digest()


@cache
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_bytes(16))
