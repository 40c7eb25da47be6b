"""The safety line in Chromium, walked by the visible labels in Danish and Arabic, with and
without JavaScript: a child who may be in danger sees who to call first and who knows now,
and reception finds the case first in the inbox with the 24-hour clock."""

from __future__ import annotations

import re
from functools import partial

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import db
from portal.casework import services
from portal.inquiries.models import Inquiry
from portal.staff.models import StaffUser
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_journeys import assert_accessible
from tests.support.staff import Account, acting, make_staff, next_code

MESSAGES = {
    "da": ("Jeg vil gerne tale med en voksen.", "Jeg vil ikke leve mere."),
    "ar": ("أريد أن أتكلم مع شخص بالغ.", "أُرِيدُ أَنْ أَمُوتَ"),
}


def say(app: Flask, locale: str, text: str) -> str:
    """``text`` as a person reading the page in ``locale`` sees it."""
    with app.test_request_context(), force_locale(locale):
        return str(gettext(text))


def settle_open_flags(app: Flask) -> None:
    """Other tests' possible dangers are assessed first, as a leader would: the inbox then
    shows whether this test's case comes first."""
    with app.app_context(), db.new_session() as s, s.begin():
        leader = s.scalars(select(StaffUser).where(StaffUser.role == "leader")).first()
        if leader is None:
            leader = s.get(StaffUser, make_staff(app, "leader").id)
        assert leader is not None
        for inquiry in s.scalars(select(Inquiry).where(Inquiry.safety_flagged_at.is_not(None))):
            outcome = "not_acute" if inquiry.kind == "report_of_concern" else "no_concern"
            services.assess(acting(s, leader), inquiry, outcome=outcome, reasoning="Test.")


def log_in(page: Page, app: Flask, account: Account) -> None:
    page.goto("/staff/login")
    page.get_by_label("E-mail").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(next_code(app, account))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/staff/inbox")


def walk_ask_for_help(page: Page, app: Flask, locale: str, safe: str, topic: str) -> str:
    """A child asks for help by the visible labels; the reference on the receipt."""
    t = partial(say, app, locale)
    go_on = t("Continue")
    page.goto("/ask-for-help")
    page.get_by_role("link", name=t("Start")).click()
    page.get_by_label(t(safe), exact=True).check()
    page.get_by_role("button", name=go_on, exact=True).click()
    if safe != "Yes":
        expect(page.locator("h1")).to_have_text(t("Call for help now"))
        expect(page.get_by_role("link", name="112", exact=True)).to_be_visible()
        page.get_by_role("link", name=t("Continue writing to us")).click()
    page.get_by_label(t(topic), exact=True).check()
    page.get_by_role("button", name=go_on, exact=True).click()
    page.get_by_role("textbox").fill(MESSAGES[locale][0])
    page.get_by_role("button", name=go_on, exact=True).click()
    page.get_by_label(t("Yes, I want an answer"), exact=True).check()
    page.get_by_role("button", name=go_on, exact=True).click()
    page.get_by_label(say(app, locale, "%(band)s years") % {"band": "10-13"}, exact=True).check()
    page.get_by_role("button", name=go_on, exact=True).click()
    page.get_by_role("button", name=go_on, exact=True).click()  # anonymous, as it is
    expect(page.locator("h1")).to_have_text(t("Check your answers"))
    page.get_by_role("button", name=t("Send"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("We got your message"))
    return page.locator(".panel__reference").inner_text().strip()


def reception_sees_it_first(
    new_context: NewContext, live: LivePortal, reference: str, reason: str, checkers: Checkers
) -> None:
    page = new_context("en", viewport=DESKTOP).new_page()
    log_in(page, live.app, make_staff(live.app, "reception"))
    danger = page.locator("section.danger")
    expect(danger).to_contain_text(reference)
    expect(danger).to_contain_text(reason)
    first_row = page.locator("table.inbox tbody tr").first
    expect(first_row).to_contain_text(reference)
    expect(first_row).to_contain_text(reason)
    expect(first_row).to_contain_text(re.compile(r"Assessment: 2[34] hours left"))
    assert_accessible(page, checkers)
    page.get_by_role("link", name=re.compile(reference)).first.click()
    expect(page.locator("section.danger h2")).to_have_text("! Possible danger: assess it now")
    assert_accessible(page, checkers)
    page.get_by_role("link", name="Assess the possible danger").first.click()
    expect(page.locator("h1")).to_have_text("Assessment of a possible danger")
    assert_accessible(page, checkers)


NOT_SAFE = "the child said they are not safe"
SELF_HARM = "I hurt myself or think about it"
CHILDREN = [
    pytest.param("da", True, "No", "How I feel", NOT_SAFE, id="da-js-not-safe"),
    pytest.param("ar", False, "No", "School", NOT_SAFE, id="ar-nojs-not-safe"),
    pytest.param(
        "ar", True, "Yes", "Someone hurts me", "the child chose “Someone hurts me”", id="ar-js-hurt"
    ),
    pytest.param(
        "da", False, "Yes", SELF_HARM, f"the child chose “{SELF_HARM}”", id="da-nojs-self-harm"
    ),
]


@pytest.mark.parametrize(("locale", "javascript", "safe", "topic", "reason"), CHILDREN)
def test_a_child_in_danger_is_first_in_receptions_inbox(
    new_context: NewContext,
    live: LivePortal,
    checkers: Checkers,
    locale: str,
    javascript: bool,
    safe: str,
    topic: str,
    reason: str,
) -> None:
    settle_open_flags(live.app)
    page = new_context(locale, java_script_enabled=javascript).new_page()
    reference = walk_ask_for_help(page, live.app, locale, safe, topic)
    # Who to call comes before everything else on the receipt; then who knows now.
    first_heading = page.locator("main h2").first
    expect(first_heading).to_have_text(say(live.app, locale, "Are you in danger now?"))
    expect(page.get_by_role("link", name="112", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="116 111", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=say(live.app, locale, "Who knows now"))).to_be_visible()
    if javascript:  # axe runs in the page: without JavaScript it cannot (the same HTML)
        assert_accessible(page, checkers)
    reception_sees_it_first(new_context, live, reference, f"Possible danger: {reason}", checkers)


@pytest.mark.parametrize(
    ("locale", "javascript"),
    [pytest.param("da", True, id="da-js"), pytest.param("ar", False, id="ar-nojs")],
)
def test_a_screened_word_in_a_later_message_puts_the_case_first(
    new_context: NewContext, live: LivePortal, checkers: Checkers, locale: str, javascript: bool
) -> None:
    settle_open_flags(live.app)
    page = new_context(locale, java_script_enabled=javascript).new_page()
    reference = walk_ask_for_help(page, live.app, locale, "Yes", "School")
    words = page.locator(".passphrase").inner_text()
    t = partial(say, live.app, locale)
    page.get_by_role("link", name=t("Read our answer later")).click()
    page.get_by_label(t("Your six secret words")).fill(words)
    page.get_by_role("button", name=t("Open the conversation")).click()
    page.get_by_label(t("Write a message")).fill(MESSAGES[locale][1])
    page.get_by_role("button", name=t("Send"), exact=True).click()
    expect(page.get_by_text(t("Your message is sent."))).to_be_visible()
    expect(page.get_by_role("heading", name=t("Are you in danger now?"))).to_be_visible()
    if javascript:
        assert_accessible(page, checkers)
    reception_sees_it_first(
        new_context,
        live,
        reference,
        "Possible danger: words on the screening list in a later message",
        checkers,
    )


def test_staff_turn_alerts_on_with_javascript_and_read_why_not_without(
    new_context: NewContext, live: LivePortal, checkers: Checkers
) -> None:
    account = make_staff(live.app, "reception")
    context = new_context("en", viewport=DESKTOP)
    context.grant_permissions(["notifications"])
    page = context.new_page()
    log_in(page, live.app, account)
    page.get_by_role("link", name="Your account").click()
    section = page.locator("[data-push]")
    expect(section).to_be_visible()
    assert_accessible(page, checkers)
    page.get_by_role("button", name="Turn on safety alerts here").click()
    script = page.evaluate(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            return (reg.active || reg.waiting || reg.installing).scriptURL;
        }"""
    )
    assert script == f"{live.url}/sw.js"
    # Headless Chromium has no push service to subscribe at: the page says so in words.
    expect(page.locator("[data-push-when-on]:visible, [data-push-problem]:visible")).to_have_count(
        1
    )
    problem = page.locator("[data-push-problem]")
    if problem.is_visible():
        expect(problem).to_have_text(
            "We could not turn on alerts on this browser. Try again later; email alerts still come."
        )
    assert_accessible(page, checkers)

    plain = new_context("en", viewport=DESKTOP, java_script_enabled=False).new_page()
    log_in(plain, live.app, account)
    plain.goto("/staff/account")
    expect(plain.locator("[data-push]")).to_be_hidden()
    expect(plain.get_by_text("Alerts on a browser need JavaScript.")).to_be_visible()
