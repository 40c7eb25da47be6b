"""One-time codes a person keeps to act later without an account, such as withdrawing a
consent (portal/apply). A code is 16 characters from the reference alphabet (no 0/O, 1/I/L,
U), about 78 random bits, shown once and kept only as a keyed hash made with the secret
pepper, so a copy of the database alone finds nothing. So many bits need no slow hash:
guessing one is hopeless, and the look-up is one indexed query whatever is typed."""

from __future__ import annotations

import re
import secrets

from portal.security import passphrases

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
# What the pepper is turned into the key with (a key of its own, never the pepper).
KEY_LABEL = b"indgang one-time code key v1"
_SEPARATORS = re.compile(r"[\s\-.]+")


def generate() -> str:
    """A new code, like 'K7QM-4XRT-9HCW-PZ3D'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalize(typed: str) -> str | None:
    """The code as typed, tidied (case, spaces, hyphens); None if it cannot be a code."""
    raw = _SEPARATORS.sub("", typed.upper())
    if len(raw) != LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def code_key(code: str, pepper: str) -> str:
    """The keyed hash of a normalized code, to store and look up."""
    return passphrases.keyed_hash(KEY_LABEL, code, pepper)
