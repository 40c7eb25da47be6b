"""Creating, changing and disabling staff accounts; recovery codes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.districts import District
from portal.inquiries.models import new_id
from portal.staff import passwords, sessions, totp
from portal.staff.models import ROLES, RecoveryCode, StaffDistrict, StaffUser

RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
# Recovery codes carry 75 random bits; a lighter argon2id is enough and keeps checking
# ten of them quick.
_RECOVERY_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


# Roles only the operator gives, at the server (flask staff role): given in the admin pages,
# one administrator could make themselves, or a second account of their own, a leader.
OPERATOR_ROLES = ("leader", "admin")
# Roles that see the cases of their districts, so need at least one.
DISTRICT_ROLES = ("reception", "adviser")


class AccountError(ValueError):
    """The account cannot be made or changed as asked; the message says why."""


class RoleRefusedError(AccountError):
    """A member of staff may not give this role (or reset this account). ``why`` is the
    reason for the audit log: 'own role', 'operator only' or 'operator resets'."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def roles_offered(by: StaffUser | None, user: StaffUser | None) -> tuple[str, ...]:
    """The roles ``by`` may give ``user`` (None: a new account). ``by`` None is the operator
    at the server, who may give any. Nobody changes their own role; in the admin pages a
    leader or an administrator keeps that role or becomes reception or an adviser."""
    if by is None:
        return ROLES
    if user is not None and user.id == by.id:
        return (user.role,)
    current = user.role if user is not None else None
    return tuple(r for r in ROLES if r not in OPERATOR_ROLES or r == current)


def check_role(by: StaffUser | None, user: StaffUser | None, role: str) -> None:
    """Raise RoleRefusedError unless ``by`` may give ``user`` the role."""
    if role in roles_offered(by, user):
        return
    if by is not None and user is not None and user.id == by.id:
        raise RoleRefusedError("own role")
    raise RoleRefusedError("operator only")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(s: Session, email: str) -> StaffUser | None:
    return s.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))


def resolve_districts(s: Session, names: Iterable[str]) -> list[str]:
    """District slugs from slugs or names as an operator types them."""
    districts = list(s.scalars(select(District).where(District.active.is_(True))))
    found = []
    for name in names:
        wanted = name.strip().lower()
        match = next((d for d in districts if wanted in (d.slug.lower(), d.name.lower())), None)
        if match is None:
            known = ", ".join(d.name for d in districts) or "none (run 'profile load')"
            raise AccountError(f"No district called {name!r}. Known districts: {known}.")
        found.append(match.slug)
    return sorted(set(found))


def create(
    s: Session,
    *,
    email: str,
    name: str,
    role: str,
    districts: list[str],
    now: datetime,
    enrolled: bool = False,
    by: StaffUser | None = None,
) -> tuple[StaffUser, str]:
    """A new account and its initial password (to be changed at first login), made by an
    administrator ``by`` or by the operator (None; see ``roles_offered``).

    ``enrolled`` means the operator hands over the TOTP secret (the CLI prints it); otherwise
    the person enrols by QR code at first login.
    """
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an e-mail address.")
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    check_role(by, None, role)
    if role in DISTRICT_ROLES and not districts:
        raise AccountError("Reception staff and advisers need at least one district.")
    if s.scalar(select(func.count()).where(StaffUser.email == email)):
        raise AccountError(f"There is already an account for {email}.")
    password = passwords.initial_password()
    user = StaffUser(
        id=new_id(),
        email=email,
        name=name.strip() or email.split("@")[0],
        role=role,
        active=True,
        password_hash=passwords.hash_password(password),
        must_change_password=True,
        created_at=now,
        totp_confirmed_at=now if enrolled else None,
        demo=False,
    )
    totp.seal(user, totp.new_secret())
    user.districts = [StaffDistrict(district_slug=slug) for slug in districts]
    s.add(user)
    return user, password


def change(
    s: Session,
    user: StaffUser,
    *,
    by: StaffUser | None,
    name: str,
    role: str,
    districts: list[str],
) -> str:
    """Change the name, role and districts, as ``by`` may (``check_role``). Returns what
    changed, before and after, for the audit log ('' if only the name did)."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    check_role(by, user, role)
    wanted = sorted(set(districts))
    if role in DISTRICT_ROLES and not wanted:
        raise AccountError("Reception staff and advisers need at least one district.")
    before_role, before = user.role, sorted(user.district_slugs)
    user.name = name.strip() or user.name
    user.role = role
    for row in [d for d in user.districts if d.district_slug not in wanted]:
        user.districts.remove(row)
    user.districts.extend(
        StaffDistrict(district_slug=slug) for slug in wanted if slug not in before
    )
    changes = []
    if before_role != role:
        changes.append(f"role {before_role} -> {role}")
    if before != wanted:
        changes.append(f"districts {', '.join(before) or '-'} -> {', '.join(wanted) or '-'}")
    return f"{user.email}: {'; '.join(changes)}" if changes else ""


def set_active(s: Session, user: StaffUser, active: bool, now: datetime) -> None:
    """Disable (ending every session at once) or enable an account."""
    user.active = active
    if not active:
        sessions.end_all(s, user, now)


def reset(s: Session, user: StaffUser, now: datetime, *, by: StaffUser | None = None) -> str:
    """A new initial password and a new authenticator enrolment; all sessions end.

    Whoever resets gets the first password: for a leader's or an administrator's account
    that would hand its role to them, so only the operator (``by`` None) resets those."""
    if by is not None and user.role in OPERATOR_ROLES:
        raise RoleRefusedError("operator resets")
    password = passwords.initial_password()
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = True
    totp.seal(user, totp.new_secret())
    user.totp_confirmed_at = None
    user.totp_last_step = None
    for code in s.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        s.delete(code)
    sessions.end_all(s, user, now)
    return password


def change_password(s: Session, user: StaffUser, password: str, now: datetime) -> None:
    """Set a chosen password; other sessions end (the caller starts a fresh one)."""
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = False
    sessions.end_all(s, user, now)


def new_recovery_codes(s: Session, user: StaffUser) -> list[str]:
    """Replace the user's recovery codes; returns them once, in the clear."""
    for old in s.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        s.delete(old)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(15))
        code = f"{raw[:5]}-{raw[5:10]}-{raw[10:]}"
        s.add(RecoveryCode(user_id=user.id, code_hash=_RECOVERY_HASHER.hash(code)))
        codes.append(code)
    return codes


def use_recovery_code(s: Session, user: StaffUser, code: str, now: datetime) -> int | None:
    """Spend a recovery code; returns how many are left, or None if it was not valid."""
    code = "-".join(part for part in code.strip().lower().replace(" ", "-").split("-") if part)
    unused = list(
        s.scalars(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        )
    )
    for row in unused:
        try:
            _RECOVERY_HASHER.verify(row.code_hash, code)
        except (VerificationError, InvalidHashError):
            continue
        # Conditional: of two requests racing with the same code, one wins.
        spent = s.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return len(unused) - 1
    return None
