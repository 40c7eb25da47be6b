"""Tidying input without losing anything a person can type, and messages that say what to do."""

from __future__ import annotations

import pytest
from flask import Flask
from wtforms import StringField

from portal.forms.base import BaseForm, MaxChars, Phone, Required, clean_text
from portal.forms.fields import ChoiceField, MultiCheckboxField


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  hej  ", "hej"),
        ("a\x00b\x07c\x1bd", "abcd"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("tab\there", "tab\there"),
        ("👩‍👧 🏳️‍🌈 ✌🏽", "👩‍👧 🏳️‍🌈 ✌🏽"),  # ZWJ sequences and skin tones intact
        ("مرحبا، أنا خائف", "مرحبا، أنا خائف"),
        ("Привіт, мені страшно", "Привіт, мені страшно"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # text, escaped on output
        ("\x85\x9f", ""),
    ],
)
def test_clean_text_drops_control_characters_only(typed: str, kept: str) -> None:
    assert clean_text(typed) == kept


class Sample(BaseForm):
    name = StringField("Name", validators=[Required("Write your name."), MaxChars(5)])
    phone = StringField("Phone", validators=[Phone()])
    colour = ChoiceField("Colour", choices=[("red", "Red")], validators=[Required("Choose.")])
    pets = MultiCheckboxField("Pets", choices=[("cat", "Cat")])


def errors(app: Flask, data: dict[str, object]) -> list[tuple[str, str]]:
    with app.test_request_context(method="POST", data=data, headers={"Accept-Language": "en"}):
        form = Sample(meta={"csrf": False})
        form.validate()
        return form.error_list()


def test_errors_come_in_the_order_of_the_fields_with_what_to_do(app: Flask) -> None:
    assert errors(app, {"name": "", "phone": "abc", "colour": ""}) == [
        ("name", "Write your name."),
        ("phone", "Write a phone number with 8 digits, like 12 34 56 78, or with +45 first."),
        ("colour-0", "Choose."),
    ]


def test_too_long_text_says_how_long_it_is(app: Flask) -> None:
    assert errors(app, {"name": "abcdefg", "colour": "red"}) == [
        ("name", "Write 5 characters or fewer. You have written 7.")
    ]


def test_an_answer_not_offered_is_refused_kindly(app: Flask) -> None:
    found = errors(app, {"name": "Ali", "colour": "purple", "pets": ["cat", "dragon"]})
    assert found == [
        ("colour-0", "Choose one of the answers on the page."),
        ("pets-0", "Choose one of the answers on the page."),
    ]


@pytest.mark.parametrize(
    "number", ["12345678", "12 34 56 78", "+45 12 34 56 78", "+380 44 123 4567"]
)
def test_phone_numbers_people_write_are_accepted(app: Flask, number: str) -> None:
    assert errors(app, {"name": "Ali", "colour": "red", "phone": number}) == []
