"""The demo staff accounts: known logins, every role (README: Trying the staff workspace)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from portal import current
from portal.staff import accounts, passwords, totp
from portal.staff.models import StaffUser

# Every demo account has this password, and a fixed authenticator secret (README).
DEMO_PASSWORD = "demo-indgang-kommune-2026"  # noqa: S105 - a demo login, documented

# (e-mail, name, role, districts, TOTP secret in base32)
DEMO_ACCOUNTS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("leder@demo.indgang.dk", "Birgitte Holm", "leader", (), "2VPX3HJHCAJKJ6RMYHAGESDZEKT4MNHJ"),
    (
        "modtagelsen@demo.indgang.dk",
        "Jonas Kjær",
        "reception",
        ("nord", "midt", "syd"),
        "75YMHZNLTTETRNLNJ3WGBQONPPWAGSCB",
    ),
    (
        "raadgiver.nord@demo.indgang.dk",
        "Sara Lindberg",
        "adviser",
        ("nord",),
        "3HJX4CFVGBHBTF67T7OXFJDX7DLB5P6Q",
    ),
    (
        "raadgiver.syd@demo.indgang.dk",
        "Mikkel Thomsen",
        "adviser",
        ("syd",),
        "3PZ77FJVG3D3R7B6XRSCYO7LIMDHVH6E",
    ),
    ("admin@demo.indgang.dk", "Ulla Dam", "admin", (), "QUKH2S7TI6STVPRNEJKSX5QWY6MOXEPT"),
)


def ensure(s: Session, now: datetime) -> tuple[dict[str, StaffUser], int]:
    """Add the demo accounts that are missing. The accounts by role (advisers by the
    e-mail's local part), and how many were created."""
    users: dict[str, StaffUser] = {}
    created = 0
    for email, name, role, districts, secret in DEMO_ACCOUNTS:
        user = accounts.find_by_email(s, email)
        if user is None:
            user = _create(s, email, name, role, list(districts), secret, now)
            created += 1
        users[role if role != "adviser" else email.split("@")[0]] = user
    s.flush()
    return users, created


def _create(
    s: Session,
    email: str,
    name: str,
    role: str,
    districts: list[str],
    secret: str,
    now: datetime,
) -> StaffUser:
    ctx = replace(current.context(), session=s, now=now, user=None)
    user, _first_password = accounts.create(
        ctx, email=email, name=name, role=role, districts=districts, enrolled=True
    )
    user.demo = True
    user.must_change_password = False
    user.password_hash = passwords.hash_password(DEMO_PASSWORD)
    totp.seal(ctx.cipher, user, secret)
    return user
