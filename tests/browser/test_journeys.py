"""Ask for help and come back, in a real browser at phone size, as a child would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from portal.i18n import LOCALES
from tests.browser.checkers import Checkers
from tests.browser.conftest import NewContext
from tests.browser.servers import LivePortal
from tests.support.invitations import invite

MESSAGE = "Jeg er ked af det i skolen. Nogen skriver grimme ting til mig 😢"


def assert_accessible(page: Page, checkers: Checkers) -> None:
    violations = checkers.errors(page)
    assert not violations, f"{page.url}: {violations}"


def choose(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def press(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_a_child_asks_for_help_corrects_a_mistake_and_comes_back(
    page: Page, checkers: Checkers
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Jeg er barn eller ung").click()
    page.get_by_role("link", name="Bed om hjælp").first.click()
    assert_accessible(page, checkers)
    page.get_by_role("link", name="Start").click()

    choose(page, "Ja")
    assert_accessible(page, checkers)
    press(page, "Fortsæt")

    press(page, "Fortsæt")  # forgot to choose: the error summary says what to do
    expect(page).to_have_title(
        "Fejl: Hvad handler det om? \N{EN DASH} Bed om hjælp \N{EN DASH} Eksempel Kommune"
    )
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Vælg mindst ét.")
    assert_accessible(page, checkers)
    summary.get_by_role("link").click()  # the link moves to the first choice
    expect(page.locator("#topics-0")).to_be_focused()
    choose(page, "Skole")
    choose(page, "Venner")
    press(page, "Fortsæt")

    box = page.get_by_role("textbox")
    box.fill(MESSAGE)
    expect(page.locator(".counter")).to_contain_text("tegn tilbage")
    press(page, "Fortsæt")
    choose(page, "Ja, jeg vil have svar")
    press(page, "Fortsæt")
    choose(page, "10-13 år")
    press(page, "Fortsæt")
    expect(page.get_by_label("Nej, jeg vil være anonym", exact=True)).to_be_checked()
    press(page, "Fortsæt")

    expect(page.locator("h1")).to_have_text("Tjek dine svar")
    assert_accessible(page, checkers)
    expect(page.locator(".summary")).to_contain_text(MESSAGE)
    press(page, "Send")

    expect(page.locator("h1")).to_have_text("Vi har fået din besked")
    assert_accessible(page, checkers)
    words = page.locator(".passphrase").inner_text()
    assert len(words.split()) == 6

    # Later, on the same phone: the front door, "continue a conversation", the words.
    page.goto("/exit")
    page.goto("/")
    page.get_by_role("link", name="Fortsæt en samtale").click()
    page.get_by_label("Dine seks hemmelige ord").fill(words.upper())
    press(page, "Åbn samtalen")
    expect(page.locator(".messages")).to_contain_text(MESSAGE)
    assert_accessible(page, checkers)

    # Left lying around: a warning two minutes before it closes, then the messages go.
    page.clock.install()
    page.reload()
    page.clock.fast_forward("13:30")
    expect(page.locator("[data-idle-warning]")).to_be_visible()
    expect(page.get_by_role("button", name="Hold den åben")).to_be_focused()
    page.clock.fast_forward("01:45")
    expect(page).to_have_url(re.compile(r"/conversation\?closed=1$"))
    expect(page.locator(".messages")).to_have_count(0)


def test_a_child_who_is_not_safe_gets_the_numbers_first(page: Page) -> None:
    page.goto("/ask-for-help/are-you-safe")
    choose(page, "Nej")
    press(page, "Fortsæt")
    expect(page.locator("h1")).to_have_text("Ring efter hjælp nu")
    expect(page.get_by_role("link", name="112")).to_be_visible()
    page.get_by_role("link", name="Skriv videre til os").click()
    expect(page.locator("h1")).to_have_text("Hvad handler det om?")


def test_arabic_journey_right_to_left(new_context: NewContext, checkers: Checkers) -> None:
    page = new_context("ar").new_page()
    page.goto("/ask-for-help/are-you-safe")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#safe-0").check()
    page.get_by_role("button", name="تابع").click()
    page.get_by_role("button", name="تابع").click()  # an error, in Arabic
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, checkers)
    page.locator("#topics-2").check()
    page.get_by_role("button", name="تابع").click()
    page.get_by_role("textbox").fill("أنا حزين في المدرسة")
    page.get_by_role("button", name="تابع").click()
    expect(page).to_have_url(page.url.split("/ask-for-help")[0] + "/ask-for-help/answer")


# How to answer each step validly, by journey and step (ids do not depend on the locale).
FILL: dict[str, dict[str, list[tuple[str, str]]]] = {
    "ask-for-help": {
        "are-you-safe": [("check", "#safe-0")],
        "about": [("check", "#topics-0")],
        "your-message": [("fill", "textarea")],
        "answer": [("check", "#wants_answer-0")],
        "age": [("check", "#age_band-0")],
        "who-you-are": [("check", "#identity-1")],
        "your-details": [("fill", "#name")],
    },
    "report-a-concern": {
        "who-you-are": [("check", "#reporter-0")],
        "danger": [("check", "#danger-1")],
        "your-details": [
            ("fill", "#name"),
            ("fill", "#workplace"),
            ("fill", "#role"),
            ("email", "#email"),
        ],
        "the-child": [("fill", "#child_name")],
        "what-happened": [("fill", "#concern")],
        "who-knows": [("check", "#parents_know-0"), ("check", "#child_knows-0")],
    },
    "apply-for-support": {
        "who-applies": [("check", "#applicant-0")],
        "support": [("check", "#support-3")],
        "the-child": [("fill", "#child_name"), ("date", "#child_birth_date")],
        "cpr": [("cpr", "#cpr")],
        "why": [("fill", "#reason")],
        "the-childs-view": [("check", "#child_knows-0")],
        "contact": [("fill", "#name"), ("phone", "#phone")],
        "consent": [("check", "#may_ask-0")],
        "consent-scope": [("check", "#sources-0")],
    },
    "anonymous-advice": {
        "who-you-are": [("check", "#asker-0")],
        "your-question": [("fill", "textarea")],
        "answer": [("check", "#wants_answer-0")],
    },
    "have-your-say": {
        "age": [("check", "#age_band-0")],
        "how-are-things": [("check", "#home-2")],
    },
    # The child's view, asked for (a code "before a decision"): at least one answer.
    "invitation": {
        "decision-worry": [("fill", "textarea")],
        "write-back": [("check", "#write_back-0")],
    },
}


def _with_a_code(page: Page, app: Flask) -> None:
    """An adviser's invitation, opened by its link as the child would."""
    page.goto(f"/i/{invite(app).code}")


# What a journey needs before its start page: the invitation's code, for the child's view.
BEFORE_START: dict[str, Callable[[Page, Flask], None]] = {"invitation": _with_a_code}


def open_journey(page: Page, journey: str, live: LivePortal | None) -> None:
    """The journey's start page, with what it needs first."""
    if journey in BEFORE_START:
        assert live is not None, f"{journey} needs the live portal"
        BEFORE_START[journey](page, live.app)
    page.goto(f"/{journey}")


VALUES = {"fill": "Hej 👋", "email": "a@b.dk", "date": "01-02-2015", "cpr": "010215-4123",
          "phone": "12345678"}  # fmt: skip


def answer(page: Page, journey: str) -> None:
    slug = page.url.split("?")[0].rsplit("/", 1)[-1]
    for action, selector in FILL[journey].get(slug, []):
        if action == "check":
            page.locator(selector).check()
        else:
            page.locator(selector).fill(VALUES[action])


def walk_journey(
    page: Page, journey: str, on_each_page: Callable[[], None], live: LivePortal | None = None
) -> None:
    """Every step (its error state too), check answers and the receipt."""
    open_journey(page, journey, live)
    on_each_page()
    page.locator("a.button--start").click()
    for _ in range(20):
        if "/check-answers" in page.url:
            break
        on_each_page()
        before = page.url
        page.locator("form button.button").click()  # as it is: an error, or optional
        page.wait_for_load_state()
        if page.url == before:
            on_each_page()
            answer(page, journey)
            page.locator("form button.button").click()
            page.wait_for_load_state()
        assert page.url != before, f"stuck on {before}"
    on_each_page()
    page.locator("form button.button").click()
    expect(page.locator(".panel__reference")).to_be_visible()
    on_each_page()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("journey", sorted(FILL))
def test_every_step_error_and_receipt_has_no_axe_violations(
    new_context: NewContext, live: LivePortal, checkers: Checkers, locale: str, journey: str
) -> None:
    page = new_context(locale).new_page()
    walk_journey(page, journey, lambda: assert_accessible(page, checkers), live)


@pytest.mark.parametrize("journey", sorted(FILL))
def test_every_step_fits_a_320_px_screen(
    new_context: NewContext, live: LivePortal, journey: str
) -> None:
    page = new_context("da", viewport={"width": 320, "height": 640}).new_page()

    def fits() -> None:
        page.wait_for_load_state()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} is {overflow}px too wide at 320px"

    walk_journey(page, journey, fits, live)


def test_the_conversation_page_and_its_errors_have_no_axe_violations(
    page: Page, checkers: Checkers
) -> None:
    page.goto("/conversation")
    assert_accessible(page, checkers)
    press(page, "Åbn samtalen")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, checkers)


def test_a_teacher_reports_a_concern_between_lessons(page: Page, checkers: Checkers) -> None:
    page.goto("/")
    page.get_by_role("link", name="Jeg arbejder med børn").click()
    page.get_by_role("link", name="Send en underretning").first.click()
    assert_accessible(page, checkers)
    page.get_by_role("link", name="Start").click()
    choose(page, "Ja, jeg arbejder med børn (fx på en skole eller i et dagtilbud)")
    press(page, "Fortsæt")
    choose(page, "Nej")
    press(page, "Fortsæt")
    page.get_by_label("Dit navn").fill("Mette Hansen")
    page.get_by_label("Din arbejdsplads").fill("Nordskolen")
    page.get_by_label("Din funktion").fill("Lærer")
    page.get_by_label("Din arbejdsmail").fill("mette@nordskolen")  # a typo
    press(page, "Fortsæt")
    expect(page.locator(".error-summary")).to_contain_text("Skriv en mailadresse som")
    assert_accessible(page, checkers)
    page.get_by_label("Din arbejdsmail").fill("mette@nordskolen.dk")
    press(page, "Fortsæt")
    page.get_by_label("Barnets navn").fill("Ali")
    page.get_by_label("Skole eller dagtilbud").fill("Nordskolen, 2.b")
    press(page, "Fortsæt")
    page.get_by_label("Hvad har du set eller hørt?").fill("Ali er sulten hver morgen.")
    page.get_by_label("Hvad har barnet sagt? (frivilligt)").fill("Der er ingen mad hjemme.")
    press(page, "Fortsæt")
    press(page, "Fortsæt")  # nothing done yet is a fine answer
    page.locator("#parents_know-1").check()
    page.locator("#child_knows-0").check()
    press(page, "Fortsæt")
    expect(page.locator(".warning")).to_contain_text("forældre kan senere læse")
    assert_accessible(page, checkers)
    press(page, "Send")
    expect(page.locator("h1")).to_have_text("Din underretning er sendt")
    expect(page.locator("main")).to_contain_text("Vi har sendt kvitteringen til din e-mail nu")
    assert_accessible(page, checkers)


def test_a_parent_applies_for_support(page: Page, checkers: Checkers) -> None:
    page.goto("/apply-for-support")
    assert_accessible(page, checkers)
    page.get_by_role("link", name="Start").click()
    choose(page, "Jeg er forælder eller har forældremyndigheden")
    press(page, "Fortsæt")
    choose(page, "Dækning af merudgifter på grund af en funktionsnedsættelse")
    press(page, "Fortsæt")
    page.get_by_label("Fulde navn").fill("Sofie Jensen")
    page.get_by_label("Fødselsdato").fill("1-2-2015")
    press(page, "Fortsæt")
    page.get_by_role("textbox").fill("020215-4123")  # the wrong day
    press(page, "Fortsæt")
    expect(page.locator(".error-summary")).to_contain_text("passer ikke med den fødselsdato")
    assert_accessible(page, checkers)
    page.get_by_role("textbox").fill("010215-4123")
    press(page, "Fortsæt")
    page.get_by_role("textbox").fill("Sofie har brug for en særlig cykel.")
    press(page, "Fortsæt")
    page.get_by_label("Hvordan ser barnet på det? (frivilligt)").fill("Jeg vil cykle med.")
    page.locator("#child_knows-0").check()
    press(page, "Fortsæt")
    page.get_by_label("Dit navn").fill("Anne Jensen")
    page.get_by_label("Dit telefonnummer").fill("12 34 56 78")
    press(page, "Fortsæt")
    press(page, "Fortsæt")  # consent asked on its own: yes or no, neither yet
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, checkers)
    choose(page, "Nej. Jeg giver ikke samtykke")  # and still apply
    press(page, "Fortsæt")
    expect(page.locator(".summary")).to_contain_text("010215-xxxx")
    expect(page.locator("main")).not_to_contain_text("4123")
    assert_accessible(page, checkers)
    press(page, "Send")
    expect(page.locator("h1")).to_have_text("Din ansøgning er sendt")
    assert_accessible(page, checkers)


@pytest.mark.parametrize("locale", ["da", "ar"])
def test_a_young_child_has_their_say_with_faces(
    new_context: NewContext, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale).new_page()
    page.goto("/have-your-say")
    assert_accessible(page, checkers)
    page.locator("a.button--start").click()
    page.locator("form button.button").click()  # the age is the one required answer
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, checkers)
    page.locator("#age_band-0").check()
    page.locator("form button.button").click()
    page.locator("#how-0").check()
    assert_accessible(page, checkers)
    page.locator("form button.button").click()
    assert_accessible(page, checkers)  # the faces
    page.locator("#home-1").click()  # the whole face is the target
    expect(page.locator("#home-1")).to_be_checked()
    box = page.locator("#home-1").bounding_box()
    assert box is not None
    assert box["width"] >= 44  # at least 44 px: WCAG 2.5.5
    assert box["height"] >= 44
    page.locator("#school-0").focus()
    # Radios work with the arrow keys; "next" is to the left in right-to-left Arabic.
    page.keyboard.press("ArrowLeft" if locale == "ar" else "ArrowRight")
    expect(page.locator("#school-1")).to_be_checked()
    page.locator("form button.button").click()
    page.locator("textarea").first.fill("Min hund")
    page.locator("form button.button").click()
    assert_accessible(page, checkers)
    page.locator("form button.button").click()
    page.locator("#hear_back-0").check()
    page.locator("form button.button").click()
    assert_accessible(page, checkers)
    page.locator("form button.button").click()
    expect(page.locator(".passphrase")).to_be_visible()
    assert_accessible(page, checkers)
