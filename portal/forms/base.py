"""The base of every public form: tidy input, keep what was typed, say what to fix.

Text is stripped of control characters (not of emoji, Arabic, Ukrainian or anything a
person can type); line ends are normalised. HTML typed in stays text: Jinja escapes it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import format_number, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField
from wtforms.validators import StopValidation, ValidationError

MAX_TEXT = 5000  # characters in a free-text answer
MAX_LINE = 200  # characters in a one-line answer (names, schools, workplaces)
CHOICE_TYPES = {
    "RadioField",
    "ChoiceField",
    "MultiCheckboxField",
}  # the error links to the first option


def clean_text(value: Any) -> Any:
    """Drop control characters except line breaks and tabs; normalise line ends."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    return value.strip()


class BaseForm(FlaskForm):  # type: ignore[misc]
    """Strips and cleans every text field; errors come out in the order of the fields."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            if issubclass(unbound_field.field_class, PasswordField):
                # A password is checked exactly as typed: no trimming, no normalising.
                return unbound_field.bind(form=form, **options)
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.insert(0, clean_text)
            return unbound_field.bind(form=form, filters=filters, **options)

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, first message) for each field with an error, in page order."""
        return [
            (f"{field.id}-0" if field.type in CHOICE_TYPES else field.id, str(field.errors[0]))
            for field in self
            if field.errors and field.type != "CSRFTokenField"
        ]


class Required:
    """The answer must be given; the message says what to do (e.g. "Choose an answer")."""

    def __init__(self, message: Any) -> None:
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form: Any, field: Field) -> None:
        data = field.data
        if data is None or data is False or data == "" or data == []:
            raise StopValidation(self.message)


class MaxChars:
    """At most ``limit`` characters; the message says how many were written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: Any, field: Field) -> None:
        count = len(field.data or "")
        if count > self.limit:
            raise ValidationError(
                gettext(
                    "Write %(limit)s characters or fewer. You have written %(count)s.",
                    limit=format_number(self.limit),
                    count=format_number(count),
                )
            )


class Phone:
    """A Danish or international phone number (digits, spaces, +, -)."""

    PATTERN = re.compile(r"^\+?[\d\s-]{8,20}$")

    def __call__(self, form: Any, field: Field) -> None:
        if field.data and not self.PATTERN.match(field.data):
            raise ValidationError(
                _l("Write a phone number with 8 digits, like 12 34 56 78, or with +45 first.")
            )


class Choice:
    """Only the offered answers (anything else was not typed by a person, but say so kindly)."""

    def __call__(self, form: Any, field: Field) -> None:
        offered = {str(choice.value) for choice in field.choices}
        given = field.data if isinstance(field.data, list) else [field.data]
        if any(value is not None and str(value) not in offered for value in given):
            raise ValidationError(_l("Choose one of the answers on the page."))


class Email:
    """An email address with one @ and a dot in the domain; the message shows an example.
    Only addresses our mail server can send to: it speaks plain SMTP (no SMTPUTF8), so
    letters like æ, ø, å or Arabic letters in the address are refused here, with a way on,
    instead of being taken and then never delivered."""

    PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    def __call__(self, form: Any, field: Field) -> None:
        if not field.data:
            return
        if len(field.data) > 254 or not self.PATTERN.match(field.data):
            raise ValidationError(_l("Write an email address like name@school.dk."))
        if not field.data.isascii():
            raise ValidationError(
                _l(
                    "We cannot send to an address with letters like æ, ø or å. Write another "
                    "email address, or leave it out and give a phone number."
                )
            )
