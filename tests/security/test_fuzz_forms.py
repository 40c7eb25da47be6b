"""F12: anything in any field of any form, public or staff, on SQLite and PostgreSQL, and the
answer is never a server error.

The forms are read off the pages themselves (the journeys' steps off their form classes, since
a step is only shown in order), so a field added to a page is fuzzed without a change here;
``test_every_form_that_changes_something_is_fuzzed`` fails if a new route takes a POST that
no test here (or in test_fuzz_api.py, for JSON) sends anything to.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from portal import clock, db
from portal.apply import usecase as apply_usecase
from portal.casework import services
from portal.inquiries import kinds
from portal.inquiries.models import Inquiry
from portal.journeys.by_kind import JOURNEYS
from portal.staff import accounts, passwords
from portal.staff.models import StaffUser
from tests.conftest import migrate
from tests.support.apps import make_app
from tests.support.cases import APPLICATION, new_inquiry
from tests.support.context import context
from tests.support.decisions import decide
from tests.support.forms import csrf_token
from tests.support.fuzzing import (
    Field,
    Form,
    Pairs,
    forms_on,
    fuzz,
    journey_forms,
    no_server_error,
    pairs_of,
    send,
    shared_app,
)
from tests.support.invitations import invite
from tests.support.staff import PASSWORD, Account, acting, login, make_staff, password_step

pytestmark = pytest.mark.slow  # Property tests over every form.


# Routes that take a POST but are not an HTML form: JSON, fuzzed in test_fuzz_api.py.
JSON_ROUTES = {
    "/api/v1/records/ack",
    "/conversation/notifications",
    "/conversation/notifications/off",
    "/staff/account/alerts",
    "/staff/account/alerts/off",
    "/staff/cases/<inquiry_id>/drafts/<form_name>",
}
# Fuzzing logout would only log the test out: it reads nothing but the form token.
NOT_FUZZED = {"/staff/logout"}
# Staff forms every page carries (staff/base.html): fuzzed on one page only.
ON_EVERY_STAFF_PAGE = {"/staff/logout", "/staff/session/extend"}
ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    application = shared_app(request, tmp_path_factory)
    yield application
    application.extensions["db_engine"].dispose()


def token_of(client: FlaskClient) -> str:
    """A form token for this browser (one per visit, good for every form)."""
    return csrf_token(client.get("/conversation").get_data(as_text=True))


def pattern(action: str) -> str:
    return ID.sub("<id>", action)


# -- the public journeys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "slug"),
    [(kind, step.slug) for kind, journey in JOURNEYS.items() for step in journey.steps],
)
def test_every_step_of_every_journey_takes_anything(app: Flask, kind: str, slug: str) -> None:
    client = app.test_client()
    token = token_of(client)
    with app.test_request_context():
        form = dict(journey_forms(JOURNEYS[kind]))[slug]
    fuzz(client, form, lambda: token)


# A valid answer for each free-text field, to go on past a step whose drawn answer was refused.
VALID = {
    "email": "m@skole.dk",
    "phone": "12345678",
    "child_birth_date": "01-02-2015",
    "child_age": "9",
    "cpr": "010215 4123",
}


def valid_pairs(form: Form) -> Pairs:
    return [
        (f.name, f.options[0] if f.options else VALID.get(f.name, "Alma"))
        for f in form.fields
        if f.kind != "multi" or f.options
    ]


@pytest.mark.parametrize("kind", list(JOURNEYS))
def test_a_journey_with_anything_it_took_is_sent(app: Flask, kind: str) -> None:
    """Every step gets drawn answers; a refused step is answered validly instead; then Send:
    what the steps took, the database takes too (PostgreSQL and SQLite)."""
    journey = JOURNEYS[kind]
    with app.test_request_context():
        steps = [form for _slug, form in journey_forms(journey)]

    def answered(client: FlaskClient, form: Form, pairs: Pairs, token: str) -> None:
        response = send(client, form, pairs, token)
        no_server_error(response, form, pairs)
        if response.status_code != 302:
            response = send(client, form, valid_pairs(form), token)
            assert response.status_code == 302, (form.action, response.get_data(True)[:3000])

    @settings(
        max_examples=max(2, settings().max_examples // 3),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(drawn=pairs_of_every(steps))
    def sent(drawn: list[Pairs]) -> None:
        client = app.test_client()
        token = token_of(client)
        if kind == kinds.CHILDS_VIEW.id:
            # The child's view is reached with the adviser's one-time code: a new one each time.
            assert client.get(f"/i/{invite(app).code}").status_code == 302
        for form, pairs in zip(steps, drawn, strict=True):
            answered(client, form, pairs, token)
        response = client.post(f"{journey.url}/check-answers", data={"csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        assert response.headers["Location"] == f"{journey.url}/sent"
        assert client.get(f"{journey.url}/sent").status_code == 200

    sent()


def pairs_of_every(forms: list[Form]) -> st.SearchStrategy[list[Pairs]]:
    return st.tuples(*(pairs_of(form) for form in forms)).map(list)


# -- the conversation and the visit ------------------------------------------------------------


def test_the_conversation_forms_take_anything(app: Flask) -> None:
    _, words = new_inquiry(app, "ask_for_help", conversation=True)
    assert words is not None
    client = app.test_client()
    token = token_of(client)
    enter = client.get("/conversation").get_data(as_text=True)
    for form in forms_of(enter, "/conversation"):
        fuzz(client, form, lambda: token)
    opened = client.post("/conversation", data={"passphrase": words, "csrf_token": token})
    assert opened.headers["Location"] == "/conversation/messages"

    def back_in(response: TestResponse) -> None:
        # Closing (on purpose or not) ends it on this device: open it again for the next.
        if "/conversation/messages" not in response.headers.get("Location", "/conversation/m"):
            client.post("/conversation", data={"passphrase": words, "csrf_token": token})

    page = client.get("/conversation/messages").get_data(as_text=True)
    found = forms_of(page, "/conversation/messages")
    assert {f.action for f in found} >= {
        "/conversation/messages",
        "/conversation/stay",
        "/conversation/close",
    }
    for form in found:
        fuzz(client, form, lambda: token, after=back_in)


def test_the_consent_withdrawal_form_takes_anything(app: Flask) -> None:
    client = app.test_client()
    token = token_of(client)
    page = client.get("/apply-for-support/withdraw-consent").get_data(as_text=True)
    found = forms_of(page, "/apply-for-support/withdraw-consent")
    assert [f.action for f in found] == ["/apply-for-support/withdraw-consent"]
    for form in found:
        fuzz(client, form, lambda: token)


def test_the_invitation_code_form_takes_anything(app: Flask) -> None:
    client = app.test_client()
    token = token_of(client)
    page = client.get("/invitation").get_data(as_text=True)
    found = forms_of(page, "/invitation")
    assert [f.action for f in found] == ["/invitation/code"]
    for form in found:
        fuzz(client, form, lambda: token)


def test_the_felt_heard_questions_take_anything(app: Flask) -> None:
    """Under an outcome told in the child's conversation: "did you feel heard?"."""
    case_id, words = new_inquiry(app, "consultation", conversation=True, lundy={"voice": {}})
    staff = browser(app, "leader")
    assert decide(staff.client, case_id).status_code == 302
    client = app.test_client()
    token = token_of(client)
    opened = client.post("/conversation", data={"passphrase": words, "csrf_token": token})
    assert opened.headers["Location"] == "/conversation/messages"
    messages = client.get("/conversation/messages").get_data(as_text=True)
    found = re.search(r'href="(/conversation/heard/[0-9a-f]{32})"', messages)
    assert found is not None
    url = found.group(1)
    forms = forms_of(client.get(url).get_data(as_text=True), url)
    assert [f.action for f in forms] == [url]
    for form in forms:
        fuzz(client, form, lambda: token)


def test_the_visit_and_the_language_take_anything_in_their_next(app: Flask) -> None:
    client = app.test_client()
    token = token_of(client)
    # Posted by the timeout warning's script, or as a form without it.
    fuzz(
        client, Form("post", "/visit/extend", (Field("next", "text", ("/rights",)),)), lambda: token
    )
    for action, name, offered in [
        ("/language/da", "next", "/rights"),
        ("/exit", "push", ""),
        ("/conversation", "closed", "1"),
        ("/ask-for-help/help-first", "next", "/ask-for-help/about"),
    ]:
        fuzz(client, Form("get", action, (Field(name, "text", (offered,)),)), lambda: token)


# -- the staff workspace ---------------------------------------------------------------------


@dataclass
class Staff:
    """A browser in the staff workspace, at one point of the login (or logged in)."""

    app: Flask
    client: FlaskClient
    account: Account

    def token(self) -> str:
        return csrf_token(self.client.get("/staff/login").get_data(as_text=True))


def not_enrolled(app: Flask) -> Account:
    email = f"new-{secrets.token_hex(4)}@kommune.test"
    with app.app_context(), db.new_session() as s, s.begin():
        user, _ = accounts.create(
            acting(s, None), email=email, name="Ny", role="adviser", districts=["nord"]
        )
        user.password_hash = passwords.hash_password(PASSWORD)
        user.must_change_password = False
        return Account(user.id, email, PASSWORD, "")


# Roles whose pages ask for no password or code (a wrong one would slow the next login): one
# logged-in browser each per app, as a login costs a password hash and a code used only once.
SHARED_ROLES = ("leader", "reception")


def browser(app: Flask, state: str) -> Staff:
    shared: dict[str, Staff] = app.extensions.setdefault("fuzz_browsers", {})
    if state in shared:
        return shared[state]
    client = app.test_client()
    if state == "anonymous":
        return Staff(app, client, make_staff(app, "adviser"))
    if state == "password given":
        account = make_staff(app, "adviser")
        assert password_step(client, account).status_code == 302
        return Staff(app, client, account)
    if state == "not enrolled":
        account = not_enrolled(app)
        assert password_step(client, account).status_code == 302
        return Staff(app, client, account)
    account = make_staff(app, state, ("nord",))
    login(app, client, account)
    staff = Staff(app, client, account)
    if state in SHARED_ROLES:
        shared[state] = staff
    return staff


STAFF_PAGES = [
    ("anonymous", "/staff/login"),
    ("password given", "/staff/login/code"),
    ("password given", "/staff/login/recovery"),
    ("not enrolled", "/staff/login/enrol"),
    ("leader", "/staff/inbox"),
    ("leader", "/staff/cases/{report}"),
    ("reception", "/staff/cases/{ask}"),
    ("reception", "/staff/cases/{named}"),
    ("leader", "/staff/cases/{triaged}"),
    ("leader", "/staff/cases/{report}/assessment"),
    ("leader", "/staff/cases/{ask}/triage"),
    ("leader", "/staff/cases/{ask}/reply"),
    ("leader", "/staff/cases/{say}/decision"),
    ("leader", "/staff/cases/{say}/note"),
    ("leader", "/staff/cases/{say}/ask-the-child"),
    ("leader", "/staff/cases/{invited}"),  # with a code to revoke
    ("leader", "/staff/cases/{report}/reporter-feedback"),
    ("leader", "/staff/cases/{ask}/new-words"),
    ("leader", "/staff/cases/{cpr}"),
    ("leader", "/staff/cases/{cpr}/record"),
    ("leader", "/staff/audit"),
    ("leader", "/staff/figures"),
    ("adviser", "/staff/account"),
    ("adviser", "/staff/account/password"),
    ("admin", "/staff/accounts"),
    ("admin", "/staff/accounts/new"),
    ("admin", "/staff/accounts/{other}"),
]


def page_url(app: Flask, template: str) -> str:
    """The page, with a fresh case of each kind (or another account) where it names one."""
    values = {}
    if "{report}" in template:
        values["report"] = new_inquiry(app, "report_of_concern")[0]
    if "{ask}" in template:
        values["ask"] = new_inquiry(
            app, "ask_for_help", conversation=True, answers={"adviser": "Nord"}
        )[0]
    if "{say}" in template:
        values["say"] = new_inquiry(app, "consultation", lundy={"voice": {}})[0]
    if "{cpr}" in template:
        # An application with the child's CPR number: the case page offers to show it.
        values["cpr"] = case = new_inquiry(app, "application", answers=APPLICATION)[0]
        # With a consent given: the case page offers to record that it was withdrawn.
        with app.app_context(), db.new_session() as s, s.begin():
            inquiry = s.get(Inquiry, case)
            assert inquiry is not None
            consent = {"may_ask": "yes", "sources": ["school"]}
            apply_usecase.record_consent(context(s, clock.now()), inquiry, consent)
    if "{invited}" in template:
        values["invited"] = invite(app).case_id
    if "{other}" in template:
        values["other"] = make_staff(app, "adviser").id
    if "{named}" in template:
        # The child named an adviser: reception may give the case to them in one click.
        name = f"Fuzz{secrets.token_hex(3)} Adviser"
        make_staff(app, "adviser", name=name)
        values["named"] = new_inquiry(app, "consultation", answers={"adviser": name})[0]
    if "{triaged}" in template:
        # Triaged, and not the child's own: it can be closed.
        values["triaged"] = case = new_inquiry(app, "application")[0]
        leader = make_staff(app, "leader", ())
        with app.app_context(), db.new_session() as s, s.begin():
            user, inquiry = s.get(StaffUser, leader.id), s.get(Inquiry, case)
            assert user is not None
            assert inquiry is not None
            services.triage(
                acting(s, user),
                inquiry,
                route="no_action",
                measure=None,
                district_slug="nord",
                assigned_to=None,
                reasoning="Fuzz",
                case_code=None,
            )
    return template.format(**values)


def forms_of(html: str, page: str, *, every_page: bool = False) -> list[Form]:
    """The page's forms, one per route (a list page has one per row), the forms of the
    staff frame only where asked for, logout never."""
    seen, found = set(), []
    for form in forms_on(html, page):
        key = (form.method, pattern(form.action))
        if key in seen or form.action in NOT_FUZZED:
            continue
        if form.action in ON_EVERY_STAFF_PAGE and not every_page:
            continue
        seen.add(key)
        found.append(form)
    return found


@pytest.mark.parametrize(("state", "template"), STAFF_PAGES)
def test_every_staff_form_takes_anything(app: Flask, state: str, template: str) -> None:
    staff = browser(app, state)
    url = page_url(app, template)
    page = staff.client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    found = forms_of(page.get_data(as_text=True), url, every_page=template == "/staff/account")
    assert found, f"no form on {url}"
    token = staff.token()
    for form in found:
        fuzz(staff.client, form, lambda: token)


# -- every form is fuzzed ----------------------------------------------------------------------


def test_every_form_that_changes_something_is_fuzzed(tmp_path: Path) -> None:
    """Each route that takes a POST is a journey step (fuzzed above from its form class), a
    form on a page fuzzed above, JSON (test_fuzz_api.py), or logout. The routes are the same
    on both databases: checked on SQLite."""
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'routes.sqlite3'}", RATELIMIT_ENABLED=False)
    migrate(app)
    posts = {rule.rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or set())}
    covered = set(JSON_ROUTES) | NOT_FUZZED | {"/visit/extend"}
    covered |= {f"{j.url}/<slug>" for j in JOURNEYS.values()}
    covered |= {f"{j.url}/check-answers" for j in JOURNEYS.values()}
    covered |= {"/conversation", "/conversation/messages", "/conversation/stay"}
    covered |= {"/conversation/close", "/apply-for-support/withdraw-consent"}
    covered |= {"/invitation/code", "/conversation/heard/<message_id>"}
    adapter = app.url_map.bind("localhost")
    for state, template in STAFF_PAGES:
        staff = browser(app, state)
        url = page_url(app, template)
        html = staff.client.get(url).get_data(as_text=True)
        for form in forms_of(html, url, every_page=True):
            if form.method == "post":
                rule, _ = adapter.match(form.action, method="POST", return_rule=True)
                covered.add(rule.rule)
    assert posts - covered == set(), "routes that take a POST nobody fuzzes"
