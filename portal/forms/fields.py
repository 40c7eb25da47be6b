"""Fields the public forms use, on top of WTForms'."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice

from portal.forms.base import Choice
from portal.instances import profile


def _choices(kwargs: dict[str, Any]) -> None:
    """(value, label) pairs as WTForms' SelectChoice, and our kind refusal of others."""
    kwargs["choices"] = [
        c if isinstance(c, SelectChoice) else SelectChoice(c[0], c[1])
        for c in kwargs.get("choices", [])
    ]
    kwargs["validate_choice"] = False
    kwargs["validators"] = [*kwargs.get("validators", []), Choice()]


def _once_each(values: Any) -> Any:
    """A box ticked twice (only a crafted request can) counts once."""
    return list(dict.fromkeys(values)) if isinstance(values, list) else values


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]
    """Several answers as checkboxes (rendered by macros/forms.html)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _choices(kwargs)
        kwargs["filters"] = [*kwargs.get("filters", []), _once_each]
        super().__init__(*args, **kwargs)


class ChoiceField(RadioField):  # type: ignore[misc]
    """One answer as radio buttons; an answer not offered gets a translated message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _choices(kwargs)
        super().__init__(*args, **kwargs)


class DistrictField(ChoiceField):
    """Which district of the municipality, from the profile, or "I do not know"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["choices"] = [
            *((d.slug, d.name) for d in profile().districts),
            ("unknown", _l("I do not know")),
        ]
        super().__init__(*args, **kwargs)
