"""What the forms ask and show is honest: an email the mail server cannot take is refused on
the form, a ticked box reads as a word, and optional questions say so on their own page."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.i18n import COOKIE
from tests.apply.test_journey import PARENT
from tests.conftest import checking_client, migrate
from tests.report.test_journey import PROFESSIONAL
from tests.say.test_journey import YOUNG
from tests.support import forms
from tests.support.apps import make_app
from tests.support.forms import submit
from tests.support.pagecheck import Validator, visible_text
from tests.support.staff import logged_in


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'h.sqlite3'}")
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


@pytest.mark.parametrize("address", ["søren@skolen.dk", "mette@skoleø.dk", "علي@example.dk"])
def test_an_address_the_mail_server_cannot_take_is_refused_with_a_way_on(
    client: FlaskClient, address: str
) -> None:
    forms.walk(client, "/report-a-concern", PROFESSIONAL[:2])
    details = dict(PROFESSIONAL[2][1], email=address)
    response = submit(client, "/report-a-concern/your-details", details)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "We cannot send to an address with letters like æ, ø or å." in page
    assert "Write another email address" in page


TICKED = "The school or daycare: how the child is doing there, absence and learning"


def test_ticked_boxes_read_in_words_to_the_parent_and_to_staff(
    app: Flask, client: FlaskClient, html_validator: Validator
) -> None:
    forms.walk(client, "/apply-for-support", PARENT)  # consent: the school and the doctor
    check = client.get("/apply-for-support/check-answers").get_data(as_text=True)
    text = visible_text(check)
    assert TICKED in " ".join(text.split())
    assert "True" not in text
    assert "school, doctor" not in text
    sent = forms.send(client, "/apply-for-support")
    with app.app_context():
        case_id = forms.sent_inquiry(sent).id
    staff = checking_client(app, html_validator)
    staff.set_cookie(COOKIE, "en")
    logged_in(app, staff, "leader")
    case = visible_text(staff.get(f"/staff/cases/{case_id}").get_data(as_text=True))
    assert TICKED in " ".join(case.split())
    assert "school, doctor" not in case
    assert "True" not in case


@pytest.mark.parametrize(("slug", "index"), [("who-reads-it", 4), ("hearing-back", 5)])
def test_optional_questions_say_so_on_their_own_page(
    client: FlaskClient, slug: str, index: int
) -> None:
    forms.walk(client, "/have-your-say", YOUNG[:index])
    page = visible_text(client.get(f"/have-your-say/{slug}").get_data(as_text=True))
    assert "You do not have to answer." in page
