"""The consent of an application, in Chromium with and without JavaScript: a parent applies
without consenting; another names whom and what, and later withdraws it with the link from
the receipt. Every new page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checkers import Checkers
from tests.browser.conftest import NewContext
from tests.browser.test_journeys import assert_accessible, choose, press


def accessible(page: Page, checkers: Checkers, javascript: bool) -> None:
    """axe runs in the page: with JavaScript off it cannot, and the pages are the same."""
    if javascript:
        assert_accessible(page, checkers)


def to_the_consent_page(page: Page) -> None:
    page.goto("/apply-for-support")
    page.locator("a.button--start").click()
    choose(page, "Jeg er forælder eller har forældremyndigheden")
    press(page, "Fortsæt")
    choose(page, "Tidlig forebyggende støtte, fx et kursus eller familiesamtaler (§ 30)")
    press(page, "Fortsæt")
    page.get_by_label("Fulde navn").fill("Karla Nielsen")
    page.get_by_label("Fødselsdato").fill("3-5-2016")
    press(page, "Fortsæt")
    page.get_by_role("textbox").fill("Karla har det svært efter skilsmissen.")
    press(page, "Fortsæt")
    page.locator("#child_knows-0").check()
    press(page, "Fortsæt")
    page.get_by_label("Dit navn").fill("Louise Nielsen")
    page.get_by_label("Dit telefonnummer").fill("12 34 55 61")
    press(page, "Fortsæt")
    expect(page.locator("h1")).to_have_text("Må vi spørge andre om barnet?")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_parent_applies_without_consenting(
    new_context: NewContext, checkers: Checkers, javascript: bool
) -> None:
    page = new_context("da", java_script_enabled=javascript).new_page()
    to_the_consent_page(page)
    main = page.locator("main")
    expect(main).to_contain_text("Samtykket gælder kun denne ansøgning: Tidlig forebyggende")
    expect(main).to_contain_text("retssikkerhedsloven § 11 b")  # if the parent says no
    accessible(page, checkers, javascript)
    choose(page, "Nej. Jeg giver ikke samtykke")
    press(page, "Fortsæt")
    expect(page.locator("h1")).to_have_text("Tjek dine svar")
    expect(main).to_contain_text("Sådan bruger vi det, du skriver")
    expect(page.locator("input[type=checkbox]")).to_have_count(0)  # nothing to agree to
    press(page, "Send")
    expect(page.locator("h1")).to_have_text("Din ansøgning er sendt")
    expect(main).to_contain_text("Du gav ikke samtykke til, at vi må spørge andre.")
    expect(page.get_by_role("link", name="Træk dit samtykke tilbage")).to_have_count(0)
    accessible(page, checkers, javascript)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_parent_consents_to_named_sources_and_later_withdraws(
    new_context: NewContext, checkers: Checkers, javascript: bool
) -> None:
    page = new_context("da", java_script_enabled=javascript).new_page()
    to_the_consent_page(page)
    choose(page, "Ja. Jeg vælger hvem på næste side")
    press(page, "Fortsæt")
    expect(page.locator("h1")).to_have_text("Hvem må vi spørge, og om hvad?")
    press(page, "Fortsæt")  # nobody ticked: say who, or go back and say no
    expect(page.locator(".error-summary")).to_contain_text("Sæt kryds ved, hvem vi må spørge")
    accessible(page, checkers, javascript)
    page.get_by_label("Skolen eller dagtilbuddet", exact=False).check()
    page.get_by_label("PPR, skolepsykologerne", exact=False).check()
    page.get_by_label("En anden (frivilligt)").fill("Farmor: hvordan Karla har det i weekenden")
    press(page, "Fortsæt")
    summary = page.locator(".summary")
    expect(summary).to_contain_text("Skolen eller dagtilbuddet: hvordan barnet har det der")
    expect(summary).to_contain_text("Farmor: hvordan Karla har det i weekenden")
    press(page, "Send")
    expect(page.locator("h1")).to_have_text("Din ansøgning er sendt")
    code = page.locator("#withdraw-code").inner_text()
    assert len(code) == 19
    accessible(page, checkers, javascript)
    link = page.get_by_role("link", name="Træk dit samtykke tilbage")
    href = link.get_attribute("href")
    assert href is not None

    # Later, on another device: the saved link, no login.
    later = new_context("da", java_script_enabled=javascript).new_page()
    later.goto(href)
    expect(later.locator("h1")).to_have_text("Træk dit samtykke tilbage")
    assert code.replace("-", "") not in href.replace("-", "").upper()  # never in a URL
    expect(later.get_by_label("Kode til at trække samtykket tilbage")).to_have_value("")
    accessible(later, checkers, javascript)
    later.get_by_label("Kode til at trække samtykket tilbage").fill("2222-3333-4444-5555")
    press(later, "Træk mit samtykke tilbage")
    expect(later.locator(".error-summary")).to_contain_text("Vi kunne ikke finde et samtykke")
    accessible(later, checkers, javascript)
    later.get_by_label("Kode til at trække samtykket tilbage").fill(code.lower())
    press(later, "Træk mit samtykke tilbage")
    expect(later.locator("h1")).to_have_text("Dit samtykke er trukket tilbage")
    accessible(later, checkers, javascript)
    later.goto(href)
    later.get_by_label("Kode til at trække samtykket tilbage").fill(code)
    press(later, "Træk mit samtykke tilbage")
    expect(later.locator("h1")).to_have_text("Dit samtykke var allerede trukket tilbage")
