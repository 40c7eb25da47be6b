"""The consent of an application: given or not, with its scope; withdrawn with its one-time
code (once), or recorded by staff; each change audited and sent to the case system."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.apply import usecase
from portal.apply.models import Consent
from portal.i18n import COOKIE
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import payload_of
from portal.security import codes, passphrases
from portal.staff.models import AuditEntry
from tests.apply.test_journey import PARENT
from tests.casesystem.test_records import validator
from tests.support import forms
from tests.support.apps import MovableClock
from tests.support.forms import location, submit
from tests.support.outbox import ctx_of, outbox_app
from tests.support.staff import logged_in

NO_CONSENT = [*PARENT[:7], ("consent", {"may_ask": "no"})]
CODE = re.compile(r'id="withdraw-code">([2-9A-Z-]{19})<')


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False)


def apply(app: Flask, steps: forms.Steps) -> tuple[FlaskClient, str, str]:
    """Send an application; (the parent's client, the receipt, the inquiry's id)."""
    client = app.test_client()
    client.set_cookie(COOKIE, "en")
    forms.walk(client, "/apply-for-support", steps)
    page = forms.send(client, "/apply-for-support")
    with app.app_context():
        return client, page, forms.sent_inquiry(page).id


def consent_of(app: Flask, inquiry_id: str) -> Consent:
    with app.app_context(), db.new_session() as s:
        found = s.scalars(select(Consent).where(Consent.inquiry_id == inquiry_id)).one()
        s.expunge(found)
        return found


def consent_records(app: Flask, inquiry_id: str) -> list[dict[str, Any]]:
    with app.app_context(), db.new_session() as s:
        events = s.scalars(
            select(OutboxEvent).where(
                OutboxEvent.inquiry_id == inquiry_id, OutboxEvent.key.like("%:consent:%")
            )
        ).all()
        found = [payload_of(ctx_of(s), e) for e in events]
    for record in found:
        validator("consent").validate(record)
    # The clock stands still in these tests: the withdrawn version is the later one.
    return sorted(found, key=lambda r: r["withdrawn_at"] is not None)


def withdrawals(app: Flask, inquiry_id: str) -> list[AuditEntry]:
    with app.app_context(), db.new_session() as s:
        return list(
            s.scalars(
                select(AuditEntry).where(
                    AuditEntry.inquiry_id == inquiry_id, AuditEntry.action == "consent_withdrawn"
                )
            )
        )


def test_a_parent_applies_without_consenting(app: Flask) -> None:
    _, receipt, inquiry_id = apply(app, NO_CONSENT)
    assert "You did not give consent for us to ask others." in receipt
    assert "withdraw-consent" not in receipt
    consent = consent_of(app, inquiry_id)
    assert (consent.given, consent.sources, consent.withdraw_key) == (False, "", None)
    (record,) = consent_records(app, inquiry_id)
    assert record["given"] is False
    assert record["sources"] == []
    assert record["given_at"] is None
    assert record["legal_basis"] == "retssikkerhedsloven § 11 a, stk. 1"


def test_a_consent_is_recorded_with_its_scope_and_a_code_kept_only_hashed(app: Flask) -> None:
    client, receipt, inquiry_id = apply(app, PARENT)
    found = CODE.search(receipt)
    assert found, "no withdrawal code on the receipt"
    code = found.group(1)
    consent = consent_of(app, inquiry_id)
    assert consent.given
    assert consent.source_list == ["school", "doctor"]
    assert consent.withdraw_key == codes.code_key(code, passphrases.pepper(app.config))
    (record,) = consent_records(app, inquiry_id)
    assert [s["code"] for s in record["sources"]] == ["school", "doctor"]
    assert record["given_at"] is not None
    assert record["withdrawn_at"] is None
    assert record["reference"] in record["case"]
    # Shown once: the receipt read again has no code, but still a way to withdraw.
    again = client.get("/apply-for-support/sent").get_data(as_text=True)
    assert code not in again
    assert "/apply-for-support/withdraw-consent" in again


def withdraw_link(receipt: str) -> str:
    found = re.search(r'href="(/apply-for-support/withdraw-consent\?[^"]+)"', receipt)
    assert found, "no withdrawal link on the receipt"
    return found.group(1).replace("&amp;", "&")


def test_a_parent_withdraws_with_the_link_once(app: Flask) -> None:
    _, receipt, inquiry_id = apply(app, PARENT)
    parent = app.test_client()  # later, on another device: no login, no visit
    parent.set_cookie(COOKIE, "en")
    link = withdraw_link(receipt)
    page = parent.get(link).get_data(as_text=True)
    code = CODE.search(receipt).group(1)  # type: ignore[union-attr]
    assert code not in link  # the link fills in the reference only
    assert code not in page
    assert consent_of(app, inquiry_id).withdrawn_at is None  # nothing happens on reading
    typed = {**parse(page), "code": code}  # the code, as the parent wrote it down
    response = submit(parent, link, typed)
    assert response.status_code == 200
    assert "Your consent is withdrawn" in response.get_data(as_text=True)
    consent = consent_of(app, inquiry_id)
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_how == "portal"
    (entry,) = withdrawals(app, inquiry_id)
    assert entry.user_id is None
    assert entry.detail == "withdrawn with the code"
    first, second = consent_records(app, inquiry_id)
    assert first["withdrawn_at"] is None
    assert second["withdrawn_at"] == consent.withdrawn_at.isoformat()
    assert second["withdrawn_how"] == "portal"
    assert second["record_id"] != first["record_id"]
    # Twice: nothing changes, and the parent is told when it was withdrawn.
    response = submit(parent, link, typed)
    assert "Your consent was already withdrawn" in response.get_data(as_text=True)
    assert consent_of(app, inquiry_id).withdrawn_at == consent.withdrawn_at
    assert len(withdrawals(app, inquiry_id)) == 1
    assert len(consent_records(app, inquiry_id)) == 2


def parse(page: str) -> dict[str, str]:
    values = dict(re.findall(r'name="(reference|code)"[^>]*value="([^"]*)"', page))
    assert values.get("code", "") == "", page  # a code is never written into a page
    assert values.get("reference"), page
    return values


def credentials(app: Flask, receipt: str) -> dict[str, str]:
    """The reference the receipt's link fills in, and the code the receipt shows once."""
    page = app.test_client().get(withdraw_link(receipt)).get_data(as_text=True)
    return {**parse(page), "code": CODE.search(receipt).group(1)}  # type: ignore[union-attr]


def test_a_wrong_reference_or_code_withdraws_nothing_and_says_the_same(app: Flask) -> None:
    _, receipt, inquiry_id = apply(app, PARENT)
    right = credentials(app, receipt)
    _, other_receipt, _ = apply(app, PARENT)
    other = credentials(app, other_receipt)
    parent = app.test_client()
    parent.set_cookie(COOKIE, "en")
    url = "/apply-for-support/withdraw-consent"
    tries = [
        {**right, "code": "2222-3333-4444-5555"},  # a wrong code
        {**right, "code": "not a code"},
        {**right, "reference": other["reference"]},  # the code of another application
    ]
    for data in tries:
        response = submit(parent, url, data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "We could not find a consent with this reference and code." in page
        assert data["code"] not in page  # never written back
    assert consent_of(app, inquiry_id).withdrawn_at is None
    assert withdrawals(app, inquiry_id) == []


def test_the_use_case_refuses_a_wrong_code_and_withdraws_with_the_right_one(app: Flask) -> None:
    _, receipt, _inquiry_id = apply(app, PARENT)
    right = credentials(app, receipt)
    with app.test_request_context(), db.new_session() as s, s.begin():
        ctx = ctx_of(s)
        with pytest.raises(usecase.ConsentError) as info:
            usecase.withdraw(ctx, right["reference"], "2345-6789-ABCD-EFGH")
        assert info.value.message == usecase.WRONG_CODE
        # Typed by hand: small letters, and spaces for the hyphens, are fine.
        done = usecase.withdraw(
            ctx,
            right["reference"].lower().replace("-", " "),
            right["code"].lower().replace("-", " "),
        )
        assert not done.already
        assert usecase.withdraw(ctx, right["reference"], right["code"]).already


def test_staff_see_the_consent_and_record_a_withdrawal_told_by_phone(app: Flask) -> None:
    _, _, inquiry_id = apply(app, PARENT)
    staff = app.test_client()
    staff.set_cookie(COOKIE, "en")
    logged_in(app, staff, "leader", name="Lise Leder")
    page = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "Consent to get information from others" in page
    assert "The child&#39;s own doctor or health visitor: health and development" in page
    page_html = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    response = staff.post(
        f"/staff/cases/{inquiry_id}/consent-withdrawn",
        data={"how": "phone", "csrf_token": forms.csrf_token(page_html)},
    )
    assert location(response) == f"/staff/cases/{inquiry_id}?saved=consent_withdrawn"
    consent = consent_of(app, inquiry_id)
    assert consent.withdrawn_how == "phone"
    (entry,) = withdrawals(app, inquiry_id)
    assert entry.user_id is not None
    assert entry.detail == "told by phone"
    assert consent_records(app, inquiry_id)[-1]["withdrawn_how"] == "phone"
    page = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "recorded by Lise Leder" in page
    assert "Record the withdrawal" not in page


def test_staff_see_when_no_consent_was_given(app: Flask) -> None:
    _, _, inquiry_id = apply(app, NO_CONSENT)
    staff = app.test_client()
    staff.set_cookie(COOKIE, "en")
    logged_in(app, staff, "leader")
    page = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "Not given." in page
    assert "Record the withdrawal" not in page
