"""Report a concern (underretning): a professional or a citizen is worried about a child."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.emergency import EMERGENCY, POLICE
from portal.journeys.engine import Answers, Journey, Step
from portal.report import forms
from portal.report.usecase import ReportReceipt, submit
from portal.report.usecase import citizen as _citizen
from portal.report.usecase import professional as _professional


def _in_danger(answers: Answers) -> str | None:
    return "report.danger_now" if answers.get("danger") in {"yes", "unsure"} else None


JOURNEY = Journey(
    name="report",
    url="/report-a-concern",
    title=_l("Report a concern"),
    child=False,
    submit=submit,
    receipt=ReportReceipt,
    templates={
        "start": "report/start.html",
        "check": "report/check-answers.html",
        "sent": "report/sent.html",
    },
    steps=[
        Step("who-you-are", forms.ReporterForm, _l("Are you reporting as a professional?")),
        Step(
            "danger",
            forms.DangerForm,
            _l("Is the child in danger right now?"),
            detour=_in_danger,
        ),
        Step(
            "your-details",
            forms.ProfessionalForm,
            _l("About you"),
            hint=_l("As a professional you must say who you are. The parents can see it."),
            applies=_professional,
        ),
        Step(
            "anonymous",
            forms.CitizenIdentityForm,
            forms.WHO_YOU_ARE,
            applies=_citizen,
        ),
        Step(
            "your-name",
            forms.CitizenDetailsForm,
            _l("About you"),
            applies=lambda a: _citizen(a) and a.get("identity") == "named",
        ),
        Step(
            "the-child",
            forms.ChildForm,
            _l("About the child"),
            hint=_l("Write what you know. You do not need to know everything."),
        ),
        Step("what-happened", forms.ConcernForm, _l("What worries you?")),
        Step("what-you-have-done", forms.ActionsForm, _l("What have you done?")),
        Step("who-knows", forms.WhoKnowsForm, _l("Who knows about the report?")),
    ],
)
bp = JOURNEY.bp


@bp.get("/danger-now")
def danger_now() -> str:
    """A child in danger: call now; the written report comes after."""
    return JOURNEY.call_first(
        (EMERGENCY, POLICE),
        heading=_l("Call now if the child is in danger"),
        lead=_l(
            "Do not wait for a written report. Call 112 if the child is in danger now. "
            "Outside our opening hours, call our out-of-hours service."
        ),
        after=_l("When the child is safe, send the written report as well."),
        continue_label=_l("Continue the report"),
    )
