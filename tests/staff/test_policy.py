"""Who may open a case, read two ways from one declaration (portal.staff.policy.POLICY): the
Python predicate ``may_open`` and the WHERE clause ``visible_to`` agree on every role,
district, assignment, status and kind, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from itertools import product
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from portal import clock, db
from portal.casework.models import KINDS, STATUSES
from portal.inquiries.models import Inquiry
from portal.staff.models import ROLES, StaffDistrict, StaffUser
from portal.staff.policy import may_open, visible_to
from tests.conftest import migrate
from tests.support.apps import make_app
from tests.support.staff import make_staff

DISTRICTS = (None, "nord", "midt", "syd")
# The districts a member of staff works in (leaders and administrators have none).
DISTRICT_SETS = ((), ("nord",), ("nord", "syd"))


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def test_may_open_and_visible_to_agree_on_every_combination(app: Flask) -> None:
    # One account a role (the cases assigned to "them"), and someone else.
    accounts = {role: make_staff(app, role).id for role in ROLES}
    other = make_staff(app, "adviser").id
    assignees = (None, other, *accounts.values())
    with app.app_context(), db.new_session() as s:
        now = clock.now()
        ours = []
        for district, assignee, status, kind in product(DISTRICTS, assignees, STATUSES, KINDS):
            inquiry = Inquiry(
                reference=secrets.token_hex(8),
                kind=kind,
                status=status,
                district_slug=district,
                assigned_to_id=assignee,
                locale="da",
                anonymous=False,
                wants_answer=False,
                received_at=now,
                answers="{}",
                closed_at=now if status == "closed" else None,
            )
            s.add(inquiry)
            ours.append(inquiry)
        s.flush()
        ids = [inquiry.id for inquiry in ours]
        checked = 0
        for role, districts in product(ROLES, DISTRICT_SETS):
            # The account as it would be with these districts (not stored: only read).
            user = StaffUser(id=accounts[role], role=role)
            user.districts = [StaffDistrict(district_slug=d) for d in districts]
            seen = set(s.scalars(select(Inquiry.id).where(Inquiry.id.in_(ids), visible_to(user))))
            opened = {inquiry.id for inquiry in ours if may_open(user, inquiry)}
            assert seen == opened, (role, districts)
            checked += len(ids)
            # And the policy itself, in words.
            if role == "leader":
                assert opened == set(ids)
            if role == "admin":
                assert opened == set()
        assert checked == len(ROLES) * len(DISTRICT_SETS) * len(ids)
        s.rollback()  # the rows were for this test only


def test_the_policy_reads_as_the_rules_say() -> None:
    """Reception and advisers: their districts' cases and the ones assigned to them; cases
    without a district are reception's."""
    reception = StaffUser(id="r", role="reception")
    reception.districts = [StaffDistrict(district_slug="nord")]
    adviser = StaffUser(id="a", role="adviser")
    adviser.districts = [StaffDistrict(district_slug="nord")]

    def case(district: str | None, assigned: str | None = None) -> Inquiry:
        return Inquiry(district_slug=district, assigned_to_id=assigned)

    assert may_open(reception, case("nord"))
    assert may_open(adviser, case("nord"))
    assert not may_open(reception, case("syd"))
    assert not may_open(adviser, case("syd"))
    assert may_open(reception, case(None))
    assert not may_open(adviser, case(None))
    assert may_open(adviser, case("syd", "a"))
    assert may_open(adviser, case(None, "a"))
    assert not may_open(adviser, case("syd", "r"))
