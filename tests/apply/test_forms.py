"""The application's fields as a phone shows them: the CPR number with the digit keyboard."""

from __future__ import annotations

import re

from flask import Flask, render_template_string

from portal.apply.forms import CPRForm


def test_the_cpr_field_asks_for_digits_and_stays_text_for_the_hyphen(app: Flask) -> None:
    with app.test_request_context("/apply-for-support/cpr"):
        html = render_template_string(
            '{% from "macros/forms.html" import field with context %}{{ field(form.cpr) }}',
            form=CPRForm(meta={"csrf": False}),
        )
    tag = re.search(r"<input [^>]*>", html)
    assert tag, html
    attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag.group(0)))
    assert attributes["type"] == "text"  # a number field would refuse "010215-4123"
    assert attributes["inputmode"] == "numeric"
    assert attributes["autocomplete"] == "off"
    assert attributes["dir"] == "ltr"  # digits read left to right on an Arabic page too
