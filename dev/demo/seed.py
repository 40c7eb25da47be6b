"""``seed``: the demo accounts, and on a first run the invented inquiries."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from dev.demo import accounts
from dev.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from dev.demo.cases_advice import add_advice
from dev.demo.cases_applications import add_applications
from dev.demo.cases_asks import add_asks
from dev.demo.cases_consultations import add_consultations
from dev.demo.cases_reports import add_reports
from dev.demo.cases_views import add_views
from dev.demo.replay import Replay
from portal import current
from portal.districts import District

# The example profile's districts (content/municipality.toml), which the cases name.
_DISTRICTS = ("nord", "midt", "syd")


def seed(s: Session, now: datetime) -> str:
    """Add the demo accounts that are missing and, on a first run, the invented inquiries."""
    known = set(s.scalars(select(District.slug).where(District.slug.in_(_DISTRICTS))))
    missing = [d for d in _DISTRICTS if d not in known]
    if missing:
        raise click.ClickException(
            f"The districts {', '.join(missing)} are not in the database. The demo uses the "
            "example profile (content/municipality.toml): run 'flask --app wsgi profile load'."
        )
    users, created = accounts.ensure(s, now)
    if created < len(DEMO_ACCOUNTS):
        inquiries = 0  # not the first run: the invented cases are there already
    else:
        # A made-up request from this machine: the staff steps' audit entries take their
        # address from the request (portal.staff.sessions.client_ip) until casework takes
        # a context (whose address is this machine's); then it goes.
        with current_app.test_request_context(
            "/staff/demo-seed", environ_base={"REMOTE_ADDR": "127.0.0.1"}
        ):
            ctx = replace(current.context(), session=s, now=now, locale="da", address="127.0.0.1")
            demo = Replay(ctx, users)
            for add in (
                add_reports,
                add_asks,
                add_applications,
                add_consultations,
                add_advice,
                add_views,
            ):
                add(demo)
            s.flush()
            inquiries = demo.count
    lines = [
        f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already there.",
        f"Invented inquiries: {inquiries} added."
        if inquiries
        else "Invented inquiries: none added (the demo accounts existed before this run).",
        f"Log in at /staff/login as {DEMO_ACCOUNTS[0][0]} with password {DEMO_PASSWORD}; "
        "get a code with: flask --app wsgi demo code EMAIL",
        "Other accounts (same password): "
        + ", ".join(f"{email} ({role})" for email, _n, role, _d, _s in DEMO_ACCOUNTS[1:]),
    ]
    return "\n".join(lines)
