"""Words for the values in a participation record, taken from the questions the child saw."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from portal.invited import forms as invited
from portal.say import forms


def _label(unbound: Any) -> str:
    return str(unbound.args[0] if unbound.args else unbound.kwargs.get("label", ""))


def _choices(unbound: Any) -> dict[str, str]:
    found = {}
    for choice in unbound.kwargs.get("choices", []):
        if isinstance(choice, SelectChoice):
            found[str(choice.value)] = str(choice.label)
        else:
            found[str(choice[0])] = str(choice[1])
    return found


# The record stores these in English, as data; staff read them in their language.
FORMATS = {
    "feeling scales with pictures": _l("feeling scales with pictures"),
    "open questions": _l("open questions"),
}

INVITED = _l("Answered the adviser's invitation in the portal")


def words() -> dict[str, dict[str, str]]:
    """Labels in the current language: how to be heard, feeling topics and faces, own words."""
    return {
        # "invitation": the child answered their adviser's invitation (portal/invited).
        "how": {**_choices(forms.SpaceForm.how), "invitation": str(INVITED)},
        "feeling_topics": {
            name: _label(getattr(forms.FeelingsForm, name))
            for name in ("home", "school", "friends", "free_time")
        },
        "feelings": {value: str(label) for value, label in forms.FEELINGS},
        "formats": {key: str(label) for key, label in FORMATS.items()},
        "own_words": {
            **{name: _label(getattr(forms.ViewsForm, name)) for name in ("good", "hard", "wish")},
            **{name: str(label) for name, label in invited.LABELS.items()},
        },
    }
