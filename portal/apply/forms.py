"""The questions of "Apply for support" (ansøgning), for parents and young people from 15."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.forms.base import MAX_LINE, MAX_TEXT, BaseForm, Email, MaxChars, Phone, Required
from portal.forms.cpr import BirthDate, CPRField, ValidCPR
from portal.forms.fields import ChoiceField, DistrictField

CHOOSE = lazy_pgettext("grown-up", "Choose an answer.")


class ApplicantForm(BaseForm):
    applicant = ChoiceField(
        _l("Who is applying?"),
        choices=[
            ("parent", _l("I am a parent or have custody of the child")),
            ("young", _l("I am 15 or older and apply for myself")),
        ],
        validators=[Required(CHOOSE)],
    )


class SupportForm(BaseForm):
    support = ChoiceField(
        _l("What support do you apply for?"),
        choices=[
            ("advice", _l("Free advice for the family (Barnets lov § 29)")),
            ("early", _l("Early support, for example a course or family talks (§ 30)")),
            ("measures", _l("Supporting measures, for example a contact person (§ 32)")),
            ("disability", _l("Cover of extra costs because of a disability")),
            ("unsure", _l("I am not sure: help us find the right support")),
        ],
        validators=[Required(CHOOSE)],
    )


class ChildForm(BaseForm):
    child_name = StringField(
        _l("Full name"),
        validators=[Required(_l("Write the full name.")), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "off"},
    )
    child_birth_date = StringField(
        _l("Birth date"),
        description=_l("For example 24-12-2015"),
        validators=[Required(_l("Write the birth date.")), BirthDate()],
        render_kw={"autocomplete": "off", "width": "phone", "inputmode": "numeric"},
    )
    district = DistrictField(_l("Which part of the municipality does the child live in?"))


class CPRForm(BaseForm):
    cpr = CPRField(
        _l("CPR number"),
        description=_l("We need it to assess cover of extra costs. It is kept encrypted."),
        validators=[ValidCPR("child_birth_date")],
        render_kw={"autocomplete": "off", "width": "phone", "inputmode": "numeric"},
    )


class ReasonForm(BaseForm):
    reason = TextAreaField(
        _l("Why do you apply?"),
        description=_l("Tell us what is hard now, and what you hope the support will change."),
        validators=[Required(_l("Write why you apply.")), MaxChars(MAX_TEXT)],
    )


class ChildViewForm(BaseForm):
    child_view = TextAreaField(
        _l("How does the child see it? (optional)"),
        description=_l("If you can, write what the child has said, in the child's own words."),
        validators=[MaxChars(MAX_TEXT)],
    )
    child_knows = ChoiceField(
        _l("Does the child know that you apply?"),
        choices=[
            ("yes", lazy_pgettext("grown-up", "Yes")),
            ("partly", _l("Partly")),
            ("no", lazy_pgettext("grown-up", "No")),
        ],
        validators=[Required(CHOOSE)],
    )


class ContactForm(BaseForm):
    name = StringField(
        lazy_pgettext("grown-up", "Your name"),
        validators=[Required(lazy_pgettext("grown-up", "Write your name.")), MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "name"},
    )
    phone = StringField(
        _l("Your phone number"),
        validators=[Phone()],
        render_kw={"type": "tel", "autocomplete": "tel", "width": "phone"},
    )
    email = StringField(
        _l("Your email (optional)"),
        description=_l("We send a receipt here."),
        validators=[Email()],
        render_kw={"type": "email", "autocomplete": "email"},
    )

    def validate_phone(self, field: StringField) -> None:
        if not field.data and not self.email.data:
            raise ValidationError(_l("Write a phone number or an email, so we can reach you."))


class ConsentForm(BaseForm):
    consent = BooleanField(
        _l("I have read this and agree"),
        validators=[Required(_l("Tick the box to say you agree, or call us if you do not."))],
    )
