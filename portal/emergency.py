"""National help lines, the same in every municipality (the profile adds its own)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

HELP_NOW_ENDPOINT = "entry.help_now"


@dataclass(frozen=True)
class HelpLine:
    number: str
    name: LazyString
    when: LazyString


EMERGENCY = HelpLine(
    "112", _l("Emergency: police, ambulance, fire"), _l("If someone is in danger now.")
)
CHILD_HELPLINE = HelpLine(
    "116 111",
    _l("BørneTelefonen"),
    _l("Free for children and young people. Open day and night. You do not have to say your name."),
)
POLICE = HelpLine("114", _l("Police, when it is not urgent"), _l("Day and night."))
