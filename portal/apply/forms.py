"""The questions of "Apply for support" (ansøgning), for parents and young people from 15."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.forms.base import MAX_LINE, MAX_TEXT, BaseForm, Email, MaxChars, Phone, Required
from portal.forms.cpr import BirthDate, CPRField, ValidCPR
from portal.forms.fields import ChoiceField, DistrictField, MultiCheckboxField

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


SUPPORT = [
    ("advice", _l("Free advice for the family (Barnets lov § 29)")),
    ("early", _l("Early support, for example a course or family talks (§ 30)")),
    ("measures", _l("Supporting measures, for example a contact person (§ 32)")),
    ("disability", _l("Cover of extra costs because of a disability")),
    ("unsure", _l("I am not sure: help us find the right support")),
]


class SupportForm(BaseForm):
    support = ChoiceField(
        _l("What support do you apply for?"), choices=SUPPORT, validators=[Required(CHOOSE)]
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


# Whom a consent lets the municipality ask, each with the information it may ask for
# (retssikkerhedsloven § 11 a stk. 1: a consent names both; a blanket one is not valid).
SOURCES = [
    ("school", _l("The school or daycare: how the child is doing there, absence and learning")),
    ("doctor", _l("The child's own doctor or health visitor: health and development")),
    ("hospital", _l("A hospital or child psychiatry: examinations, diagnoses and treatment")),
    ("ppr", _l("PPR, the school psychologists: assessments of learning and development")),
    ("municipality", _l("Another municipality: earlier cases and support for the child")),
]


class ConsentForm(BaseForm):
    """Asked on its own page, and never a condition of applying."""

    may_ask = ChoiceField(
        _l("May we get information from others for this application?"),
        choices=[
            ("yes", _l("Yes. I choose who on the next page")),
            ("no", _l("No. I do not give consent")),
        ],
        validators=[Required(CHOOSE)],
    )

    @property
    def applied_for(self) -> str:
        """The support the application is for, in words (the case the consent is for)."""
        chosen = str(getattr(self, "stored_answers", {}).get("support"))
        return str(dict(SUPPORT).get(chosen, ""))


class ConsentScopeForm(BaseForm):
    sources = MultiCheckboxField(
        _l("Who may we ask, and about what?"),
        description=_l("Tick the ones we may ask. We ask only about what is written."),
        choices=SOURCES,
    )
    other_source = StringField(
        _l("Someone else (optional)"),
        description=_l("Write who, and what we may ask about."),
        validators=[MaxChars(MAX_LINE)],
        render_kw={"autocomplete": "off"},
    )

    def validate_sources(self, field: MultiCheckboxField) -> None:
        if not field.data and not (self.other_source.data or "").strip():
            raise ValidationError(
                _l(
                    "Tick who we may ask, or write someone else. "
                    "If we may not ask anyone, go back and choose No."
                )
            )


class WithdrawForm(BaseForm):
    reference = StringField(
        _l("Reference"),
        description=_l("It is on your receipt, for example K7QM-4XRT."),
        validators=[Required(_l("Write the reference.")), MaxChars(20)],
        render_kw={"autocomplete": "off", "width": "phone"},
    )
    code = StringField(
        _l("Code to withdraw the consent"),
        description=_l("It is on your receipt: 16 letters and digits."),
        validators=[Required(_l("Write the code.")), MaxChars(40)],
        render_kw={"autocomplete": "off"},
    )


class StaffWithdrawalForm(BaseForm):
    """Staff record a withdrawal the person told them of."""

    how = ChoiceField(
        _l("How did they withdraw it?"),
        choices=[
            ("phone", _l("By phone")),
            ("letter", _l("By letter or Digital Post")),
            ("in_person", _l("In person")),
            ("message", _l("In a message in the portal")),
        ],
        validators=[Required(_l("Choose how they withdrew it."))],
    )
