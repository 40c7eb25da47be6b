"""The forms staff fill in on a case."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.forms.base import BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField

REASONING = _l("Write the reasoning.")

ROUTE_LABELS = {
    "preventive": _l(
        "Preventive offer outside Barnets lov (open advice, school, daycare, civil society)"
    ),
    "early_support": _l("Early preventive support (§ 30)"),
    "special_counselling": _l("Special or family counselling"),
    "no_action": _l("No further action"),
}
MEASURE_LABELS = {
    "scoping": _l("Scoping (afdækning)"),
    "parallel_support": _l("Parallel support"),
    "investigation": _l("Child-professional investigation (§ 20)"),
}
OUTCOME_LABELS = {
    "investigation": _l("A child-professional investigation was started"),
    "support": _l("Support was started"),
    "neither": _l("Neither an investigation nor support was started"),
}
HOW_LABELS = {
    "email": _l("Email from the portal to the reporter's work email (sent now)"),
    "secure_mail": _l("Secure e-mail (Digital Post)"),
    "letter": _l("Letter"),
    "phone": _l("Phone"),
}


class AssessmentForm(BaseForm):
    acute = ChoiceField(
        _l("Is acute action needed?"),
        choices=[("yes", _l("Yes, acute action is needed")), ("no", _l("No, not acute"))],
        validators=[Required(_l("Choose whether acute action is needed."))],
    )
    reasoning = TextAreaField(
        _l("Why?"),
        description=_l("Is the child's health or development at risk? What did you base it on?"),
        validators=[Required(REASONING), MaxChars(5000)],
    )


SAFETY_OUTCOME_LABELS = {
    "report_of_concern": _l(
        "A report of concern: treat it as one. It becomes a report of concern, and everything "
        "written stays."
    ),
    "acted": _l("Act at once: police or emergency services have been contacted"),
    "no_concern": _l("No concern"),
}


class SafetyAssessmentForm(BaseForm):
    outcome = ChoiceField(
        _l("What did you decide?"),
        choices=list(SAFETY_OUTCOME_LABELS.items()),
        validators=[Required(_l("Choose what you decided."))],
    )
    reasoning = TextAreaField(
        _l("Note"),
        description=_l(
            "What did you do, and why? For no concern, give the reason: it stays on the case "
            "and the decision is in the audit log."
        ),
        validators=[Required(_l("Write what you did and why.")), MaxChars(5000)],
    )


class TriageForm(BaseForm):
    route = ChoiceField(
        _l("Route"),
        choices=list(ROUTE_LABELS.items()),
        validators=[Required(_l("Choose a route."))],
    )
    measure = ChoiceField(
        _l("Within special or family counselling"),
        description=_l("Only for special or family counselling."),
        choices=list(MEASURE_LABELS.items()),
    )
    district = ChoiceField(_l("District"), validators=[Required(_l("Choose the district."))])
    adviser = ChoiceField(
        _l("Adviser"),
        description=_l("Who takes the case on. Leave as nobody if reception keeps it."),
    )
    case_code = StringField(
        _l("Case number in the case system (if any)"),
        description=_l("Links this with the child's other records over time."),
        validators=[MaxChars(40)],
    )
    reasoning = TextAreaField(_l("Reasoning"), validators=[Required(REASONING), MaxChars(5000)])

    def validate_measure(self, field: Any) -> None:
        if self.route.data == "special_counselling" and not field.data:
            raise ValidationError(_l("Choose scoping, parallel support or an investigation."))


class ReplyForm(BaseForm):
    message = TextAreaField(
        _l("Message"),
        description=_l("Write in plain words. The child or family reads it at their next visit."),
        validators=[Required(_l("Write the message.")), MaxChars(5000)],
    )


class FeedbackForm(BaseForm):
    decision = TextAreaField(
        _l("What was decided?"),
        validators=[Required(_l("Write what was decided.")), MaxChars(5000)],
    )
    views_weighed = TextAreaField(
        _l("How did the child's views count?"),
        description=_l(
            "What did the child say, and how did it weigh in the decision? "
            "If it did not change the decision, why not?"
        ),
        validators=[Required(_l("Write how the child's views counted.")), MaxChars(5000)],
    )
    message = TextAreaField(
        _l("Message to the child"),
        description=_l("The child reads this. Short sentences, plain words, and say why."),
        validators=[Required(_l("Write the message to the child.")), MaxChars(5000)],
    )


class ReporterFeedbackForm(BaseForm):
    outcome = ChoiceField(
        _l("What was the reporter told?"),
        choices=list(OUTCOME_LABELS.items()),
        validators=[Required(_l("Choose what the reporter was told."))],
    )
    how = ChoiceField(
        _l("How?"),
        choices=list(HOW_LABELS.items()),
        validators=[Required(_l("Choose how the reporter was told."))],
    )
