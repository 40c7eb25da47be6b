"""The invitation code a child types: 10 characters from Crockford's base32 alphabet (no
I, L, O or U), 50 random bits, read aloud and typed in three groups (``K7MQ-3XRD-9P``).
Typing is forgiving: lower case, spaces and dashes are fine, O is read as 0 and I or L as 1.

Only the keyed hash is stored (``portal.security.passphrases.keyed_hash``, the one keyed hash
for codes and passphrases, under a label of its own): a copy of the database alone finds
nothing, and the look-up is one indexed query whatever is typed."""

from __future__ import annotations

import math
import re
import secrets

from portal.security import passphrases

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
GROUPS = (4, 4, 2)
BITS = LENGTH * math.log2(len(ALPHABET))
# What the pepper is turned into the key with (a key of its own, never the pepper).
KEY_LABEL = b"indgang invitation code key v1"
_SEPARATORS = re.compile(r"[\s\-_.\u2010-\u2015]+")  # a phone may make - a dash
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _grouped(raw: str) -> str:
    parts, at = [], 0
    for size in GROUPS:
        parts.append(raw[at : at + size])
        at += size
    return "-".join(parts)


def generate() -> str:
    """A new code, like 'K7MQ-3XRD-9P'."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalize(typed: str) -> str | None:
    """The code as typed, tidied (case, spaces, dashes, O for 0, I or L for 1); None if it
    cannot be a code."""
    raw = _SEPARATORS.sub("", typed.upper()).translate(_LOOK_ALIKES)
    if len(raw) != LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return _grouped(raw)


def code_key(code: str, pepper: str) -> str:
    """The keyed hash of a normalized code, to store and look up."""
    return passphrases.keyed_hash(KEY_LABEL, code, pepper)
