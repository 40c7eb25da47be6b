"""The retention run empties an invitation's reason with the case it was for."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from portal import db
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.invitations.models import Invitation
from tests.support.apps import MovableClock
from tests.support.invitations import REASON, invite
from tests.test_retention import T0, build, counts, run


@pytest.fixture
def database_url(own_database_url: str) -> str:
    """Every row is counted: a database of this test's own."""
    return own_database_url


def test_an_anonymised_case_keeps_no_reason_of_its_invitations(
    tmp_path: Path, database_url: str
) -> None:
    clock = MovableClock(T0)
    app: Flask = build(tmp_path, database_url, clock)
    made = invite(app)
    with app.app_context(), db.new_session() as s, s.begin():
        case = s.get(Inquiry, made.case_id)
        assert case is not None
        case.status, case.closed_at = "closed", clock.now
    clock.advance(days=200)
    output = run(app)
    emptied = counts(output)[
        "casework texts emptied (assessment, triage, decisions, notes, invitation reasons)"
    ]
    assert emptied == 1
    with app.app_context(), db.new_session() as s:
        row = s.get(Invitation, made.invitation_id)
        assert row is not None
        reason = cipher().decrypt(row.reason, table="invitation", column="reason", row_id=row.id)
    assert reason == ""
    assert REASON not in output
