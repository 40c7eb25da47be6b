"""What every template can use: the profile, office status, phone links, the language switch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import flask_babel
from babel.dates import get_day_names
from flask import Flask, has_app_context, request, url_for
from flask_babel import force_locale, format_date, format_time, gettext

from portal import clock
from portal.core.text import TRANSLATOR, Words
from portal.i18n import current_locale
from portal.instances import profile
from portal.municipality import TZ, WEEKDAYS
from portal.security import passphrases


def office_status(now: datetime | None = None) -> dict[str, Any]:
    """Whether the municipality's office is open now, and when it opens next (in words)."""
    now = now or clock.now()
    prof = profile()
    opening = prof.next_opening(now)
    when = None
    if opening is not None:
        days = (opening.date() - now.astimezone(TZ).date()).days
        hour = format_time(opening, "HH:mm")
        if days == 0:
            when = gettext("today at %(time)s", time=hour)
        elif days == 1:
            when = gettext("tomorrow at %(time)s", time=hour)
        else:
            when = gettext("on %(day)s at %(time)s", day=format_date(opening, "EEEE"), time=hour)
    return {"open": prof.is_open(now), "next_opening_text": when}


def opening_hours_rows() -> list[tuple[str, str]]:
    """(day name, hours) for each weekday, in the visitor's language."""
    names = get_day_names("wide", locale=current_locale())
    rows = []
    for index, key in enumerate(WEEKDAYS):
        spans = profile().hours[key]
        if spans:
            text = ", ".join(
                f"{format_time(s.opens, 'HH:mm')}\N{EN DASH}{format_time(s.closes, 'HH:mm')}"
                for s in spans
            )
        else:
            text = gettext("Closed")
        rows.append((names[index].capitalize(), text))
    return rows


def tel_href(number: str) -> str:
    """A tel: URL from a displayed phone number."""
    return "tel:" + number.replace(" ", "")


def language_url(locale: str) -> str:
    """The switcher link: set the language, then come back to this page."""
    back = request.full_path if request.query_string else request.path
    return url_for("entry.language", code=locale, next=back)


@dataclass(frozen=True)
class BabelWords:
    """The core's Words (portal/core/text.py) with Flask-Babel: what the core writes itself
    (emails, notifications) in the reader's language, rendered with the app's templates."""

    app: Flask
    locale: str

    @contextmanager
    def _speaking(self) -> Iterator[None]:
        app = self.app.app_context() if not has_app_context() else nullcontext()
        with app, force_locale(self.locale):
            yield

    def gettext(self, message: str, **variables: Any) -> str:
        with self._speaking():
            return str(flask_babel.gettext(message, **variables))

    def format_datetime(self, value: datetime, format: str) -> str:
        with self._speaking():
            return str(flask_babel.format_datetime(value, format))

    def format_date(self, value: datetime, format: str) -> str:
        with self._speaking():
            return str(flask_babel.format_date(value, format))

    def format_time(self, value: datetime, format: str) -> str:
        with self._speaking():
            return str(flask_babel.format_time(value, format))

    def render(self, template: str, **context: Any) -> str:
        with self._speaking():
            return self.app.jinja_env.get_template(template).render(**context)


def translator(app: Flask) -> Callable[[str], Words]:
    """The app's Translator: the words of a locale."""

    def words(locale: str) -> Words:
        return BabelWords(app, locale)

    return words


def init_app(app: Flask) -> None:
    """Register the template globals, and the core's translator (settings TRANSLATOR)."""
    app.config[TRANSLATOR] = translator(app)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"profile": profile(), "office_status": office_status}

    app.jinja_env.filters["todatetime"] = datetime.fromisoformat
    app.jinja_env.globals.update(
        tel_href=tel_href,
        language_url=language_url,
        opening_hours_rows=opening_hours_rows,
        words_locale=words_locale,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def words_locale(passphrase: str) -> str:
    """The language of a passphrase's words (for lang="..."): the page's, if they are in
    its list (portal.security.passphrases)."""
    return passphrases.locale_of(passphrase, current_locale())
