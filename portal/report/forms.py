"""The questions of "Report a concern" (underretning), one small group per page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import StringField, TextAreaField

from portal.forms.base import MAX_LINE, MAX_TEXT, BaseForm, Email, MaxChars, Phone, Required
from portal.forms.fields import ChoiceField, DistrictField

# Words also used on children's pages get the context "grown-up" here: Ukrainian says
# "ти" to a child and "ви" to a grown-up. (A literal each time: Babel extracts literals.)
CHOOSE = lazy_pgettext("grown-up", "Choose an answer.")
YOUR_NAME = lazy_pgettext("grown-up", "Your name")
WRITE_YOUR_NAME = lazy_pgettext("grown-up", "Write your name.")
YES_NO_UNSURE = [
    ("yes", lazy_pgettext("grown-up", "Yes")),
    ("no", lazy_pgettext("grown-up", "No")),
    ("unsure", _l("I do not know")),
]
WHO_YOU_ARE = lazy_pgettext("grown-up", "Do you want to tell us who you are?")


class ReporterForm(BaseForm):
    reporter = ChoiceField(
        _l("Are you reporting as a professional?"),
        choices=[
            (
                "professional",
                _l("Yes, I work with children (for example at a school or a daycare)"),
            ),
            ("citizen", _l("No, I am a private person (for example a neighbour or a relative)")),
        ],
        validators=[Required(CHOOSE)],
    )


class DangerForm(BaseForm):
    danger = ChoiceField(
        _l("Is the child in danger right now?"),
        choices=YES_NO_UNSURE,
        validators=[Required(CHOOSE)],
    )


class ProfessionalForm(BaseForm):
    name = StringField(
        YOUR_NAME,
        validators=[Required(WRITE_YOUR_NAME), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "name"},
    )
    workplace = StringField(
        _l("Your workplace"),
        validators=[Required(_l("Write your workplace.")), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "organization"},
    )
    role = StringField(
        _l("Your role"),
        description=_l("For example teacher, pedagogue, health visitor or doctor."),
        validators=[Required(_l("Write your role.")), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "organization-title"},
    )
    email = StringField(
        _l("Your work email"),
        description=_l("We send the receipt here within 6 working days."),
        validators=[Required(_l("Write your email address.")), Email()],
        render_kw={"type": "email", "autocomplete": "email"},
    )
    phone = StringField(
        _l("Your phone number (optional)"),
        validators=[Phone()],
        render_kw={"type": "tel", "autocomplete": "tel", "width": "phone"},
    )


class CitizenIdentityForm(BaseForm):
    identity = ChoiceField(
        WHO_YOU_ARE,
        description=_l(
            "You can report anonymously. If you give your name, we can call you if we need to "
            "know more."
        ),
        choices=[
            ("anonymous", lazy_pgettext("grown-up", "No, I want to be anonymous")),
            ("named", _l("Yes, I will give my name")),
        ],
        default="anonymous",
        validators=[Required(CHOOSE)],
    )


class CitizenDetailsForm(BaseForm):
    name = StringField(
        YOUR_NAME,
        validators=[Required(WRITE_YOUR_NAME), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "name"},
    )
    phone = StringField(
        _l("Your phone number (optional)"),
        validators=[Phone()],
        render_kw={"type": "tel", "autocomplete": "tel", "width": "phone"},
    )
    email = StringField(
        _l("Your email (optional)"),
        validators=[Email()],
        render_kw={"type": "email", "autocomplete": "email"},
    )


class ChildForm(BaseForm):
    child_name = StringField(
        _l("The child's name"), validators=[MaxChars(MAX_LINE)], render_kw={"autocomplete": "off"}
    )
    child_age = StringField(
        _l("Age (or about how old)"),
        validators=[MaxChars(40)],
        render_kw={"autocomplete": "off", "width": "phone"},
    )
    child_address = StringField(
        _l("Address"), validators=[MaxChars(MAX_LINE)], render_kw={"autocomplete": "off"}
    )
    child_school = StringField(
        _l("School or daycare"),
        validators=[MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "off"},
    )
    district = DistrictField(_l("Which part of the municipality does the child live in?"))

    def validate(self, extra_validators: object = None) -> bool:
        ok: bool = super().validate(extra_validators)
        if ok and not any(
            self[name].data for name in ("child_name", "child_address", "child_school")
        ):
            self.child_name.errors.append(
                _l("Write at least the name, the address or the school, so we can find the child.")
            )
            return False
        return ok


class ConcernForm(BaseForm):
    concern = TextAreaField(
        _l("What have you seen or heard?"),
        description=_l("Write the facts: what happened, when, and who was there."),
        validators=[Required(_l("Write what you have seen or heard.")), MaxChars(MAX_TEXT)],
    )
    child_words = TextAreaField(
        _l("What has the child said? (optional)"),
        description=_l("Write the child's own words as exactly as you can."),
        validators=[MaxChars(MAX_TEXT)],
    )


class ActionsForm(BaseForm):
    actions = TextAreaField(
        _l("What have you done so far? (optional)"),
        description=_l("For example: talked with the child or the parents, or asked for advice."),
        validators=[MaxChars(MAX_TEXT)],
    )


class WhoKnowsForm(BaseForm):
    parents_know = ChoiceField(
        _l("Do the parents know that you are reporting?"),
        choices=YES_NO_UNSURE,
        validators=[Required(CHOOSE)],
    )
    child_knows = ChoiceField(
        _l("Does the child know that you are reporting?"),
        choices=YES_NO_UNSURE,
        validators=[Required(CHOOSE)],
    )
