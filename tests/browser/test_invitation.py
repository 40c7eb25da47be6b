"""Ask the child, in Chromium: the adviser makes a code (the page with its QR code passes the
checkers and the CSP), the child answers on a phone with the link, with and without
JavaScript, in Danish and in Arabic, and the adviser finds the view on the case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal import clock
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_consent import accessible
from tests.browser.test_safety import log_in
from tests.support.cases import new_inquiry
from tests.support.staff import make_staff

REASON = "Vi skal finde ud af, hvor du skal bo efter sommerferien. Hvad er vigtigt for dig?"


@pytest.mark.parametrize(
    ("locale", "javascript"),
    [("da", True), ("da", False), ("ar", True)],
    ids=["da", "da-no-js", "ar"],
)
def test_an_adviser_asks_and_the_child_answers_on_a_phone(
    new_context: NewContext, live: LivePortal, checkers: Checkers, locale: str, javascript: bool
) -> None:
    app = live.app
    case_id, _ = new_inquiry(app, "application", district="nord", answers={})
    adviser = make_staff(app, "adviser", ("nord",), name="Lise Marie Hansen")
    staff = new_context("en", viewport=DESKTOP).new_page()
    log_in(staff, app, adviser)
    staff.goto(f"/staff/cases/{case_id}")
    staff.get_by_role("link", name="Ask the child").click()
    accessible(staff, checkers, True)
    staff.get_by_label("Before a decision", exact=False).check()
    staff.get_by_label("Why do you ask? The child reads this").fill(REASON)
    with app.app_context():
        day = (clock.now() + timedelta(days=7)).date()
    staff.get_by_label("When do you need the child's view?").fill(day.isoformat())
    staff.get_by_role("button", name="Make the code").click()
    expect(staff.locator("h1")).to_have_text("The code for the child")
    accessible(staff, checkers, True)  # with the inline QR code; a CSP violation fails too
    expect(staff.locator("svg.qr-code")).to_be_visible()
    code = staff.locator("code.invitation-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", code)
    text = staff.locator("#invitation-text").input_value()
    assert f"/i/{code}" in text

    child = new_context(locale, java_script_enabled=javascript).new_page()
    child.goto(f"/i/{code}")
    expect(child).to_have_url(re.compile(r"/invitation$"))  # the code left the address bar
    accessible(child, checkers, javascript)
    expect(child.locator("main")).to_contain_text(REASON)
    expect(child.locator("main")).not_to_contain_text("Hansen")
    if locale == "ar":
        assert child.locator("html").get_attribute("dir") == "rtl"
    child.locator("a.button--start").click()
    child.locator("textarea").fill("Jeg vil helst bo hos mor.")
    child.locator("form button.button").click()
    child.locator("form button.button").click()  # skipped
    child.locator("form button.button").click()  # skipped: one answer is enough
    accessible(child, checkers, javascript)
    child.locator("#write_back-0").check()
    child.locator("form button.button").click()
    expect(child.locator(".summary")).to_contain_text("Jeg vil helst bo hos mor.")
    accessible(child, checkers, javascript)
    child.locator("form button.button").click()
    expect(child.locator(".passphrase")).to_be_visible()
    accessible(child, checkers, javascript)
    reference = child.locator(".panel__reference .number").inner_text().strip()

    staff.goto(f"/staff/cases/{case_id}")
    views = staff.locator("#views-heading + ul")
    expect(views).to_contain_text(reference)
    views.get_by_role("link").first.click()
    expect(staff.locator("main")).to_contain_text("Jeg vil helst bo hos mor.")
    expect(staff.locator("main")).to_contain_text("Given for case")
    accessible(staff, checkers, True)
