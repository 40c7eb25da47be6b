"""The rights explainers in a real browser: axe on every page, two taps to help, read aloud."""

from __future__ import annotations

import tomllib

import pytest
from playwright.sync_api import Page, expect

from portal.content.library import BANDS
from portal.i18n import LOCALES
from tests.browser.checkers import Checkers
from tests.browser.conftest import NewContext
from tests.support.apps import ROOT

CONTENT = ROOT / "content"


def slugs(locale: str, section: str) -> list[str]:
    return sorted(p.stem for p in (CONTENT / locale / section).glob("*.md"))


def title(locale: str, section: str, slug: str) -> str:
    text = (CONTENT / locale / section / f"{slug}.md").read_text(encoding="utf-8")
    found: str = tomllib.loads(text.split("+++")[1])["title"]
    return found


def url(section: str, slug: str) -> str:
    section_url = "/rights/" + section.removeprefix("children/")
    return section_url if slug == "index" else f"{section_url}/{slug}"


def assert_no_axe_violations(page: Page, checkers: Checkers, paths: list[str]) -> None:
    failures = {}
    for path in paths:
        page.goto(path)
        violations = checkers.errors(page)
        if violations:
            failures[path] = violations
    assert not failures, failures


@pytest.mark.parametrize("locale", LOCALES)
def test_every_child_page_has_no_axe_violations_at_phone_size(
    new_context: NewContext, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale).new_page()
    paths = [url(f"children/{b}", s) for b in BANDS for s in slugs(locale, f"children/{b}")]
    assert len(paths) == 30
    assert_no_axe_violations(page, checkers, [*paths, "/rights/words"])


@pytest.mark.parametrize("locale", ["da", "en"])
def test_every_page_for_grown_ups_has_no_axe_violations(
    new_context: NewContext, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale).new_page()
    paths = [url(s, slug) for s in ("parents", "professionals") for slug in slugs(locale, s)]
    assert len(paths) >= 10
    assert_no_axe_violations(page, checkers, paths)


@pytest.mark.parametrize("locale", ["da", "ar", "uk"])
def test_a_child_of_nine_reaches_ask_for_help_in_two_taps(
    new_context: NewContext, locale: str
) -> None:
    page = new_context(locale).new_page()
    page.goto("/rights")
    page.locator('a[href="/rights/6-9"]').click()  # tap 1: "6-9 years"
    expect(page).to_have_url(f"{page.url.split('/rights')[0]}/rights/6-9")
    # The overview says it: you can ask for help yourself (and links the page about it).
    expect(page.get_by_text(title(locale, "children/6-9", "ask-for-help")).first).to_be_visible()
    page.locator('.next-steps a[href="/ask-for-help"]').click()  # tap 2
    assert page.url.endswith("/ask-for-help")


FAKE_SPEECH = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  const voices = %s;
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  Object.defineProperty(window, "speechSynthesis", { value: {
    speaking: false,
    getVoices: () => voices,
    speak(u) { spoken.push({text: u.text, lang: u.lang}); },
    cancel() { spoken.push("cancel"); },
    addEventListener() {},
  }});
})();
"""


def test_read_aloud_is_hidden_without_a_voice_for_the_language(new_context: NewContext) -> None:
    context = new_context("da")
    context.add_init_script(FAKE_SPEECH % '[{"lang": "en-GB", "name": "English"}]')
    page = context.new_page()
    page.goto("/rights/6-9/be-heard")
    expect(page.locator("[data-read-aloud]")).to_be_hidden()


def test_read_aloud_reads_the_explainer_in_its_language_and_stops(
    new_context: NewContext,
) -> None:
    context = new_context("da")
    context.add_init_script(FAKE_SPEECH % '[{"lang": "da-DK", "name": "Dansk"}]')
    page = context.new_page()
    page.goto("/rights/6-9/be-heard")
    button = page.locator("[data-read-aloud]")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    spoken = page.evaluate("window.__spoken.filter(s => s !== 'cancel')")
    texts = [s["text"] for s in spoken]
    assert texts[0] == "Før vi bestemmer noget om dit liv, skal vi tale med dig."
    assert "Din rådgiver vil høre din mening." in texts  # the story is read too
    assert {s["lang"] for s in spoken} == {"da-DK"}
    assert not any("Forlad siden" in t for t in texts)  # only the explainer, not the page
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.__spoken.at(-1)") == "cancel"


def test_a_word_link_opens_its_explanation(page: Page) -> None:
    page.goto("/rights/6-9/be-heard")
    page.locator("a.word-link", has_text="rådgiver").first.click()
    assert page.url.endswith("/rights/words#word-adviser")
    expect(page.locator("#word-adviser")).to_be_in_viewport()
