"""The whole loop of asking the child, in Chromium, with and without JavaScript, in Danish and
in Arabic: the adviser makes a code (the page with its QR code passes the checkers and the
CSP); the child answers on a phone with the link; the adviser finds the view on the case,
records a participation note and a decision with its feedback; the child reads the outcome
in their conversation and answers "did you feel heard?"; the leader's figures count it."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

import pytest
from playwright.sync_api import Page, expect

from portal import clock, db
from portal.casework.models import FeltHeard
from portal.working_days import TZ
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_consent import accessible
from tests.browser.test_safety import log_in, say
from tests.support.cases import new_inquiry
from tests.support.staff import make_staff

REASON = "Vi skal finde ud af, hvor du skal bo efter sommerferien. Hvad er vigtigt for dig?"


@pytest.mark.parametrize(
    ("locale", "javascript"),
    [("da", True), ("da", False), ("ar", True), ("ar", False)],
    ids=["da", "da-no-js", "ar", "ar-no-js"],
)
def test_the_child_is_asked_heard_told_and_counted(
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
    words = child.locator(".passphrase").inner_text().strip()

    staff.goto(f"/staff/cases/{case_id}")
    views = staff.locator("#views-heading + ul")
    expect(views).to_contain_text(reference)
    views.get_by_role("link").first.click()
    expect(staff.locator("main")).to_contain_text("Jeg vil helst bo hos mor.")
    expect(staff.locator("main")).to_contain_text("Given for case")
    accessible(staff, checkers, True)

    # The leader's figures before: this test's decision and answers are counted on top.
    leader = new_context("en", viewport=DESKTOP).new_page()
    log_in(leader, app, make_staff(app, "leader"))
    with app.app_context(), db.new_session() as s, s.begin():
        month = clock.now().astimezone(TZ).strftime("%Y-%m")
        # Five other children's answers: this month's group is shown before and after.
        for _ in range(5):
            s.add(FeltHeard(month=month, district_slug="nord", said_what_wanted="partly"))
    before = participation_figures(leader)

    # The adviser records how the child took part, then the decision, told to the child.
    staff.goto(f"/staff/cases/{case_id}")
    staff.get_by_role("link", name="Record a participation note").click()
    staff.get_by_label("A conversation with the child (børnesamtale)").check()
    with app.app_context():
        today = clock.now().astimezone(TZ).strftime("%d-%m-%Y")
    staff.get_by_label("Date of the contact").fill(today)
    staff.get_by_label("Where?").fill("På skolen")
    staff.get_by_label("Who else was present?").fill("Ingen")
    for question, answer in (
        ("Was a bisidder (support person) present?", "No"),
        ("Was the child told the purpose of the conversation?", "Yes"),
        ("Was the child offered a bisidder?", "Yes"),
        ("Is the case one where a child of 10 or more is a party (§ 3)?", "No"),
        ("Was the child heard as a party?", "No"),
    ):
        staff.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    staff.get_by_label("The child's age (if you know it)").fill("11")
    staff.get_by_label("The child's views, in the child's own words").fill("Jeg vil bo hos mor.")
    staff.get_by_label("How will the views be weighed?").fill("Vægtes højt; barnet er 11.")
    staff.get_by_role("button", name="Save the note").click()
    expect(staff).to_have_url(re.compile(r"saved="))

    staff.get_by_role("link", name="Record a decision").click()
    expect(staff.locator("main")).to_contain_text("Jeg vil bo hos mor.")  # the views it rests on
    staff.get_by_label("A decision", exact=True).check()
    staff.get_by_role("group", name="Is it final?").get_by_label("Yes", exact=True).check()
    staff.get_by_label("What was decided (for the case file)").fill("Bopæl hos mor (§ 32).")
    staff.get_by_label("What was decided", exact=True).fill("Du skal bo hos din mor.")
    staff.get_by_label("How your views counted").fill("Du ville bo hos mor. Det vejede tungt.")
    staff.get_by_label("What was not possible, and why").fill("Du kan ikke skifte skole nu.")
    staff.get_by_role("button", name="Save the decision and tell the child").click()
    expect(staff).to_have_url(re.compile(r"saved=decided"))
    accessible(staff, checkers, True)

    # The child opens the conversation with the six words and reads the outcome.
    t = partial(say, app, locale)
    child.goto("/conversation")
    child.locator("#passphrase").fill(words)
    child.get_by_role("button", name=t("Open the conversation")).click()
    outcome = child.locator(".outcome")
    expect(outcome).to_contain_text("Du skal bo hos din mor.")
    expect(outcome).to_contain_text("Du kan ikke skifte skole nu.")
    accessible(child, checkers, javascript)
    child.get_by_role("link", name=t("Tell us how it went: 3 short questions")).click()
    accessible(child, checkers, javascript)
    for question in (
        "Did you get to say what you wanted?",
        "Did the adults listen?",
        "Do you understand what was decided and why?",
    ):
        group = child.get_by_role("group", name=t(question))
        group.get_by_label(t("Yes"), exact=True).check()  # the face and the word: one label
    child.get_by_role("button", name=t("Send"), exact=True).click()
    expect(child.locator("h1")).to_have_text(t("Thank you"))
    accessible(child, checkers, javascript)

    # The leader's figures count the decision with the child's view, and the answers.
    after = participation_figures(leader)
    assert after["decided with the view"] == before["decided with the view"] + 1
    assert after["offered a bisidder"] == before["offered a bisidder"] + 1
    assert after["said what they wanted: yes"] == before["said what they wanted: yes"] + 1
    assert after["said what they wanted: answers"] >= 5


def participation_figures(page: Page) -> dict[str, int]:
    """The numbers a leader reads on the participation figures for this month (district Nord
    for the decisions and the bisidder, every district for the children's answers)."""
    page.goto("/staff/figures/participation")

    def cell(table: str, row: str, column: int) -> int:
        found = page.locator(f"#{table} tbody tr").filter(
            has=page.locator("th", has_text=re.compile(f"^{row}$"))
        )
        assert found.locator("td.figures-hidden").count() == 0, f"{table}: {row} is hidden"
        return int(found.locator("td").nth(column).inner_text().replace(",", ""))

    return {
        "decided with the view": cell("table-decisions-district", "Nord", 0),
        "offered a bisidder": cell("table-bisidder-district", "Nord", 1),
        "said what they wanted: yes": cell("table-heard-said-what-wanted-month", "All", 0),
        "said what they wanted: answers": cell("table-heard-said-what-wanted-month", "All", 3),
    }
