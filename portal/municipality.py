"""The municipality profile: name, logo, phones, opening hours, districts, exit URL, and who
the safety line alerts out of hours.

Replacing the profile file rebrands the portal. A malformed file stops start-up with
a message naming the file, the field and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from portal.working_days import is_public_holiday

TZ = ZoneInfo("Europe/Copenhagen")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PHONE = re.compile(r"^\+?[0-9][0-9 ]{2,18}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RANGE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$")


class ProfileError(ValueError):
    """The profile file is missing or malformed."""

    def __init__(self, path: Path, field: str | None, problem: str) -> None:
        where = f"{path}: field '{field}'" if field else str(path)
        super().__init__(f"{where}: {problem} Fix the file and start the portal again.")
        self.path = path
        self.field = field


@dataclass(frozen=True)
class District:
    slug: str
    name: str


@dataclass(frozen=True)
class Span:
    opens: time
    closes: time

    @property
    def text(self) -> str:
        """The span as people read it, "11:00-05:00"."""
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"


@dataclass(frozen=True)
class Profile:
    """A validated municipality profile."""

    path: Path
    name: str
    website: str
    address: str
    logo: Path | None
    exit_url: str
    professional_email: str
    phone_main: str
    phone_out_of_hours: str
    # Secure mail (Digital Post) to the municipality, the only way the public pages invite
    # sensitive details outside the portal's own forms: its name and where to send it.
    secure_mail: str
    secure_mail_url: str
    # Livslinien (70 201 201) is not open around the clock: its daily hours, which may run
    # past midnight ("11:00-05:00").
    livslinien_hours: Span
    hours: dict[str, tuple[Span, ...]]
    closed_on_public_holidays: bool
    districts: tuple[District, ...]
    # The safety line (portal/safety): who is alerted outside opening hours, and after how
    # long an alert nobody acted on goes again, to the leaders too.
    duty_emails: tuple[str, ...] = ()
    escalate_after: timedelta = timedelta(minutes=30)
    # Working days within which a message that asked for an answer gets one: from a child
    # or young person, and from a parent (or anyone else).
    answer_days_child: int = 1
    answer_days_parent: int = 3

    @property
    def exit_host(self) -> str:
        """The neutral site's host name, to tell visitors where the exit goes."""
        return urlsplit(self.exit_url).hostname or self.exit_url

    def spans_on(self, day: date) -> tuple[Span, ...]:
        """Opening spans on a date (none on public holidays when so configured)."""
        if self.closed_on_public_holidays and is_public_holiday(day):
            return ()
        return self.hours[WEEKDAYS[day.weekday()]]

    def is_open(self, when: datetime) -> bool:
        """Whether the office is open at an aware datetime."""
        local = when.astimezone(TZ)
        return any(s.opens <= local.time() < s.closes for s in self.spans_on(local.date()))

    def next_opening(self, when: datetime) -> datetime | None:
        """The next time the office opens after an aware datetime (within two weeks)."""
        local = when.astimezone(TZ)
        for offset in range(15):
            day = local.date() + timedelta(days=offset)
            for span in self.spans_on(day):
                start = datetime.combine(day, span.opens, tzinfo=TZ)
                if start > local:
                    return start
        return None


class _Reader:
    """Typed access to the raw TOML with errors that name the field."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, field: str, problem: str) -> ProfileError:
        return ProfileError(self.path, field, problem)

    def raw(self, dotted: str, *, required: bool = True) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            elif required:
                raise self.fail(dotted, "is missing.")
            else:
                return None
        return node

    def text(self, dotted: str, *, pattern: re.Pattern[str] | None = None, what: str = "") -> str:
        value = self.raw(dotted)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(dotted, f"must be a non-empty text, got {value!r}.")
        value = value.strip()
        if pattern is not None and not pattern.match(value):
            raise self.fail(dotted, f"must be {what}, got {value!r}.")
        return value

    def url(self, dotted: str) -> str:
        value = self.text(dotted)
        parts = urlsplit(value)
        # Plain http only for a site on this machine (demos and tests).
        local = parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost"}
        if not (parts.scheme == "https" or local) or not parts.netloc:
            raise self.fail(dotted, f"must be an https:// address, got {value!r}.")
        return value


def _spans(reader: _Reader, field: str, value: Any) -> tuple[Span, ...]:
    if value in ("", "closed", None):
        return ()
    if not isinstance(value, str):
        raise reader.fail(field, f'must be a text like "08:00-15:00" or "closed", got {value!r}.')
    spans = []
    for part in (p.strip() for p in value.split(",")):
        m = _RANGE.match(part)
        if not m:
            raise reader.fail(
                field, f'must be times like "08:00-15:00" (24-hour clock), got {part!r}.'
            )
        opens = time(int(m[1]), int(m[2]))
        closes = time.max if m[3] == "24" else time(int(m[3]), int(m[4]))
        if closes <= opens:
            raise reader.fail(field, f"closes before it opens in {part!r}.")
        spans.append(Span(opens, closes))
    return tuple(spans)


def _daily_span(reader: _Reader, field: str) -> Span:
    """One daily span that may run past midnight, like Livslinien's "11:00-05:00"."""
    value = reader.text(field)
    m = _RANGE.match(value)
    if not m:
        raise reader.fail(
            field, f'must be times like "11:00-05:00" (24-hour clock), got {value!r}.'
        )
    opens = time(int(m[1]), int(m[2]))
    closes = time(0, 0) if m[3] == "24" else time(int(m[3]), int(m[4]))
    if closes == opens:
        raise reader.fail(field, f"opens and closes at the same time in {value!r}.")
    return Span(opens, closes)


def load_profile(path: Path) -> Profile:
    """Read and validate a profile file."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ProfileError(path, None, "the file does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, None, f"is not valid TOML ({exc}).") from None

    r = _Reader(path, data)
    logo_name = r.raw("municipality.logo", required=False)
    logo = None
    if logo_name is not None:
        if not isinstance(logo_name, str) or not logo_name.endswith((".svg", ".png")):
            raise r.fail("municipality.logo", f"must name an .svg or .png file, got {logo_name!r}.")
        logo = (path.parent / logo_name).resolve()
        if not logo.is_file():
            raise r.fail("municipality.logo", f"names {logo}, which does not exist.")

    hours_raw = r.raw("opening_hours")
    if not isinstance(hours_raw, dict):
        raise r.fail("opening_hours", "must be a table with the days mon ... sun.")
    unknown = set(hours_raw) - set(WEEKDAYS) - {"closed_on_public_holidays"}
    if unknown:
        raise r.fail(f"opening_hours.{sorted(unknown)[0]}", "is not a day; use mon, tue, ... sun.")
    hours = {d: _spans(r, f"opening_hours.{d}", hours_raw.get(d)) for d in WEEKDAYS}
    if not any(hours.values()):
        raise r.fail("opening_hours", "has no open hours on any day.")
    holidays_closed = hours_raw.get("closed_on_public_holidays", True)
    if not isinstance(holidays_closed, bool):
        raise r.fail("opening_hours.closed_on_public_holidays", "must be true or false.")

    districts_raw = r.raw("districts")
    if not isinstance(districts_raw, list) or not districts_raw:
        raise r.fail("districts", "must list at least one [[districts]] entry.")
    districts = []
    for i, _ in enumerate(districts_raw):
        slug = r.text(f"districts.{i}.slug", pattern=_SLUG, what="lower-case letters, digits and -")
        districts.append(District(slug, r.text(f"districts.{i}.name")))
    if len({d.slug for d in districts}) != len(districts):
        raise r.fail("districts", "has two districts with the same slug.")

    duty_raw = r.raw("safety_line.duty_emails", required=False) or []
    if not isinstance(duty_raw, list):
        raise r.fail("safety_line.duty_emails", 'must be a list like ["vagt@kommune.dk"].')
    duty_emails = tuple(
        r.text(f"safety_line.duty_emails.{i}", pattern=_EMAIL, what="an email address")
        for i, _ in enumerate(duty_raw)
    )
    minutes = r.raw("safety_line.escalate_after_minutes", required=False)
    if minutes is None:
        minutes = 30
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 24 * 60:
        raise r.fail(
            "safety_line.escalate_after_minutes",
            f"must be a whole number of minutes from 1 to 1440, got {minutes!r}.",
        )

    promise = {}
    for key, default in (("child_working_days", 1), ("parent_working_days", 3)):
        value = r.raw(f"answer_promise.{key}", required=False)
        value = default if value is None else value
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise r.fail(
                f"answer_promise.{key}",
                f"must be a whole number of working days from 1 to 10, got {value!r}.",
            )
        promise[key] = value

    return Profile(
        path=path,
        name=r.text("municipality.name"),
        website=r.url("municipality.website"),
        address=r.text("municipality.address"),
        logo=logo,
        exit_url=r.url("municipality.exit_url"),
        professional_email=r.text(
            "municipality.professional_email", pattern=_EMAIL, what="an email address"
        ),
        phone_main=r.text(
            "phones.main", pattern=_PHONE, what='a phone number like "+45 12 34 56 78"'
        ),
        phone_out_of_hours=r.text(
            "phones.out_of_hours", pattern=_PHONE, what='a phone number like "+45 12 34 56 78"'
        ),
        secure_mail=r.text("municipality.secure_mail"),
        secure_mail_url=r.url("municipality.secure_mail_url"),
        livslinien_hours=_daily_span(r, "phones.livslinien_hours"),
        hours=hours,
        closed_on_public_holidays=holidays_closed,
        districts=tuple(districts),
        duty_emails=duty_emails,
        escalate_after=timedelta(minutes=minutes),
        answer_days_child=promise["child_working_days"],
        answer_days_parent=promise["parent_working_days"],
    )
