"""The adviser's invitation: for one case, once, until the end of the day it is needed by,
unless revoked; who may make it, on which cases; and the audit log of every step and try."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from portal import db
from portal.casework.rules import CaseworkError
from portal.inquiries.models import Inquiry
from portal.invitations import codes
from portal.invitations import usecase as invitations
from portal.invitations.models import Invitation
from portal.security import passphrases
from portal.staff.models import AuditEntry, StaffUser
from tests.conftest import migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.invitations import REASON, invite
from tests.support.staff import acting, make_staff

# Monday 23 November 2026, 10:00 in Copenhagen.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def opened(app: Flask, typed: str) -> invitations.Welcome | None:
    with app.app_context(), db.new_session() as s, s.begin():
        return invitations.open_code(acting(s, None), typed)


def entries(app: Flask, action: str, inquiry_id: str | None = None) -> list[AuditEntry]:
    with app.app_context(), db.new_session() as s:
        stmt = select(AuditEntry).where(AuditEntry.action == action)
        if inquiry_id is not None:
            stmt = stmt.where(AuditEntry.inquiry_id == inquiry_id)
        return list(s.scalars(stmt.order_by(AuditEntry.at)))


def test_an_invitation_keeps_only_the_codes_keyed_hash_and_the_reason_sealed(app: Flask) -> None:
    made = invite(app, needed_by=date(2026, 12, 4))
    with app.app_context(), db.new_session() as s:
        row = s.get(Invitation, made.invitation_id)
        assert row is not None
        assert row.code_key == codes.code_key(made.code, passphrases.pepper(app.config))
        assert made.code not in row.code_key
        assert REASON not in row.reason
        # Until the end of the day in Copenhagen (CET, one hour ahead of UTC in December).
        assert row.expires_at == row.needed_by == datetime(2026, 12, 4, 22, 59, 59, tzinfo=UTC)
        assert row.question_set == "before_decision"
        assert row.adviser_id == made.adviser.id
        assert row.inquiry_id == made.case_id
    [entry] = entries(app, "invited", made.case_id)
    assert entry.user_id == made.adviser.id
    assert entry.detail == "before_decision"


def test_the_code_opens_its_own_case_only_and_forgives_how_it_is_typed(app: Flask) -> None:
    one = invite(app, adviser_name="Lise Marie Hansen")
    other = invite(app, reason="Noget andet.")
    welcome = opened(app, one.code.lower().replace("-", " "))
    assert welcome is not None
    assert welcome.invitation_id == one.invitation_id
    assert welcome.first_name == "Lise"  # the first name only
    assert welcome.reason == REASON
    assert opened(app, other.code).invitation_id == other.invitation_id  # type: ignore[union-attr]
    [entry] = entries(app, "invitation_opened", one.case_id)
    assert entry.user_id is None
    assert entry.ip == "portal"


def test_a_code_expires_at_the_end_of_its_day(app: Flask, clock: MovableClock) -> None:
    made = invite(app, needed_by=date(2026, 11, 24))
    clock.now = datetime(2026, 11, 24, 22, 59, 0, tzinfo=UTC)  # 23:59 in Copenhagen
    assert opened(app, made.code) is not None
    clock.now = datetime(2026, 11, 24, 23, 0, 0, tzinfo=UTC)  # midnight
    assert opened(app, made.code) is None
    [entry] = entries(app, "invitation_refused", made.case_id)
    assert entry.detail == "expired code"
    assert entry.user_id is None


def test_a_revoked_code_stops_working_and_the_revoke_is_audited(app: Flask) -> None:
    made = invite(app)
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get(StaffUser, made.adviser.id)
        row = s.get(Invitation, made.invitation_id)
        assert row is not None
        assert invitations.revoke(acting(s, user), row) is True
        assert invitations.revoke(acting(s, user), row) is False  # once is enough
    assert opened(app, made.code) is None
    [entry] = entries(app, "invitation_revoked", made.case_id)
    assert entry.user_id == made.adviser.id
    assert entries(app, "invitation_refused", made.case_id)[0].detail == "revoked code"


def test_a_code_works_once(app: Flask) -> None:
    made = invite(app)
    view_id, _ = new_inquiry(app, "childs_view", answers={})
    with app.app_context(), db.new_session() as s, s.begin():
        view = s.get(Inquiry, view_id)
        assert view is not None
        invitations.use(acting(s, None), made.invitation_id, view)
    with app.app_context(), db.new_session() as s, s.begin():
        view = s.get(Inquiry, view_id)
        assert view is not None
        with pytest.raises(invitations.InvitationError) as refused:
            invitations.use(acting(s, None), made.invitation_id, view)
        assert refused.value.message == invitations.GONE
    assert opened(app, made.code) is None
    assert entries(app, "invitation_refused", made.case_id)[0].detail == "answered code"


def test_unknown_and_malformed_codes_are_refused_and_audited(app: Flask) -> None:
    invite(app)
    before = {e.id for e in entries(app, "invitation_refused")}  # PostgreSQL: others' too
    assert opened(app, "0000-0000-00") is None
    assert opened(app, "not a code") is None
    refused = [e for e in entries(app, "invitation_refused") if e.id not in before]
    assert [e.detail for e in refused] == ["unknown code", "unknown code"]
    assert all(e.inquiry_id is None and e.user_id is None for e in refused)


@pytest.mark.parametrize("role", ["reception", "admin"])
def test_only_advisers_and_leaders_invite(app: Flask, role: str) -> None:
    case_id, _ = new_inquiry(app, "application", answers={})
    someone = make_staff(app, role)
    with app.app_context(), db.new_session() as s, s.begin():
        user, case = s.get(StaffUser, someone.id), s.get(Inquiry, case_id)
        assert case is not None
        with pytest.raises(CaseworkError):
            invitations.invite(
                acting(s, user), case, question_set="free", reason="Hej", needed_by=NOW.date()
            )


@pytest.mark.parametrize("kind", ["family_advice", "childs_view"])
def test_no_invitation_where_there_is_no_child_to_ask(app: Flask, kind: str) -> None:
    with pytest.raises(CaseworkError) as refused:
        invite(app, kind=kind)
    assert refused.value.message == "There is no child to ask on this case."


def test_the_date_must_be_today_or_later_and_the_reason_short(app: Flask) -> None:
    with pytest.raises(invitations.InvitationError) as past:
        invite(app, needed_by=NOW.date() - timedelta(days=1))
    assert past.value.message == invitations.PAST_DATE
    invite(app, needed_by=NOW.date())  # today is fine
    with pytest.raises(invitations.InvitationError) as long:
        invite(app, reason="x" * 301)
    assert long.value.message == invitations.LONG_REASON
    with pytest.raises(invitations.InvitationError):
        invite(app, question_set="whenever")


def test_a_code_for_a_case_closed_since_does_not_work(app: Flask, clock: MovableClock) -> None:
    made = invite(app)
    with app.app_context(), db.new_session() as s, s.begin():
        case = s.get(Inquiry, made.case_id)
        assert case is not None
        case.closed_at, case.status = clock.now, "closed"
    assert opened(app, made.code) is None
    assert entries(app, "invitation_refused", made.case_id)[0].detail == "case closed"
