"""The questions of "Ask for help", one form per page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.forms.base import MAX_LINE, MAX_TEXT, BaseForm, MaxChars, Phone, Required
from portal.forms.fields import ChoiceField, MultiCheckboxField
from portal.rights.sections import BAND_LABELS

CHOOSE = _l("Choose an answer.")


class SafeForm(BaseForm):
    safe = ChoiceField(
        _l("Are you safe right now?"),
        choices=[("yes", _l("Yes")), ("no", _l("No")), ("unsure", _l("I am not sure"))],
        validators=[Required(CHOOSE)],
    )


class TopicsForm(BaseForm):
    topics = MultiCheckboxField(
        _l("What is it about?"),
        description=_l("Choose one or more."),
        choices=[
            ("home", _l("Home and family")),
            ("school", _l("School")),
            ("friends", _l("Friends")),
            ("feelings", _l("How I feel")),
            ("hurt", _l("Someone hurts me")),
            ("self_harm", _l("I hurt myself or think about it")),
            ("online", _l("Something on the internet")),
            ("other", _l("Something else")),
        ],
        validators=[Required(_l("Choose at least one."))],
    )


class MessageForm(BaseForm):
    message = TextAreaField(
        _l("Your message"),
        description=_l("Write it in your own words. You decide how much you tell."),
        validators=[Required(_l("Write your message.")), MaxChars(MAX_TEXT)],
    )


class AnswerForm(BaseForm):
    wants_answer = ChoiceField(
        _l("Do you want an answer from us?"),
        description=_l(
            "If you say yes, you get six secret words. With them you can read our answer here."
        ),
        choices=[("yes", _l("Yes, I want an answer")), ("no", _l("No, I just want to tell you"))],
        validators=[Required(CHOOSE)],
    )


class AgeForm(BaseForm):
    age_band = ChoiceField(
        _l("How old are you?"),
        choices=[*BAND_LABELS.items(), ("unsaid", _l("I would rather not say"))],
        validators=[Required(CHOOSE)],
    )


class IdentityForm(BaseForm):
    identity = ChoiceField(
        _l("Do you want to tell us who you are?"),
        description=_l("You can stay anonymous. Then we do not know who you are."),
        choices=[
            ("anonymous", _l("No, I want to be anonymous")),
            ("named", _l("Yes, I will tell you my name")),
        ],
        default="anonymous",
        validators=[Required(CHOOSE)],
    )


class ContactForm(BaseForm):
    name = StringField(
        _l("Your name"),
        validators=[Required(_l("Write your name.")), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "name"},
    )
    school = StringField(
        _l("Your school (if you want)"),
        validators=[MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "organization"},
    )
    phone = StringField(
        _l("Your phone number (if you want us to call you)"),
        validators=[Phone()],
        render_kw={"type": "tel", "autocomplete": "tel", "width": "phone"},
    )
