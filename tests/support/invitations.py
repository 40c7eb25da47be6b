"""An adviser's invitation to a child, made through the use case, for tests of both sides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import Flask

from portal import clock, db
from portal.inquiries.models import Inquiry
from portal.invitations import usecase as invitations
from portal.staff.models import StaffUser
from tests.support.cases import new_inquiry
from tests.support.staff import Account, acting, make_staff

REASON = "Vi skal finde ud af, hvor du skal bo efter sommerferien. Hvad er vigtigt for dig?"


@dataclass(frozen=True)
class Invited:
    case_id: str
    adviser: Account
    invitation_id: str
    code: str


def invite(
    app: Flask,
    *,
    question_set: str = "before_decision",
    reason: str = REASON,
    needed_by: date | None = None,
    adviser_name: str = "Lise Marie Hansen",
    adviser: Account | None = None,
    case_id: str | None = None,
    kind: str = "application",
    now: datetime | None = None,
) -> Invited:
    """A case (an application unless told) and the adviser's invitation on it."""
    adviser = adviser or make_staff(app, "adviser", name=adviser_name)
    if case_id is None:
        case_id, _words = new_inquiry(app, kind, answers={"child_name": "Alma"})
    with app.app_context(), db.new_session() as s, s.begin():
        moment = now or clock.now()
        user = s.get(StaffUser, adviser.id)
        case = s.get(Inquiry, case_id)
        assert user is not None
        assert case is not None
        issued = invitations.invite(
            acting(s, user, moment),
            case,
            question_set=question_set,
            reason=reason,
            needed_by=needed_by or (moment + timedelta(days=7)).date(),
        )
        return Invited(case_id, adviser, issued.invitation.id, issued.code)
