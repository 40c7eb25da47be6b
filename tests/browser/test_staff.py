"""The staff workspace in Chromium: axe on every page, and a day's work by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from portal import clock
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.browser.servers import LivePortal
from tests.support.cases import APPLICATION, get, new_inquiry
from tests.support.staff import Account, make_staff, next_code


def tab_until(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on ``selector``; the focus must be visible there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"focus on {selector} is not visible"
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def log_in_by_keyboard(
    page: Page, app: Flask, account: Account, lands_on: str = "/staff/inbox"
) -> None:
    page.goto("/staff/login")
    tab_until(page, "#email")
    page.keyboard.type(account.email)
    page.keyboard.press("Tab")
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/login/code")
    tab_until(page, "#code")
    page.keyboard.type(next_code(app, account))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{lands_on}")


def choose_radio(page: Page, group: str, value: str) -> None:
    """Tab into a radio group, then arrow to the value (as a keyboard user does)."""
    tab_until(page, f"input[name={group}]")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not found in {group}")


@pytest.fixture
def staff_page(new_context: NewContext) -> Page:
    return new_context("en", viewport=DESKTOP).new_page()


def test_a_days_work_by_keyboard_alone(live: LivePortal, staff_page: Page) -> None:
    app, page = live.app, staff_page
    with app.app_context():
        now = clock.now()
    # The oldest overdue report, a newer one, and a child's view waiting for an answer.
    oldest, _ = new_inquiry(app, district="midt", received=now - timedelta(hours=40))
    new_inquiry(app, district="midt", received=now - timedelta(hours=30))
    view, _ = new_inquiry(
        app, "consultation", district="midt", conversation=True, age_band="10-13",
        lundy={"voice": {"own_words": {"wish": "Jeg vil bo hos far"}}},
    )  # fmt: skip
    adviser = make_staff(app, "adviser", ("midt",), name="Keyboard Rådgiver")
    log_in_by_keyboard(page, app, adviser)

    # Open the oldest overdue report: overdue first, the longest overdue on top.
    tab_until(page, "#filter-clock")
    page.keyboard.press("ArrowDown")  # "Overdue"
    tab_until(page, "form.filters button")
    page.keyboard.press("Enter")
    page.wait_for_url("**clock=overdue**")
    first_case = page.locator("table.inbox tbody tr").first
    assert "OVERDUE" in first_case.inner_text()
    tab_until(page, f'a[href="/staff/cases/{oldest}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/cases/{oldest}")

    tab_until(page, f'a[href="/staff/cases/{oldest}/assessment"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/assessment")
    choose_radio(page, "acute", "no")
    tab_until(page, "#reasoning")
    page.keyboard.type("Ingen akut fare; skolen følger op.")
    tab_until(page, "main button.button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=assessed")

    tab_until(page, f'a[href="/staff/cases/{oldest}/triage"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/triage")
    choose_radio(page, "route", "early_support")
    choose_radio(page, "district", "midt")
    tab_until(page, "#reasoning")
    page.keyboard.type("Tidlig forebyggende støtte efter § 30.")
    tab_until(page, "main button.button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=triaged")
    case = get(app, oldest)
    assert case.assessed_at is not None
    assert case.status == "triaged"

    # Reply to the child, then record a decision and tell the child; then close the case.
    page.goto(f"/staff/cases/{view}")
    tab_until(page, f'a[href="/staff/cases/{view}/reply"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/reply")
    tab_until(page, "#message")
    page.keyboard.type("Tak for dit svar. Jeg har læst det.")
    tab_until(page, "main button.button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=replied")
    tab_until(page, f'a[href="/staff/cases/{view}/decision"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/decision")
    choose_radio(page, "kind", "decision")
    choose_radio(page, "final", "yes")
    for field, words in (
        ("#decision", "Barnet bor hos far i weekenderne."),
        ("#decided", "Nu er du hos far hver weekend."),
        ("#views_weighed", "Du ville gerne bo hos far. Det vejede tungt."),
        ("#not_possible", "Du kan ikke bo hos far hele ugen. Der er for langt til skolen."),
    ):
        tab_until(page, field)
        page.keyboard.type(words)
    tab_until(page, "main button.button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=decided")
    assert get(app, view).closed_at is None  # a decision does not close the case
    tab_until(page, "#close-case")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=closed")
    assert get(app, view).closed_at is not None


def test_no_axe_violations_on_the_staff_pages(
    live: LivePortal, staff_page: Page, checkers: Checkers, new_context: NewContext
) -> None:
    app, page = live.app, staff_page
    report, _ = new_inquiry(app, district="nord")
    view, _ = new_inquiry(
        app, "consultation", district="nord", conversation=True, age_band="6-9",
        lundy={"voice": {"own_words": {"good": "Min hund"}}},
    )  # fmt: skip
    application, _ = new_inquiry(app, "application", answers=APPLICATION)
    page.goto("/staff/login")
    failures = {"/staff/login": checkers.errors(page)}
    leader = make_staff(app, "leader")
    log_in_by_keyboard(page, app, leader)
    paths = [
        "/staff/inbox",
        f"/staff/cases/{report}",
        f"/staff/cases/{report}/assessment",
        f"/staff/cases/{view}",
        f"/staff/cases/{view}/reply?template=meeting",
        f"/staff/cases/{view}/decision",
        f"/staff/cases/{view}/note",
        f"/staff/cases/{report}/decision",
        f"/staff/cases/{view}/triage",
        f"/staff/cases/{view}/record",
        f"/staff/cases/{report}/record",
        f"/staff/cases/{application}",
        f"/staff/cases/{application}/record",
        "/staff/figures",
        "/staff/figures/participation",
        "/staff/audit",
        "/staff/account",
        "/staff/account/password",
    ]
    for path in paths:
        page.goto(path)
        failures[path] = checkers.errors(page)
    # A CPR number shown in full on request.
    page.goto(f"/staff/cases/{application}/record")
    page.get_by_role("button", name="Show the full CPR number").click()
    page.get_by_text("010215-4123").wait_for()
    failures["record with the CPR number shown"] = checkers.errors(page)
    # A form with errors, too.
    page.goto(f"/staff/cases/{report}/assessment")
    page.get_by_role("button", name="Save the assessment").click()
    failures["assessment with errors"] = checkers.errors(page)

    admin = new_context("en", viewport=DESKTOP).new_page()
    log_in_by_keyboard(admin, app, make_staff(app, "admin"), "/staff/accounts")
    for path in ("/staff/accounts", "/staff/accounts/new", f"/staff/accounts/{leader.id}"):
        admin.goto(path)
        failures[path] = checkers.errors(admin)
    assert not {k: v for k, v in failures.items() if v}


def test_the_idle_warning_offers_to_stay_and_keeps_what_was_typed(
    live: LivePortal, staff_page: Page
) -> None:
    app, page = live.app, staff_page
    log_in_by_keyboard(page, app, make_staff(app, "leader"))
    idle = app.config["STAFF_IDLE_SECONDS"]
    app.config["STAFF_IDLE_SECONDS"] = 125  # the warning comes 2 minutes before: after 5 s
    try:
        page.goto("/staff/account/password")
        page.fill("#password", "half-typed text")
        dialog = page.locator("#idle-dialog")
        assert not dialog.is_visible()
        dialog.wait_for(state="visible", timeout=15_000)
        assert "You will be logged out in 2 minutes" in dialog.inner_text()
        page.get_by_role("button", name="Stay logged in").click()
        dialog.wait_for(state="hidden")
        assert page.input_value("#password") == "half-typed text"  # no reload, nothing lost
        left = page.evaluate(
            "() => fetch('/staff/session', {headers: {Accept: 'application/json'}})"
            ".then(r => r.json()).then(d => d.seconds_left)"
        )
        assert left > 120  # staying restarted the idle clock on the server
    finally:
        app.config["STAFF_IDLE_SECONDS"] = idle


def test_staff_end_a_conversation_everywhere_and_the_child_is_told(
    live: LivePortal, staff_page: Page, new_context: NewContext, checkers: Checkers
) -> None:
    app = live.app
    inquiry_id, words = new_inquiry(app, "ask_for_help", district="nord", conversation=True)
    assert words
    child = new_context("en").new_page()
    child.goto("/conversation")
    child.locator("#passphrase").fill(words)
    child.get_by_role("button", name="Open the conversation").click()
    expect(child.locator("h1")).to_have_text("Your conversation")

    log_in_by_keyboard(staff_page, app, make_staff(app, "leader"))
    staff_page.goto(f"/staff/cases/{inquiry_id}")
    button = "End the conversation everywhere and make new words"
    staff_page.get_by_role("link", name=button).click()
    expect(staff_page.locator("h1")).to_have_text(button)
    assert checkers.errors(staff_page) == []
    staff_page.get_by_role("button", name=button).click()
    expect(staff_page.locator("h1")).to_have_text("The new secret words")
    new_words = staff_page.locator("code.new-words").inner_text()
    assert len(new_words.split()) == 6
    assert checkers.errors(staff_page) == []

    # The child's next request: closed, and why; the new words open it again.
    child.reload()
    expect(child.locator("h1")).to_have_text("Continue a conversation")
    expect(child.locator(".notice")).to_contain_text(
        "We have made new secret words for your conversation"
    )
    assert checkers.errors(child) == []
    child.locator("#passphrase").fill(new_words)
    child.get_by_role("button", name="Open the conversation").click()
    expect(child.locator("h1")).to_have_text("Your conversation")
