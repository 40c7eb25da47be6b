"""Inquiries made directly through the services, for staff-side tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask

from portal import clock, db
from portal.casework import clocks
from portal.inquiries import promises, services
from portal.inquiries.lundy import Lundy
from portal.inquiries.models import Inquiry
from portal.instances import profile
from tests.support.context import context

REPORT = {
    "reporter": "professional",
    "danger": "no",
    "name": "Lærer Jensen",
    "workplace": "Nordskolen",
    "role": "Klasselærer",
    "phone": "12345678",
    "email": "jensen@skole.dk",
    "child_name": "Alma",
    "child_age": "9",
    "child_address": "",
    "child_school": "Nordskolen",
    "district": "nord",
    "concern": "Alma kommer ofte sulten i skole.",
    "child_words": "",
    "actions": "Vi har talt med mor.",
    "parents_know": "yes",
    "child_knows": "no",
}
# An application for disability-related support: the one kind with a CPR number.
APPLICATION = {
    "applicant": "parent",
    "support": "disability",
    "child_name": "Sofie Jensen",
    "child_birth_date": "01-02-2015",
    "district": "nord",
    "cpr": "010215-4123",
    "reason": "Sofie har brug for en særlig cykel.",
    "child_view": "Jeg vil cykle med de andre.",
    "child_knows": "yes",
    "name": "Anne Jensen",
    "phone": "12345678",
    "email": "",
    "may_ask": "yes",
    "sources": ["school", "doctor"],
    "other_source": "",
}


def new_inquiry(
    app: Flask,
    kind: str = "report_of_concern",
    *,
    district: str | None = "nord",
    answers: dict[str, Any] | None = None,
    received: datetime | None = None,
    conversation: bool = False,
    age_band: str | None = None,
    lundy: dict[str, Any] | None = None,
) -> tuple[str, str | None]:
    """An inquiry with the clocks its kind starts; returns (id, passphrase or None)."""
    with app.app_context(), db.new_session() as s, s.begin():
        now = received or clock.now()
        ctx = context(s, now)
        inquiry = services.create_inquiry(
            ctx,
            kind=kind,
            answers=answers
            if answers is not None
            else (REPORT if kind == "report_of_concern" else {}),
            anonymous=False,
            wants_answer=conversation,
            district_slug=district,
        )
        if kind == "report_of_concern":
            clocks.start_report_clocks(inquiry, professional=True, settings=app.config)
        if kind == "consultation":
            clocks.start_feedback_clock(inquiry, settings=app.config)
        if kind in ("consultation", "ask_for_help") and lundy is not None:
            services.add_participation(
                ctx, inquiry, age_band=age_band, format="web form", lundy=Lundy.from_json(lundy)
            )
        words = None
        if conversation:
            words = services.open_conversation(
                ctx, inquiry, first_message="Hej, jeg vil gerne tale med nogen."
            )
            if kind != "consultation":  # as the journeys do: an answer is promised
                promises.wait_for_answer(s, inquiry, now, profile())
        return inquiry.id, words


def get(app: Flask, inquiry_id: str) -> Inquiry:
    with app.app_context(), db.new_session() as s:
        found = s.get(Inquiry, inquiry_id)
        assert found is not None
        return found
