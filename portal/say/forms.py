"""Have your say: a consultation structured by the Lundy model (Space, Voice, Audience,
Influence). Apart from the age band, every question may be left unanswered.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.forms.base import MAX_LINE, MAX_TEXT, BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField, MultiCheckboxField
from portal.rights.sections import BAND_LABELS

FEELINGS = [
    ("1", _l("Very bad")),
    ("2", _l("Bad")),
    ("3", _l("In between")),
    ("4", _l("Good")),
    ("5", _l("Very good")),
]


class AgeForm(BaseForm):
    age_band = ChoiceField(
        _l("How old are you?"),
        choices=list(BAND_LABELS.items()),
        validators=[Required(_l("Choose how old you are. Then we can ask in the right way."))],
    )


class SpaceForm(BaseForm):
    how = MultiCheckboxField(
        _l("How do you want to tell us?"),
        choices=[
            ("here", _l("Here, in writing")),
            ("meeting", _l("At a meeting")),
            ("phone", _l("On the phone")),
            ("school", _l("At school")),
        ],
    )
    with_whom = StringField(
        _l("Who do you want with you? (if anyone)"),
        description=_l("For example a parent, a teacher or another adult you trust."),
        validators=[MaxChars(MAX_LINE)],
    )
    feel_safe = TextAreaField(
        _l("What would make it feel safe for you?"),
        validators=[MaxChars(MAX_TEXT)],
    )


def _feeling(label: object) -> ChoiceField:
    return ChoiceField(label, choices=FEELINGS)


class FeelingsForm(BaseForm):
    home = _feeling(_l("At home"))
    school = _feeling(_l("At school"))
    friends = _feeling(_l("With friends"))
    free_time = _feeling(_l("In my free time"))


class ViewsForm(BaseForm):
    good = TextAreaField(_l("What is good in your life?"), validators=[MaxChars(MAX_TEXT)])
    hard = TextAreaField(_l("What is hard?"), validators=[MaxChars(MAX_TEXT)])
    wish = TextAreaField(_l("What do you wish for?"), validators=[MaxChars(MAX_TEXT)])
    to_a_person = MultiCheckboxField(
        _l("Would you rather say it to a person?"),
        choices=[("yes", _l("Yes, I would rather say it to a person"))],
    )


class AudienceForm(BaseForm):
    adviser = StringField(
        _l("Your adviser's name or your case number (if you know it)"),
        description=_l("Then your adviser reads it. If not, our reception reads it first."),
        validators=[MaxChars(MAX_LINE)],
    )
    parents_may_see = ChoiceField(
        _l("May your parents see what you wrote?"),
        description=_l("You do not have to answer."),
        choices=[
            ("yes", _l("Yes")),
            ("no", _l("No")),
            ("ask", _l("Ask me first")),
        ],
    )


class InfluenceForm(BaseForm):
    hear_back = MultiCheckboxField(
        _l("How do you want to hear what happens?"),
        description=_l("You do not have to answer. Then we write to you here."),
        choices=[
            ("here", _l("Here, with my six secret words")),
            ("phone", _l("On the phone")),
            ("meeting", _l("At a meeting")),
        ],
    )
