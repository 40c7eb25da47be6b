"""Staff passwords: argon2id, at least 12 characters, the commonest ones refused (ASVS V6)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from portal.core.text import N_, Message

MIN_LENGTH = 12
MAX_LENGTH = 128
# argon2id at OWASP's recommended cost for interactive logins (46 MiB, 1 pass).
HASHER = PasswordHasher(time_cost=1, memory_cost=46 * 1024, parallelism=1)
# A hash of a password nobody has, checked when the e-mail is unknown: same time either way.
_DUMMY = HASHER.hash(secrets.token_urlsafe(16))


@cache
def _common() -> frozenset[str]:
    """The 30,000 commonest passwords (zxcvbn's list from leaked password sets)."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def problem(password: str, *, context: list[str]) -> tuple[Message, dict[str, int]] | None:
    """Why ``password`` is refused (the message and the values it names, to translate with),
    or None. ``context`` holds words tied to the account."""
    if len(password) < MIN_LENGTH:
        return N_("Use at least %(n)s characters."), {"n": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return N_("Use at most %(n)s characters."), {"n": MAX_LENGTH}
    if password.lower() in _common():
        return N_("This is one of the most common passwords. Choose another."), {}
    if zxcvbn(password[:64], user_inputs=[c for c in context if c])["score"] < 3:
        return N_(
            "This password is too easy to guess. Use several unrelated words, "
            "not your name or e-mail."
        ), {}
    return None


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; an unknown account (None) takes the same time."""
    try:
        return HASHER.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def initial_password() -> str:
    """A random first password (to be changed at first login): 4 groups of 5 letters."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    groups = ("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))
    return "-".join(groups)
