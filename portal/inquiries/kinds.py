"""The kinds of inquiry, each declared once.

Everything else that depends on a kind asks here: the journey that writes it, its label,
whether a child speaks for themself (the answer promise in a child's working days, and
feedback to the child before the case closes), whether it is a report of concern (the
24-hour assessment and the receipt within 6 working days), and how it is counted. A new
kind is a new entry here and a journey package of its own (forms, steps, its submit use
case, templates); tests/inquiries/test_kinds.py checks every place that needs a kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.text import N_, Message


@dataclass(frozen=True)
class Kind:
    id: str  # stored in inquiry.kind and inquiry.form_kind
    journey: str  # the journey (its blueprint's name) that writes it
    label: Message  # what staff read in the inbox and on the case
    childs_own: bool = False  # a child or young person speaks for themself
    report: bool = False  # a report of concern (underretning)


ASK_FOR_HELP = Kind("ask_for_help", "ask", N_("Ask for help"), childs_own=True)
APPLICATION = Kind("application", "apply", N_("Application"))
REPORT_OF_CONCERN = Kind("report_of_concern", "report", N_("Report of concern"), report=True)
CONSULTATION = Kind("consultation", "say", N_("Have your say"), childs_own=True)
# A family's question without a name (Barnets lov § 29), answered in a secret-words conversation.
FAMILY_ADVICE = Kind("family_advice", "advice", N_("Anonymous advice"))
# A child's view on their own case, asked for by their adviser with a one-time code
# (portal/invitations): an inquiry of its own, linked to the case (``Inquiry.case_id``).
CHILDS_VIEW = Kind("childs_view", "invited", N_("The child's view, asked for"), childs_own=True)

KINDS: tuple[Kind, ...] = (
    ASK_FOR_HELP,
    APPLICATION,
    REPORT_OF_CONCERN,
    CONSULTATION,
    FAMILY_ADVICE,
    CHILDS_VIEW,
)
BY_ID = {kind.id: kind for kind in KINDS}
IDS: tuple[str, ...] = tuple(kind.id for kind in KINDS)
CHILDS_OWN: tuple[str, ...] = tuple(kind.id for kind in KINDS if kind.childs_own)
# The one kind that is a report of concern: its clocks, its receipt, what a safety case becomes.
(REPORT,) = (kind.id for kind in KINDS if kind.report)


def kind_of(kind_id: str) -> Kind:
    """The kind with this id (a KeyError names an unknown one)."""
    return BY_ID[kind_id]
