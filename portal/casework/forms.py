"""The forms staff fill in on a case."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from portal import clock
from portal.casework import notes
from portal.forms.base import BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField
from portal.working_days import TZ

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


# -- issue 21: the participation note and the decision with its feedback --------------------

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
NOTE_FORM_LABELS = {
    "child_conversation": _l("A conversation with the child (børnesamtale)"),
    "observation": _l("Observation (for babies and children who cannot speak for themselves)"),
    "portal_answer": _l("The child's answer in the portal"),
    "network_meeting": _l("A network meeting with the child present"),
}
DECISION_KIND_LABELS = {
    "decision": _l("A decision"),
    "meeting": _l("The outcome of a meeting"),
}
TOLD_HOW_LABELS = {
    "conversation": _l("In the conversation in the portal"),
    "in_person": _l("In person"),
    "phone": _l("On the phone"),
    "letter": _l("By letter"),
}
NOT_HEARD_LABELS = {
    "age_maturity": _l("The child's age or maturity"),
    "childs_wish": _l("The child did not wish to take part"),
    "urgency": _l("It was urgent"),
}
DATE_HINT = _l("For example 23-11-2026.")


def parse_date(text: str) -> date | None:
    """A date typed as 23-11-2026 (or as a date field sends it, 2026-11-23); None if not."""
    parts = text.strip().replace(".", "-").replace("/", "-").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    first, month, last = (int(p) for p in parts)
    year, day = (first, last) if len(parts[0]) == 4 else (last, first)
    try:
        return date(year, month, day) if year > 999 else None
    except ValueError:
        return None


NOT_AHEAD = _l("The date cannot be after today. Write the day it happened.")


class DateText:
    """A date the person typed (``parse_date``) of something that happened: not after today
    where the municipality works."""

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if not field.data:
            return
        day = parse_date(field.data)
        if day is None:
            raise ValidationError(self.message)
        if day > clock.now().astimezone(TZ).date():
            raise ValidationError(NOT_AHEAD)


def yes(field: Any) -> bool:
    return bool(field.data == "yes")


def _yes_no(label: Any, missing: Any) -> ChoiceField:
    return ChoiceField(label, choices=YES_NO, validators=[Required(missing)])


class NoteForm(BaseForm):
    """Inddragelsesnotat: how the child took part in one contact."""

    form = ChoiceField(
        _l("How did the child take part?"),
        choices=list(NOTE_FORM_LABELS.items()),
        validators=[Required(_l("Choose how the child took part."))],
    )
    met_on = StringField(
        _l("Date of the contact"),
        description=DATE_HINT,
        validators=[
            Required(_l("Write the date of the contact.")),
            DateText(_l("Write the date as day-month-year, for example 23-11-2026.")),
        ],
    )
    place = StringField(
        _l("Where?"),
        description=_l("For example at school, at home, at our office, or in the portal."),
        validators=[Required(_l("Write where it was.")), MaxChars(200)],
    )
    present = StringField(
        _l("Who else was present?"),
        description=_l('Names and roles. Write "nobody" if nobody else was there.'),
        validators=[Required(_l("Write who else was present.")), MaxChars(500)],
    )
    bisidder_present = _yes_no(
        _l("Was a bisidder (support person) present?"), _l("Answer whether a bisidder was present.")
    )
    told_purpose = _yes_no(
        _l("Was the child told the purpose of the conversation?"),
        _l("Answer whether the child was told the purpose."),
    )
    offered_bisidder = _yes_no(
        _l("Was the child offered a bisidder?"),
        _l("Answer whether the child was offered a bisidder."),
    )
    child_age = StringField(_l("The child's age (if you know it)"), validators=[MaxChars(2)])
    party_case = _yes_no(
        _l("Is the case one where a child of 10 or more is a party (§ 3)?"),
        _l("Answer whether the case is one where a child of 10 or more is a party."),
    )
    heard_as_party = _yes_no(
        _l("Was the child heard as a party?"),
        _l("Answer whether the child was heard as a party."),
    )
    views = TextAreaField(
        _l("The child's views, in the child's own words"),
        description=_l("Write what the child said as the child said it."),
        validators=[Required(_l("Write the child's views.")), MaxChars(5000)],
    )
    weighing = TextAreaField(
        _l("How will the views be weighed?"),
        validators=[Required(_l("Write how the views will be weighed.")), MaxChars(5000)],
    )

    def validate_child_age(self, field: Any) -> None:
        if field.data and not (field.data.isdigit() and int(field.data) <= 25):
            raise ValidationError(_l("Write the child's age as a number, or leave it empty."))

    def validate_heard_as_party(self, field: Any) -> None:
        age = int(self.child_age.data) if (self.child_age.data or "").isdigit() else None
        due = yes(self.party_case) and age is not None and age >= notes.PARTY_AGE
        if due and field.data == "no":
            raise ValidationError(gettext(notes.HEAR_AS_PARTY))


class DecisionForm(BaseForm):
    """A decision or a meeting's outcome, and the three things the child is told."""

    kind = ChoiceField(
        _l("What are you recording?"),
        choices=list(DECISION_KIND_LABELS.items()),
        validators=[Required(_l("Choose a decision or the outcome of a meeting."))],
    )
    final = _yes_no(_l("Is it final?"), _l("Answer whether it is final."))
    decision = TextAreaField(
        _l("What was decided (for the case file)"),
        validators=[Required(_l("Write what was decided.")), MaxChars(5000)],
    )
    decided = TextAreaField(
        _l("What was decided"),
        description=_l("To the child, in plain words. Short sentences."),
        validators=[Required(_l("Tell the child what was decided.")), MaxChars(5000)],
    )
    views_weighed = TextAreaField(
        _l("How your views counted"),
        description=_l(
            "To the child: what they said, and how it weighed in the decision. "
            "If it did not change the decision, say why."
        ),
        validators=[Required(_l("Tell the child how their views counted.")), MaxChars(5000)],
    )
    not_possible = TextAreaField(
        _l("What was not possible, and why"),
        description=_l("To the child. If everything they wished for was possible, say so."),
        validators=[
            Required(_l("Tell the child what was not possible, and why.")),
            MaxChars(5000),
        ],
    )
    told_how = ChoiceField(
        _l("How was the child told?"),
        choices=[(k, v) for k, v in TOLD_HOW_LABELS.items() if k != "conversation"],
    )
    told_on = StringField(
        _l("When was the child told?"),
        description=DATE_HINT,
        validators=[DateText(_l("Write the date as day-month-year, for example 23-11-2026."))],
    )
    not_heard_reason = ChoiceField(
        _l("Why was the child not heard?"),
        description=_l("Only when there is no view of the child before this decision."),
        choices=list(NOT_HEARD_LABELS.items()),
    )
    not_heard_note = TextAreaField(
        _l("Note on why the child was not heard"), validators=[MaxChars(5000)]
    )
