"""CPR numbers: checked for format and date, kept sealed, never shown back in full.

A CPR number is DDMMYY-SSSS; the 7th digit and the two-digit year give the century
(the CPR Office's table). The modulus-11 check is not used: numbers without it have
been issued since 2007.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.validators import StopValidation, ValidationError

_FORMAT = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


def normalize(value: str) -> str:
    """'0102151234' or '010215 1234' -> '010215-1234' (spaces and hyphens tolerated)."""
    digits = re.sub(r"[\s-]", "", value)
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else value


def birth_date(cpr: str) -> date | None:
    """The birth date a CPR number encodes, or None if it encodes no real date."""
    match = _FORMAT.match(cpr)
    if not match:
        return None
    day, month, short_year, serial = (int(g) for g in match.groups())
    seventh = serial // 1000
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if short_year <= 36 else 1900
    else:  # 5-8
        century = 2000 if short_year <= 57 else 1800
    try:
        return date(century + short_year, month, day)
    except ValueError:
        return None


def mask(cpr: str) -> str:
    """Only the date part is shown: '010215-xxxx'."""
    return f"{cpr[:6]}-xxxx" if _FORMAT.match(cpr or "") else ""


_DAY = re.compile(r"^\s*(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})\s*$")


def parse_day(value: str) -> date | None:
    """'24-12-2015' (also with . / or spaces) as a date, or None."""
    match = _DAY.match(value)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


class BirthDate:
    """A real date, not in the future, written day-month-year."""

    def __call__(self, form: Any, field: Field) -> None:
        if not field.data:
            return
        day = parse_day(field.data)
        if day is None:
            raise ValidationError(_l("Write the birth date like 24-12-2015 (day-month-year)."))
        if day > date.today() or day.year < 1990:
            raise ValidationError(_l("Check the birth date: it must be a date in the past."))


class CPRField(StringField):  # type: ignore[misc]
    """A CPR number. Its stored value is never rendered into the page again."""

    def _value(self) -> str:
        # What was just typed is shown back with an error; a stored number never is.
        return str(self.raw_data[0]) if self.raw_data else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        typed = getattr(self, "data", None)
        if isinstance(typed, str) and typed:
            self.data = normalize(typed)


class ValidCPR:
    """Ten digits that make a real date, matching the birth date given earlier."""

    def __init__(self, birth_date_field: str) -> None:
        self.birth_date_field = birth_date_field

    def __call__(self, form: Any, field: Field) -> None:
        stored = getattr(form, "stored_answers", {})
        if not field.data:
            if stored.get(field.name):
                raise StopValidation()  # blank keeps the number given before
            raise StopValidation(_l("Write the child's CPR number, like 010215-1234."))
        encoded = birth_date(field.data)
        if encoded is None:
            raise ValidationError(
                _l(
                    "Write the CPR number with 10 digits, like 010215-1234. "
                    "The first six are the birth date."
                )
            )
        given = parse_day(str(stored.get(self.birth_date_field) or ""))
        if given and encoded != given:
            raise ValidationError(
                _l("The CPR number does not match the birth date you gave. Check both.")
            )
