"""The adviser's invitation to the child: what it is about, the reason the child reads, and
the date the view is needed by (portal/invitations)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, TextAreaField

from portal.forms.base import BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField
from portal.invitations.usecase import MAX_REASON

QUESTION_SET_LABELS = {
    "before_meeting": _l("Before a meeting: what the child wants to talk about"),
    "before_decision": _l("Before a decision: what the child thinks, and what matters most"),
    "after_change": _l("After a change: how things are now"),
    "free": _l("Free: one open question"),
}


class InviteForm(BaseForm):
    question_set = ChoiceField(
        _l("What do you ask about?"),
        choices=list(QUESTION_SET_LABELS.items()),
        validators=[Required(_l("Choose what you ask about."))],
    )
    reason = TextAreaField(
        _l("Why do you ask? The child reads this"),
        description=_l(
            "Write a short sentence in plain words. For example: We are deciding where you "
            "will live after the summer. What matters to you?"
        ),
        validators=[Required(_l("Write the reason the child will read.")), MaxChars(MAX_REASON)],
    )
    needed_by = DateField(
        _l("When do you need the child's view?"),
        description=_l(
            "The code works until the end of this day. The child is told the outcome by then."
        ),
        validators=[Required(_l("Choose the date: today or later."))],
    )
