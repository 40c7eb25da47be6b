"""Forms of the conversation: the passphrase, and a message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.forms.base import MAX_TEXT, BaseForm, MaxChars, Required


class PassphraseForm(BaseForm):
    passphrase = StringField(
        _l("Your six secret words"),
        description=_l("Write the six words you got when you wrote to us, with spaces between."),
        validators=[Required(_l("Write your six secret words."))],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "none",
            "dir": "auto",
            "width": "wide",
            "spellcheck": "false",
        },
    )


class MessageForm(BaseForm):
    message = TextAreaField(
        _l("Write a message"),
        validators=[Required(_l("Write your message.")), MaxChars(MAX_TEXT)],
    )
