"""Creating, changing and disabling staff accounts; recovery codes.

The changes an administrator (``ctx.user``) or the operator at the server (no user) makes
are audited here, in the caller's unit of work; ``create`` alone is not (the demo and the
tests make accounts with it), ``open_account`` is."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.districts import District
from portal.inquiries.models import new_id
from portal.push import subscriptions
from portal.push.models import StaffPushSubscription
from portal.staff import audit, passwords, totp
from portal.staff.models import ROLES, RecoveryCode, StaffDistrict, StaffSession, StaffUser

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
# What the audit log says of a change made by the operator (its entry has no user: the
# portal's own).
BY_OPERATOR = ", by the operator"


def _by(ctx: Context) -> str:
    return "" if ctx.user is not None else BY_OPERATOR


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
    ctx: Context,
    *,
    email: str,
    name: str,
    role: str,
    districts: list[str],
    enrolled: bool = False,
) -> tuple[StaffUser, str]:
    """A new account and its initial password (to be changed at first login), made by an
    administrator ``ctx.user`` or by the operator (None; see ``roles_offered``). Not audited
    (``open_account`` is).

    ``enrolled`` means the operator hands over the TOTP secret (the CLI prints it); otherwise
    the person enrols by QR code at first login.
    """
    s, now, by = ctx.session, ctx.now, ctx.user
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
    totp.seal(ctx.cipher, user, totp.new_secret())
    user.districts = [StaffDistrict(district_slug=slug) for slug in districts]
    s.add(user)
    return user, password


def open_account(
    ctx: Context,
    *,
    email: str,
    name: str,
    role: str,
    districts: list[str],
    enrolled: bool = False,
) -> tuple[StaffUser, str]:
    """``create``, audited."""
    user, password = create(
        ctx, email=email, name=name, role=role, districts=districts, enrolled=enrolled
    )
    audit.log(ctx, "account_created", detail=f"{user.email} as {user.role}{_by(ctx)}")
    return user, password


def change(ctx: Context, user: StaffUser, *, name: str, role: str, districts: list[str]) -> str:
    """Change the name, role and districts, as ``ctx.user`` may (``check_role``; none: the
    operator). Returns what changed, before and after, as the audit log says it ('' if only
    the name did). The operator's change is audited when something changed; an
    administrator's always, as a role change or else an account change."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    check_role(ctx.user, user, role)
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
    changed = f"{user.email}: {'; '.join(changes)}" if changes else ""
    if ctx.user is None:
        if changed:
            audit.log(ctx, "role_changed", detail=f"{changed}{BY_OPERATOR}")
    elif before_role != role:
        audit.log(ctx, "role_changed", detail=changed)
    else:
        audit.log(ctx, "account_changed", detail=changed or user.email)
    return changed


def end_all(s: Session, user: StaffUser, now: datetime) -> None:
    """End every session of a user (account disabled, password changed, reset)."""
    s.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )


def set_active(ctx: Context, user: StaffUser, active: bool) -> None:
    """Disable (ending every session at once) or enable an account; audited."""
    user.active = active
    if not active:
        end_all(ctx.session, user, ctx.now)
    action = "account_changed" if active else "account_disabled"
    audit.log(ctx, action, detail=f"{user.email}{_by(ctx)}")


def reset(ctx: Context, user: StaffUser) -> str:
    """A new initial password and a new authenticator enrolment; all sessions end; audited.

    Whoever resets gets the first password: for a leader's or an administrator's account
    that would hand its role to them, so only the operator (no ``ctx.user``) resets those."""
    s, now = ctx.session, ctx.now
    if ctx.user is not None and user.role in OPERATOR_ROLES:
        raise RoleRefusedError("operator resets")
    password = passwords.initial_password()
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = True
    totp.seal(ctx.cipher, user, totp.new_secret())
    user.totp_confirmed_at = None
    user.totp_last_step = None
    for code in s.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        s.delete(code)
    end_all(s, user, now)
    audit.log(ctx, "account_reset", detail=f"{user.email}{_by(ctx)}")
    return password


def change_password(s: Session, user: StaffUser, password: str, now: datetime) -> None:
    """Set a chosen password; other sessions end (the caller starts a fresh one)."""
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = False
    end_all(s, user, now)


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


def renew_recovery_codes(ctx: Context) -> list[str]:
    """``ctx.user`` asked for new recovery codes; audited."""
    if ctx.user is None:
        raise ValueError("a member of staff renews their own codes")
    codes = new_recovery_codes(ctx.session, ctx.user)
    audit.log(ctx, "account_changed", detail="new recovery codes")
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


# -- safety alerts on a browser: a member of staff turns web push on or off for themself --


def _own(ctx: Context) -> StaffUser:
    if ctx.user is None:
        raise ValueError("a member of staff turns their own alerts on or off")
    return ctx.user


def alerts_on(ctx: Context, subscription: Any) -> StaffPushSubscription:
    """Store this browser's push subscription (``SubscriptionError`` if it is not one):
    safety alerts reach it from now on."""
    found = subscriptions.subscribe_staff(ctx, _own(ctx), subscription)
    audit.log(ctx, "alerts_on")
    return found


def alerts_off(ctx: Context, subscription_id: str) -> bool:
    """Stop alerts on one of the user's own browsers; whether one was removed."""
    removed = subscriptions.remove_staff(ctx.session, _own(ctx), subscription_id)
    if removed:
        audit.log(ctx, "alerts_off")
    return removed
