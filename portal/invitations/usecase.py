""" "Ask the child": the adviser invites the child to give their view on one case, with a
one-time code; the child opens it without logging in; the adviser revokes it, or the child's
answer uses it up (portal/invited/usecase.py).

A code is for one case, works until the end of the day the view is needed by (Europe/
Copenhagen), once, unless revoked before. Every try is audited; every wrong try (a code that
is unknown, expired, revoked or used) gets the same answer, so a guesser learns nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.casework import drafts, rules
from portal.core.context import Context
from portal.core.text import N_, Message
from portal.inquiries.models import Inquiry, new_id
from portal.invitations import codes
from portal.invitations.models import QUESTION_SETS, Invitation
from portal.security import passphrases
from portal.security.crypto import FieldCipher
from portal.staff import audit
from portal.staff.models import StaffUser
from portal.working_days import TZ

# The adviser's reason, as the child reads it: short.
MAX_REASON = 300

WAITING = "waiting"
ANSWERED = "answered"
EXPIRED = "expired"
REVOKED = "revoked"
STATES = (WAITING, ANSWERED, EXPIRED, REVOKED)

# The one answer to every code that does not work now, whichever the reason.
WRONG_CODE = N_(
    "This code does not work. Check that you typed it right. If it still does not work, "
    "ask your adviser for a new code."
)
# The invitation stopped working while the child was answering: nothing typed is lost.
GONE = N_(
    "Your code does not work any more. What you wrote is still here. Ask your adviser for a "
    "new code, or write to us with Ask for help."
)
PAST_DATE = N_("The date must be today or later.")
# A code is a key to a child's case: it works for 60 days at most.
LONGEST = timedelta(days=60)
FAR_DATE = N_("The date can be at most 60 days from today. Ask again later if you need to.")
NO_REASON = N_("Write the reason the child will read.")
LONG_REASON = N_("Write a shorter reason: at most 300 characters.")
NO_SET = N_("Choose what you ask about.")


class InvitationError(ValueError):
    """The invitation cannot be made or used now; ``message`` (English, marked) says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Issued:
    """A new invitation and its code, shown once to the adviser and never stored."""

    invitation: Invitation
    code: str


@dataclass(frozen=True)
class Welcome:
    """What the child sees before answering: the adviser's first name, the reason, the date."""

    invitation_id: str
    question_set: str
    first_name: str
    reason: str
    needed_by: datetime


@dataclass(frozen=True)
class Listed:
    """An invitation as the case page lists it."""

    invitation: Invitation
    state: str
    reason: str


@dataclass(frozen=True)
class OnCase:
    """A case's invitations and the views given for it; for a view, what it was given for."""

    invitations: list[Listed]
    views: list[Inquiry]
    given_for: Listed | None


def end_of_day(day: date) -> datetime:
    """The last second of ``day`` in Copenhagen: when a code for that day stops working."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=TZ)


def first_name(name: str) -> str:
    """The first of the adviser's names: all the child is shown."""
    parts = name.split()
    return parts[0] if parts else ""


def state(invitation: Invitation, now: datetime) -> str:
    """Waiting, answered, revoked or expired (in that order: an answer stays an answer)."""
    if invitation.used_at is not None:
        return ANSWERED
    if invitation.revoked_at is not None:
        return REVOKED
    if now > invitation.expires_at:
        return EXPIRED
    return WAITING


def usable(invitation: Invitation, now: datetime) -> bool:
    """The code works now: waiting, on a case still open and not anonymised."""
    case = invitation.inquiry
    return (
        state(invitation, now) == WAITING and case.closed_at is None and case.anonymised_at is None
    )


def _staff(ctx: Context) -> StaffUser:
    if ctx.user is None:
        raise ValueError("an invitation is made or revoked by a member of staff")
    return ctx.user


def _reason_of(cipher: FieldCipher, invitation: Invitation) -> str:
    return cipher.decrypt(
        invitation.reason, table="invitation", column="reason", row_id=invitation.id
    )


def invite(
    ctx: Context, inquiry: Inquiry, *, question_set: str, reason: str, needed_by: date
) -> Issued:
    """The adviser asks the child for their view on this case: a new one-time code, shown
    once; only its keyed hash is kept. Audited."""
    user = _staff(ctx)
    rules.require(rules.INVITE, inquiry, user)
    reason = reason.strip()
    if question_set not in QUESTION_SETS:
        raise InvitationError(NO_SET)
    if not reason:
        raise InvitationError(NO_REASON)
    if len(reason) > MAX_REASON:
        raise InvitationError(LONG_REASON)
    today = ctx.now.astimezone(TZ).date()
    if needed_by < today:
        raise InvitationError(PAST_DATE)
    if needed_by > today + LONGEST:
        raise InvitationError(FAR_DATE)
    pepper = passphrases.pepper(ctx.settings)
    while True:  # a clash is one in a million billion; then another code
        code = codes.generate()
        key = codes.code_key(code, pepper)
        if ctx.session.scalar(select(Invitation.id).where(Invitation.code_key == key)) is None:
            break
    ends = end_of_day(needed_by)
    invitation = Invitation(
        id=new_id(),
        inquiry=inquiry,
        adviser=user,
        question_set=question_set,
        needed_by=ends,
        code_key=key,
        created_at=ctx.now,
        expires_at=ends,
    )
    invitation.reason = ctx.cipher.encrypt(
        reason, table="invitation", column="reason", row_id=invitation.id
    )
    ctx.session.add(invitation)
    audit.log(ctx, "invited", inquiry=inquiry, detail=question_set)
    drafts.discard(ctx.session, user.id, inquiry.id, "invite")  # what it held is sent
    return Issued(invitation, code)


def revoke(ctx: Context, invitation: Invitation) -> bool:
    """The code stops working now (audited); False if it had stopped already."""
    user = _staff(ctx)
    if not rules.role_allows(rules.INVITE, user):
        raise rules.CaseworkError(rules.NOT_YOUR_ROLE)
    if state(invitation, ctx.now) != WAITING:
        return False
    invitation.revoked_at = ctx.now
    audit.log(ctx, "invitation_revoked", inquiry=invitation.inquiry)
    return True


def open_code(ctx: Context, typed: str) -> Welcome | None:
    """A child typed a code (or opened its link): what they see if it works now, else None,
    the same for every reason. Audited either way, as the portal (no staff user)."""
    portal = ctx.acting(None)
    normalized = codes.normalize(typed)
    invitation = None
    if normalized is not None:
        key = codes.code_key(normalized, passphrases.pepper(ctx.settings))
        invitation = ctx.session.scalars(
            select(Invitation).where(Invitation.code_key == key)
        ).one_or_none()
    if invitation is None or not usable(invitation, ctx.now):
        audit.log(
            portal,
            "invitation_refused",
            inquiry=invitation.inquiry if invitation else None,
            detail=_why_refused(invitation, ctx.now),
        )
        return None
    audit.log(portal, "invitation_opened", inquiry=invitation.inquiry)
    return _welcome(ctx, invitation)


def _why_refused(invitation: Invitation | None, now: datetime) -> str:
    """The audit log's detail for a refused code (fixed words, labelled in staff/audit.py)."""
    if invitation is None:
        return "unknown code"
    found = state(invitation, now)
    return "case closed" if found == WAITING else f"{found} code"


def _welcome(ctx: Context, invitation: Invitation) -> Welcome:
    return Welcome(
        invitation_id=invitation.id,
        question_set=invitation.question_set,
        first_name=first_name(invitation.adviser.name),
        reason=_reason_of(ctx.cipher, invitation),
        needed_by=invitation.needed_by,
    )


def welcome(ctx: Context, invitation_id: str | None) -> Welcome | None:
    """What the child sees of the invitation kept in their visit, while it works."""
    invitation = ctx.session.get(Invitation, invitation_id) if invitation_id else None
    if invitation is None or not usable(invitation, ctx.now):
        return None
    return _welcome(ctx, invitation)


def use(ctx: Context, invitation_id: str | None, view: Inquiry) -> Invitation:
    """Mark the invitation used by ``view`` (the child's answer), in the answer's unit of
    work; raises ``InvitationError(GONE)`` if it stopped working meanwhile (revoked, expired,
    used by a second press of Send on another phone): nothing is written then."""
    invitation = ctx.session.get(Invitation, invitation_id) if invitation_id else None
    if invitation is None or not usable(invitation, ctx.now):
        raise InvitationError(GONE)
    ctx.session.flush()  # the view's row first: the invitation points at it
    done = ctx.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(used_at=ctx.now, view_id=view.id)
        .execution_options(synchronize_session="fetch")
    )
    if getattr(done, "rowcount", 0) != 1:
        raise InvitationError(GONE)
    return invitation


def of_id(s: Session, invitation_id: str) -> Invitation | None:
    return s.get(Invitation, invitation_id)


def on_case(s: Session, cipher: FieldCipher, inquiry: Inquiry, now: datetime) -> OnCase:
    """A case's invitations (newest first) and the children's views given for it; for a
    child's view, the invitation it answered."""
    found = s.scalars(
        select(Invitation)
        .where(Invitation.inquiry_id == inquiry.id)
        .order_by(Invitation.created_at.desc())
    ).all()

    def listed(i: Invitation) -> Listed:
        return Listed(i, state(i, now), "" if inquiry.anonymised_at else _reason_of(cipher, i))

    views = s.scalars(
        select(Inquiry).where(Inquiry.case_id == inquiry.id).order_by(Inquiry.received_at)
    ).all()
    given_for = None
    if inquiry.case_id is not None:
        answered = s.scalars(select(Invitation).where(Invitation.view_id == inquiry.id)).first()
        if answered is not None:
            given_for = Listed(answered, ANSWERED, _reason_of(cipher, answered))
    return OnCase([listed(i) for i in found], list(views), given_for)


def follows_on(ctx: Context, earlier_id: object, invitation_id: str) -> bool:
    """Whether ``invitation_id`` is a new code for the same case and the same questions as
    the invitation the child was answering (``earlier_id``, from their draft): what they
    typed goes on with it."""
    if not isinstance(earlier_id, str) or earlier_id == invitation_id:
        return earlier_id == invitation_id
    earlier = ctx.session.get(Invitation, earlier_id)
    later = ctx.session.get(Invitation, invitation_id)
    return (
        earlier is not None
        and later is not None
        and earlier.inquiry_id == later.inquiry_id
        and earlier.question_set == later.question_set
    )
