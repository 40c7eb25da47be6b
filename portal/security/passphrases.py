"""Passphrases for coming back to a conversation without an account (the SecureDrop idea).

A passphrase is six words drawn at random from 2,048 Danish words a child can spell
(66 bits). The database keeps two things, both made with the secret pepper, so a copy of
the database alone is no help to an attacker:

- a *key*: an HMAC of all six words, with a key derived from the pepper. It finds the
  conversation in one indexed look-up, and only the whole passphrase finds anything:
  three right words are no nearer than none;
- a *hash*: argon2id of the whole passphrase with the pepper, checked slowly.

Every try runs exactly one argon2 check (on a dummy hash when nothing was found), so a
wrong passphrase takes the same time whatever it is. Conversations from before migration
0009 have, instead of the key, the old look-up of their first three words
(``legacy_lookup_key``) until they are next opened.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

WORDS_FILE = Path(__file__).with_name("passphrase_words_da.txt")
WORD_COUNT = 6
LEGACY_LOOKUP_WORDS = 3
# What the pepper is turned into the look-up key with (a key of its own, not the pepper).
KEY_LABEL = b"indgang passphrase key v1"
# OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): slow for a guesser, quick enough
# for a phone's request.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_SEPARATORS = re.compile(r"[^a-zæøå]+")


@cache
def words() -> tuple[str, ...]:
    """The word list (2,048 lowercase words)."""
    found = tuple(WORDS_FILE.read_text(encoding="utf-8").split())
    if len(found) != 2048 or len(set(found)) != 2048:
        raise RuntimeError(f"{WORDS_FILE} must hold 2,048 different words")
    return found


def pepper(settings: Mapping[str, Any]) -> str:
    """The app's secret pepper (the setting PASSPHRASE_PEPPER)."""
    found: str = settings["PASSPHRASE_PEPPER"]
    return found


def bits() -> float:
    """Entropy of a passphrase in bits."""
    return float(WORD_COUNT * (len(words()) - 1).bit_length())


def generate() -> str:
    """A new passphrase: six random words separated by spaces."""
    return " ".join(secrets.choice(words()) for _ in range(WORD_COUNT))


def normalize(typed: str) -> str | None:
    """The passphrase as typed, tidied (case, spaces, hyphens, dots); None if not six words."""
    parts = [p for p in _SEPARATORS.split(typed.lower()) if p]
    return " ".join(parts) if len(parts) == WORD_COUNT else None


def passphrase_key(passphrase: str, pepper: str) -> str:
    """The keyed hash of a whole normalized passphrase, to store and look up. Its key is
    derived from the pepper, so it is never the input of the slow hash (``_peppered``)."""
    key = hmac.new(pepper.encode(), KEY_LABEL, hashlib.sha256).digest()
    return hmac.new(key, passphrase.encode(), hashlib.sha256).hexdigest()


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
