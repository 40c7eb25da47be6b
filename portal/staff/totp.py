"""TOTP (RFC 6238) for staff: enrolment by QR code, each code accepted once only."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import TYPE_CHECKING

import pyotp
import segno
from sqlalchemy import or_, update

from portal.core.context import Context
from portal.staff.models import StaffUser

if TYPE_CHECKING:
    from portal.security.crypto import FieldCipher

STEP_SECONDS = 30
# One step either side, for a phone whose clock is a little off.
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def seal(cipher: FieldCipher, user: StaffUser, secret: str) -> None:
    """Store ``secret`` on the user, encrypted."""
    user.totp_secret = cipher.encrypt(
        secret, table="staff_user", column="totp_secret", row_id=user.id
    )


def secret_of(cipher: FieldCipher, user: StaffUser) -> str:
    """The user's TOTP secret in the clear."""
    return cipher.decrypt(
        user.totp_secret, table="staff_user", column="totp_secret", row_id=user.id
    )


def provisioning_uri(cipher: FieldCipher, user: StaffUser, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads."""
    return pyotp.TOTP(secret_of(cipher, user)).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str, title: str) -> str:
    """The URI as an inline SVG QR code, drawn on the server (no script, no image request)."""
    svg: str = segno.make(uri, error="m").svg_inline(
        scale=5, border=4, title=title, dark="#000", light="#fff", svgclass="qr-code"
    )
    return svg


def code_at(secret: str, step: int) -> str:
    """The code for a time step (tests and the demo use it)."""
    return pyotp.TOTP(secret).at(step * STEP_SECONDS)


def step_of(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(cipher: FieldCipher, user: StaffUser, code: str, now: datetime) -> int | None:
    """The time step ``code`` belongs to, if valid and newer than the last one used."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    secret = secret_of(cipher, user)
    current = step_of(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def use_code(ctx: Context, user: StaffUser, code: str) -> bool:
    """Accept ``code`` once: a conditional update wins only for the first request using it."""
    s, now = ctx.session, ctx.now
    step = matching_step(ctx.cipher, user, code, now)
    if step is None:
        return False
    result = s.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    user.totp_last_step = step
    return True
