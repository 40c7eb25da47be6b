from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from portal.content.readability import lix
from portal.i18n import COOKIE, LOCALES
from tests.support.pagecheck import visible_text
from tests.support.pages import CHILD_PAGES, PUBLIC_PAGES

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# Latin-script words that may stand in an Arabic or Ukrainian page: names, keys, and
# the unknown language code "xx" that /language/xx echoes back.
ALLOWED_LATIN = {
    "xx",
    "Eksempel",
    "Kommune",
    "BørneTelefonen",
    # Danish names the Arabic and Ukrainian explainers keep, with an explanation.
    "Barnets",
    "lov",
    "bisidder",
    "Ankestyrelsen",
    # Helplines and organisations the help box names (issue 19), and the law's "stk.".
    "Livslinien",
    "Børns",
    "Vilkår",
    "bornsvilkaar",
    "Bisidder",
    "stk",
    # The Danish public secure mail system, named in the municipality profile.
    "Digital",
    "Post",
    "Esc",
    "Shift",
    "JavaScript",
    "Dansk",
    "English",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete_with_matching_placeholders(locale: str) -> None:
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    with (TRANSLATIONS / "messages.pot").open("rb") as fh:
        template = read_po(fh)
    assert {m.id for m in template if m.id} <= {m.id for m in catalog if m.id}, (
        "run make translations"
    )
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, f"{locale}: fuzzy {message.id!r}"
        if isinstance(message.id, tuple):
            # A plural has as many forms as the language needs (Arabic 6): each is filled,
            # uses only the msgid's placeholders, and the last ("many") uses all of them.
            forms = list(message.string or ())
            assert all(forms), f"{locale}: untranslated {message.id!r}"
            wanted = set(PLACEHOLDER.findall(message.id[1]))
            assert all(set(PLACEHOLDER.findall(f)) <= wanted for f in forms), message.id
            assert set(PLACEHOLDER.findall(forms[-1])) == wanted, message.id
            continue
        assert message.string, f"{locale}: untranslated {message.id!r}"
        assert sorted(PLACEHOLDER.findall(str(message.id))) == sorted(
            PLACEHOLDER.findall(str(message.string))
        ), f"{locale}: placeholders differ in {message.id!r}"


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "da"),
        (None, "en-GB,en;q=0.8", "en"),
        (None, "ar-SA", "ar"),
        (None, "uk, ru;q=0.5", "uk"),
        (None, "fr-FR, de", "da"),
        (None, "@@@;q=x", "da"),
        ("uk", "en", "uk"),
        ("xx-not-a-locale", "ar", "ar"),
    ],
)
def test_locale_choice_cookie_then_accept_language_then_danish(
    client: FlaskClient, cookie: str | None, accept: str | None, expected: str
) -> None:
    if cookie:
        client.set_cookie(COOKIE, cookie)
    headers = {"Accept-Language": accept} if accept else {}
    page = client.get("/", headers=headers).get_data(as_text=True)
    assert f'<html lang="{expected}"' in page


@pytest.mark.parametrize("locale", ["ar", "uk"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_untranslated_english_on_arabic_and_ukrainian_pages(
    client: FlaskClient, locale: str, path: str
) -> None:
    client.set_cookie(COOKIE, locale)
    text = visible_text(client.get(path).get_data(as_text=True))
    # Remove addresses, e-mails and host names, then look for Latin words.
    text = re.sub(r"\S+@\S+|\b[\w-]+(\.[\w-]+)+\b", " ", text)
    latin = set(re.findall(r"[A-Za-zÆØÅæøå]{2,}", text)) - ALLOWED_LATIN
    assert not latin, f"untranslated on {path} in {locale}: {sorted(latin)}"


@pytest.mark.parametrize("path", CHILD_PAGES)
def test_danish_child_pages_read_at_lix_25_or_below(client: FlaskClient, path: str) -> None:
    text = visible_text(client.get(path).get_data(as_text=True), only_main=True)
    assert lix(text) <= 25, f"LIX {lix(text):.1f} on {path}:\n{text}"
