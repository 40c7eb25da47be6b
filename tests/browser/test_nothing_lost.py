"""Nothing lost, nothing unread, in Chromium: a message after closing is in the adviser's
inbox on the next page load; the timeout warning offers more time and never takes the
typed text away; the six secret words are shown once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from portal import db
from portal.casework import decisions
from portal.casework import services as casework
from portal.inquiries.models import Inquiry
from portal.staff.models import StaffUser
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_journeys import assert_accessible
from tests.browser.test_safety import log_in
from tests.support.cases import new_inquiry
from tests.support.staff import acting, make_staff


def test_a_message_after_closing_is_in_the_advisers_inbox_on_the_next_page_load(
    new_context: NewContext, live: LivePortal, checkers: Checkers
) -> None:
    app = live.app
    account = make_staff(app, "adviser", ("syd",), name="Mikkel Efterlukning")
    case_id, words = new_inquiry(app, "ask_for_help", district="syd", conversation=True)
    assert words
    with app.app_context(), db.new_session() as s, s.begin():
        inquiry = s.get(Inquiry, case_id)
        adviser = s.get(StaffUser, account.id)
        assert inquiry is not None
        assert adviser is not None
        inquiry.assigned_to_id = adviser.id
        ctx = acting(s, adviser, inquiry.received_at)
        decisions.decide(
            ctx,
            inquiry,
            decisions.DecisionInput(
                kind="decision",
                final=True,
                decision="Råd og vejledning.",
                decided="Hej. Vi har talt med din skole. Skriv, hvis der er mere.",
                views_counted="Du ville have hjælp i skolen. Det har vi lyttet til.",
                not_possible="Alt det, du bad om, kunne lade sig gøre.",
            ),
        )
        casework.close(ctx, inquiry)
    staff = new_context("en", viewport=DESKTOP).new_page()
    log_in(staff, app, account)
    row = staff.locator(f'table.inbox a[href="/staff/cases/{case_id}"]')
    expect(row).to_have_count(0)  # closed: not among the open cases

    child = new_context("da", java_script_enabled=False).new_page()
    child.goto("/conversation")
    child.get_by_label("Dine seks hemmelige ord").fill(words)
    child.get_by_role("button", name="Åbn samtalen").click()
    child.get_by_label("Skriv en besked").fill("Jeg er ikke enig i det, I har besluttet.")
    child.get_by_role("button", name="Send", exact=True).click()
    expect(child.get_by_text("Din besked er sendt.")).to_be_visible()
    expect(child.locator(".answer-due")).to_contain_text("Vi svarer senest")

    staff.reload()
    line = staff.locator(
        "table.inbox tbody tr", has=staff.locator(f'a[href="/staff/cases/{case_id}"]')
    )
    expect(line).to_contain_text("New message after closing")
    expect(line).to_contain_text(re.compile(r"Answer: .*left"))
    assert_accessible(staff, checkers)


def test_the_timeout_warning_offers_more_time_and_keeps_what_is_typed(
    page: Page, checkers: Checkers
) -> None:
    page.goto("/ask-for-help/are-you-safe")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_label("Skole", exact=True).check()
    page.get_by_role("button", name="Fortsæt").click()
    page.clock.install()
    page.reload()
    typed = "Det her har jeg skrevet i lang tid, og det må ikke forsvinde."
    page.get_by_role("textbox").fill(typed)
    page.clock.fast_forward("01:58:30")
    warning = page.locator("[data-visit-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Har du brug for mere tid?")
    keep = page.get_by_role("button", name="Gem mine svar")
    expect(keep).to_be_focused()
    assert_accessible(page, checkers)
    keep.click()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:00:00")
    expect(warning).to_be_hidden()  # the server gave two more hours
    page.clock.fast_forward("01:05:00")
    expect(page.locator("[data-visit-ended]")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_value(typed)


def test_the_six_words_are_shown_once(page: Page) -> None:
    page.goto("/ask-for-help/are-you-safe")
    for label in ("Ja", "Venner"):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Fortsæt").click()
    page.get_by_role("textbox").fill("Jeg vil gerne tale med en voksen.")
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_label("Ja, jeg vil have svar", exact=True).check()
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_label("10-13 år", exact=True).check()
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_role("button", name="Send", exact=True).click()
    words = page.locator(".passphrase").inner_text()
    assert len(words.split()) == 6
    page.reload()
    expect(page.locator(".passphrase")).to_have_count(0)
    expect(page.get_by_text("viste vi de seks ord kun én gang")).to_be_visible()
    page.go_back()  # "check your answers": the receipt again, not an empty journey
    expect(page.locator("h1")).to_have_text("Vi har fået din besked")
    expect(page.locator(".passphrase")).to_have_count(0)
