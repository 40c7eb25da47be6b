"""Forms of the conversation: the passphrase, a message, and "did you feel heard?"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.forms.base import MAX_TEXT, BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField

# Words beside the faces: yes, a bit, no (portal.casework.models.FELT_HEARD_ANSWERS).
FELT_HEARD_CHOICES = [("yes", _l("Yes")), ("partly", _l("A bit")), ("no", _l("No"))]


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


class FeltHeardForm(BaseForm):
    """Three questions after a decision, each optional (portal.conversation.heard)."""

    said_what_wanted = ChoiceField(
        _l("Did you get to say what you wanted?"), choices=FELT_HEARD_CHOICES
    )
    listened = ChoiceField(_l("Did the adults listen?"), choices=FELT_HEARD_CHOICES)
    understood = ChoiceField(
        _l("Do you understand what was decided and why?"), choices=FELT_HEARD_CHOICES
    )
