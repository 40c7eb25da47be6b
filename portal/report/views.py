"""Report a concern (underretning): a professional or a citizen is worried about a child."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask_babel import lazy_gettext as _l

from portal import clock, current, db
from portal.casework.clocks import start_report_clocks
from portal.emergency import EMERGENCY, POLICE
from portal.i18n import current_locale
from portal.inquiries import services
from portal.inquiries.services import district_of
from portal.journeys.engine import Answers, Journey, Step
from portal.mail import notices
from portal.report import forms


def _professional(answers: Answers) -> bool:
    return answers.get("reporter") == "professional"


def _citizen(answers: Answers) -> bool:
    return answers.get("reporter") == "citizen"


def _in_danger(answers: Answers) -> str | None:
    return "report.danger_now" if answers.get("danger") in {"yes", "unsure"} else None


def submit(answers: Answers) -> dict[str, Any]:
    """Write the report with its clocks started: assessment within 24 hours, receipt due."""
    s, now = db.session(), clock.now()
    professional = _professional(answers)
    inquiry = services.create_inquiry(
        s,
        kind="report_of_concern",
        answers=answers,
        locale=current_locale(),
        anonymous=_citizen(answers) and answers.get("identity") != "named",
        wants_answer=False,
        now=now,
        district_slug=district_of(s, answers),
    )
    start_report_clocks(inquiry, professional=professional)
    if professional and answers.get("email"):
        notices.report_receipt(
            replace(current.context(), session=s, now=now), inquiry, to=str(answers["email"])
        )
    return {"reference": inquiry.reference, "professional": professional}


JOURNEY = Journey(
    name="report",
    url="/report-a-concern",
    title=_l("Report a concern"),
    child=False,
    submit=submit,
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
