"""The questions of "Anonymous advice" (Barnets lov § 29): no name, no CPR number, no address,
no phone or email; only what the question needs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import TextAreaField

from portal.forms.base import MAX_TEXT, BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField, MultiCheckboxField
from portal.rights.sections import BAND_LABELS

CHOOSE = lazy_pgettext("grown-up", "Choose an answer.")


class AskerForm(BaseForm):
    asker = ChoiceField(
        _l("How are you related to the child?"),
        choices=[
            ("parent", _l("I am a parent")),
            (
                "family",
                _l("I am another adult in the family, for example a grandparent or a step-parent"),
            ),
            ("other", _l("Something else")),
        ],
        validators=[Required(CHOOSE)],
    )


class ChildAgeForm(BaseForm):
    age_band = ChoiceField(
        _l("How old is the child? (optional)"),
        description=_l("It helps us to answer. You can skip it."),
        choices=[
            ("0-5", _l("Under 6 years")),
            *BAND_LABELS.items(),
            ("several", _l("More than one child")),
        ],
    )


class TopicsForm(BaseForm):
    # "violence" and "child_self_harm" raise the safety line (portal.safety.rules).
    topics = MultiCheckboxField(
        _l("What is your question about? (optional)"),
        description=_l("Choose as many as you like, or none."),
        choices=[
            ("conflicts", _l("Conflicts or worries at home")),
            ("separation", _l("Divorce or separation")),
            ("wellbeing", _l("How the child is doing, for example sad, anxious or lonely")),
            ("behaviour", _l("The child's behaviour")),
            ("school", _l("School or daycare")),
            ("health", _l("Illness, disability or a diagnosis")),
            ("parenting", _l("Being a parent, for example rules, routines or screens")),
            ("violence", _l("Violence or abuse")),
            ("child_self_harm", _l("The child hurts themself or talks about suicide")),
            ("other", _l("Something else")),
        ],
    )


class QuestionForm(BaseForm):
    question = TextAreaField(
        _l("Your question"),
        description=_l(
            "Write in your own words what you would like advice about. Leave out names, "
            "addresses and other details that show who you are."
        ),
        validators=[Required(_l("Write your question.")), MaxChars(MAX_TEXT)],
    )


class AnswerForm(BaseForm):
    wants_answer = ChoiceField(
        _l("Would you like an answer?"),
        description=_l(
            "We answer in a secret conversation here on the portal. You get six secret words "
            "when you send. Only the words open the conversation, so we never need your name."
        ),
        choices=[
            ("yes", _l("Yes, answer me in a secret conversation")),
            ("no", _l("No, I only want to tell you something")),
        ],
        validators=[Required(CHOOSE)],
    )
