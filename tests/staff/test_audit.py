"""The audit log as people read it: every action in words, in Danish and English; the code
stays what is stored, filtered on and exported for machines."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask

from portal import db
from portal.staff import audit
from portal.staff.models import StaffUser
from tests.conftest import checking_client, migrate
from tests.support.apps import ROOT, make_app
from tests.support.cases import new_inquiry
from tests.support.pagecheck import Validator, visible_text
from tests.support.staff import acting, logged_in


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    application.config["RATELIMIT_ENABLED"] = False
    migrate(application)
    return application


def test_every_action_the_portal_logs_has_its_own_label() -> None:
    logged = set()
    for path in (ROOT / "portal").rglob("*.py"):
        logged |= set(re.findall(r'audit\.log\b[^"]{0,80}"([a-z_]+)"', path.read_text()))
    assert len(logged) >= 10
    assert logged <= set(audit.ACTION_LABELS), logged - set(audit.ACTION_LABELS)
    labels = list(audit.ACTION_LABELS.values())
    assert len(set(labels)) == len(labels)
    assert all(label and label not in audit.ACTIONS for label in labels)


def test_a_danish_leader_reads_the_log_in_danish(app: Flask, html_validator: Validator) -> None:
    case_id, _ = new_inquiry(app)
    client = checking_client(app, html_validator, language="da")
    leader = logged_in(app, client, "leader", name="Lise Leder")
    client.get(f"/staff/cases/{case_id}")
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get(StaffUser, leader.id)
        audit.log(acting(s, user), "triaged", detail="special_counselling scoping")
        audit.log(acting(s, None), "assigned", detail="named by the child")
        audit.log(acting(s, None), "safety_alerted", detail="duty: 1 emails, 0 pushes")
    page = client.get("/staff/audit").get_data(as_text=True)
    text = visible_text(page, only_main=True)
    for danish in (
        "Loggede ind",
        "Læste en sag",
        "Visiterede en sag",
        "Special- eller familierådgivning: Afdækning",
        "Portalen selv",
        "den rådgiver, barnet nævnte",
        "døgnvagten (e-mail): e-mails 1, push-beskeder 0",
    ):
        assert danish in text, danish
    for code in ("read_case", "triaged", "special_counselling", "named by", "portal", "pushes"):
        assert code not in text, code
    # The filter offers the labels and still filters on the stored codes.
    assert '<option value="read_case">Læste en sag</option>' in page
    cells = visible_text(client.get("/staff/audit?action=read_case").get_data(as_text=True))
    assert "Læste en sag" in cells.split("\n")
    assert "Loggede ind" not in cells.split("\n")  # (the filter's options share one line)


def test_the_export_keeps_the_code_and_adds_the_words(
    app: Flask, html_validator: Validator
) -> None:
    client = checking_client(app, html_validator, language="en")
    account = logged_in(app, client, "leader")
    export = client.get(f"/staff/audit/export?email={account.email}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(export.lstrip("\ufeff"))))
    assert [(r["action"], r["action_label"]) for r in rows] == [("login", "Logged in")]


def test_the_language_a_case_was_written_in_is_named_in_the_readers_language(
    app: Flask, html_validator: Validator
) -> None:
    case_id, _ = new_inquiry(app)
    with app.app_context(), db.new_session() as s, s.begin():
        from portal.inquiries.models import Inquiry

        inquiry = s.get(Inquiry, case_id)
        assert inquiry is not None
        inquiry.locale = "ar"
    for language, written_in in (("da", "Skrevet påarabisk"), ("en", "Written inArabic")):
        client = checking_client(app, html_validator, language=language)
        logged_in(app, client, "leader")
        for url in (f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/record"):
            text = visible_text(client.get(url).get_data(as_text=True), only_main=True)
            assert written_in in text.split("\n"), (url, language)  # <dt> and <dd>
            assert "العربية" not in text
