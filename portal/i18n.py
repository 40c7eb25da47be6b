"""Locales: explicit choice (cookie) > Accept-Language > Danish; text direction."""

from __future__ import annotations

from babel import Locale
from flask import Flask, g, request

from portal.core.text import RTL as RTL
from portal.extensions import babel
from portal.security.sessions import read_cookie

LOCALES = ("da", "en", "ar", "uk")
# The staff workspace is in the municipality's working languages only.
STAFF_LOCALES = ("da", "en")
DEFAULT_LOCALE = "da"
COOKIE = "indgang_lang"
# Each language named in itself, for the switcher.
NATIVE_NAMES = {"da": "Dansk", "en": "English", "ar": "العربية", "uk": "Українська"}


def select_locale() -> str:
    """Pick the visitor's locale; an unknown cookie value falls back quietly."""
    offered = STAFF_LOCALES if request.path.startswith("/staff/") else LOCALES
    chosen = read_cookie(COOKIE)
    if chosen is not None and chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or DEFAULT_LOCALE


def current_locale() -> str:
    """The locale of this request."""
    if "locale" not in g:
        g.locale = select_locale()
    locale: str = g.locale
    return locale


def language_name(code: str) -> str:
    """The language ``code`` named in the reader's language (for a Danish reader "arabisk",
    for an English one "Arabic"); NATIVE_NAMES names each language in itself, for choosing."""
    return Locale.parse(code).get_display_name(current_locale()) or code


def text_direction(locale: str) -> str:
    """'rtl' or 'ltr'."""
    return "rtl" if locale in RTL else "ltr"


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our selector and give templates the locale helpers."""
    babel.init_app(
        app, locale_selector=current_locale, timezone_selector=lambda: "Europe/Copenhagen"
    )
    app.jinja_env.globals.update(
        LOCALES=LOCALES,
        STAFF_LOCALES=STAFF_LOCALES,
        NATIVE_NAMES=NATIVE_NAMES,
        current_locale=current_locale,
        language_name=language_name,
        text_direction=text_direction,
    )
