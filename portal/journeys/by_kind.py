"""Which journey wrote an inquiry of each kind (for its questions and answers)."""

from __future__ import annotations

from portal.apply.views import JOURNEY as APPLY
from portal.ask.views import JOURNEY as ASK
from portal.journeys.engine import Journey
from portal.report.views import JOURNEY as REPORT
from portal.say.views import JOURNEY as SAY

JOURNEYS: dict[str, Journey] = {
    "ask_for_help": ASK,
    "application": APPLY,
    "report_of_concern": REPORT,
    "consultation": SAY,
}
