"""National help lines, the same in every municipality (the profile adds its own)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.text import N_, Message

HELP_NOW_ENDPOINT = "entry.help_now"


@dataclass(frozen=True)
class HelpLine:
    number: str
    name: Message  # translated where it is shown (templates/macros/help-lines.html)
    when: Message


EMERGENCY = HelpLine(
    "112", N_("Emergency: police, ambulance, fire"), N_("If someone is in danger now.")
)
CHILD_HELPLINE = HelpLine(
    "116 111",
    N_("BørneTelefonen"),
    N_("Free for children and young people. Open day and night. You do not have to say your name."),
)
POLICE = HelpLine("114", N_("Police, when it is not urgent"), N_("Day and night."))
