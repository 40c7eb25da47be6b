"""The web journeys, and which one writes an inquiry of each kind (for its pages, its
questions and its masked answers). The kinds are declared in portal/inquiries/kinds.py,
each naming its journey; the app factory registers every journey listed here."""

from __future__ import annotations

from portal.advice.views import JOURNEY as ADVICE
from portal.apply.views import JOURNEY as APPLY
from portal.ask.views import JOURNEY as ASK
from portal.inquiries import kinds
from portal.invited.views import JOURNEY as INVITED
from portal.journeys.engine import Journey
from portal.report.views import JOURNEY as REPORT
from portal.say.views import JOURNEY as SAY

BY_NAME: dict[str, Journey] = {j.name: j for j in (ASK, APPLY, REPORT, SAY, ADVICE, INVITED)}
JOURNEYS: dict[str, Journey] = {kind.id: BY_NAME[kind.journey] for kind in kinds.KINDS}
