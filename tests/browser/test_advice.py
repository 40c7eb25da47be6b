"""Anonymous advice in Chromium, with and without JavaScript: a parent asks without a name,
gets six secret words, staff answer in the conversation, the parent comes back and reads it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import db
from portal.inquiries.models import Inquiry
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_journeys import assert_accessible, press
from tests.browser.test_staff import log_in_by_keyboard
from tests.support.staff import make_staff

QUESTION = "Vores datter på 9 er bange for at sove alene efter skilsmissen. Hvad kan vi gøre?"
ANSWER = "Tak for dit spørgsmål. Mange børn har det sådan. Prøv en fast godnathistorie."


def accessible(page: Page, checkers: Checkers, javascript: bool = True) -> None:
    """The checkers run as scripts in the page, so a page without JavaScript cannot run them
    (Playwright waits for ever): those pages are checked in the run with it."""
    if javascript:
        assert_accessible(page, checkers)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_parent_asks_anonymously_and_reads_the_answer_later(
    live: LivePortal, new_context: NewContext, checkers: Checkers, javascript: bool
) -> None:
    parent = new_context("da", java_script_enabled=javascript).new_page()
    parent.goto("/")
    parent.get_by_role("link", name="Jeg er forælder eller i familie").click()
    parent.get_by_role("link", name="Spørg anonymt om råd").first.click()
    expect(parent.locator("h1")).to_have_text("Anonym rådgivning")
    expect(parent.locator("main")).to_contain_text("Vi svarer inden for 3 arbejdsdage.")
    accessible(parent, checkers, javascript)
    parent.get_by_role("link", name="Start").click()

    parent.get_by_label("Jeg er forælder", exact=True).check()
    press(parent, "Fortsæt")
    parent.get_by_label("6-9 år", exact=True).check()
    press(parent, "Fortsæt")
    parent.get_by_label("Skilsmisse eller brud", exact=True).check()
    press(parent, "Fortsæt")
    expect(parent.locator(".warning")).to_contain_text("Vil du være anonym")
    press(parent, "Fortsæt")  # nothing written yet
    expect(parent.locator(".error-summary")).to_contain_text("Skriv dit spørgsmål.")
    accessible(parent, checkers, javascript)
    parent.get_by_role("textbox").fill(QUESTION)
    if javascript:
        expect(parent.locator(".counter")).to_contain_text("tegn tilbage")
    press(parent, "Fortsæt")
    parent.get_by_label("Ja, svar mig i en hemmelig samtale", exact=True).check()
    press(parent, "Fortsæt")

    expect(parent.locator("h1")).to_have_text("Tjek dine svar")
    expect(parent.locator(".summary")).to_contain_text(QUESTION)
    expect(parent.locator(".warning")).to_contain_text("underretning")
    accessible(parent, checkers, javascript)
    press(parent, "Send")

    expect(parent.locator("h1")).to_have_text("Vi har fået dit spørgsmål")
    accessible(parent, checkers, javascript)
    words = parent.locator(".passphrase").inner_text()
    assert len(words.split()) == 6
    reference = parent.locator(".panel__reference .number").inner_text()
    parent.goto("/exit")

    # Reception finds it in the inbox under its label and answers in the conversation.
    app = live.app
    with app.app_context(), db.new_session() as s:
        inquiry = s.scalars(select(Inquiry).where(Inquiry.reference == reference)).one()
        inquiry_id = inquiry.id
        assert (inquiry.kind, inquiry.anonymous) == ("family_advice", True)
    staff = new_context("en", viewport=DESKTOP).new_page()
    log_in_by_keyboard(staff, app, make_staff(app, "reception"))
    staff.goto("/staff/inbox?kind=family_advice")
    link = staff.locator(f'a[href="/staff/cases/{inquiry_id}"]')
    row = staff.locator("table.inbox tbody tr", has=link)
    expect(row).to_contain_text("Anonymous advice")
    link.click()
    expect(staff.locator("main")).to_contain_text(QUESTION)
    staff.get_by_role("link", name="Write a message").click()
    staff.locator("#message").fill(ANSWER)
    press(staff, "Send the message")
    staff.wait_for_url("**saved=replied")

    # Later, the parent comes back with the six words and reads the answer.
    later = new_context("da", java_script_enabled=javascript).new_page()
    later.goto("/")
    later.get_by_role("link", name="Jeg er forælder eller i familie").click()
    later.get_by_role("link", name="Fortsæt en samtale").click()
    later.get_by_label("Dine seks hemmelige ord").fill(words)
    press(later, "Åbn samtalen")
    messages = later.locator(".messages")
    expect(messages).to_contain_text(QUESTION)
    expect(later.locator(".message--staff")).to_contain_text(ANSWER)
    accessible(later, checkers, javascript)
