"""The child's view, asked for: the code, three short open questions per question set (one
on a page, each optional, but at least one answered), and whether to write with the adviser.

The labels say "your adviser": they are what the case system's questionnaire and "check your
answers" show. The page headings name the adviser (portal/invited/views.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from portal.forms.base import MAX_TEXT, BaseForm, MaxChars, Required
from portal.forms.fields import ChoiceField
from portal.invited.usecase import QUESTIONS

AT_LEAST_ONE = _l("Write an answer here, or go back and answer one of the other questions.")


class CodeForm(BaseForm):
    code = StringField(
        _l("Your code"),
        description=_l("It has 10 letters and numbers."),
        validators=[Required(_l("Write your code.")), MaxChars(40)],
        render_kw={"autocomplete": "off", "width": "phone"},
    )


class _Question(BaseForm):
    """One open question of a question set; the last one of the set needs at least one
    answer on the set's pages (the answers so far: ``stored_answers``, set by the engine)."""

    question_set = ""
    field_name = ""

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        fields = QUESTIONS[self.question_set]
        if self.field_name != fields[-1] or (self[self.field_name].data or "").strip():
            return True
        stored = getattr(self, "stored_answers", {})
        if any((stored.get(name) or "").strip() for name in fields[:-1]):
            return True
        self[self.field_name].errors = [str(AT_LEAST_ONE)]
        return False


def _question(set_id: str, name: str, label: Any) -> type[_Question]:
    """A form with one optional text question ``name`` of the set ``set_id``."""
    field = TextAreaField(label, validators=[MaxChars(MAX_TEXT)])
    attrs = {"question_set": set_id, "field_name": name, name: field}
    return type(f"Question_{name}", (_Question,), attrs)


LABELS = {
    "meeting_talk": _l("What do you want to talk about at the meeting?"),
    "meeting_know": _l("What should the adults know about you?"),
    "meeting_good": _l("What would make the meeting good for you?"),
    "decision_think": _l("What do you think about it?"),
    "decision_matters": _l("What matters most to you?"),
    "decision_worry": _l("Is there something you are worried about?"),
    "change_how": _l("How are things after the change?"),
    "change_good": _l("What is good now?"),
    "change_hard": _l("What is hard now?"),
    "free_tell": _l("What do you want to tell your adviser?"),
}
FORMS = {
    name: _question(set_id, name, LABELS[name])
    for set_id, names in QUESTIONS.items()
    for name in names
}


class WriteForm(BaseForm):
    write_back = ChoiceField(
        _l("Do you want to write with your adviser?"),
        choices=[("yes", _l("Yes, give me secret words")), ("no", _l("No, thank you"))],
        validators=[Required(_l("Choose yes or no."))],
    )
