"""Apply for support (ansøgning): a parent, or a young person from 15, asks for support."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask_babel import lazy_gettext as _l

from portal import clock, current, db
from portal.apply import forms
from portal.forms.cpr import mask
from portal.i18n import current_locale
from portal.inquiries import lundy, promises, services
from portal.inquiries.services import district_of
from portal.journeys.engine import Answers, Journey, Step
from portal.mail import notices
from portal.municipality import profile


def _parent(answers: Answers) -> bool:
    return answers.get("applicant") == "parent"


def lundy_record(answers: Answers) -> lundy.Lundy:
    """The child's view, as the parent told it."""
    return lundy.told_by_parent(
        child_view=answers.get("child_view", ""), child_knows=answers.get("child_knows")
    )


def submit(answers: Answers) -> dict[str, Any]:
    """Write the application, how the child sees it, and a conversation to follow it up."""
    s, now = db.session(), clock.now()
    inquiry = services.create_inquiry(
        s,
        kind="application",
        answers=answers,
        locale=current_locale(),
        anonymous=False,
        wants_answer=True,
        now=now,
        district_slug=district_of(s, answers),
    )
    if _parent(answers):  # a young person applying is heard in their own application
        services.add_participation(
            s,
            inquiry,
            age_band=None,
            format="web form: application, the child's view as told by the parent",
            lundy=lundy_record(answers),
            now=now,
        )
    if answers.get("email"):
        notices.application_receipt(
            replace(current.context(), session=s, now=now), inquiry, to=str(answers["email"])
        )
    passphrase = services.open_conversation(
        s,
        inquiry,
        first_message=None,
        now=now,
    )
    answer_by = promises.wait_for_answer(s, inquiry, now, profile(), child=not _parent(answers))
    return {
        "reference": inquiry.reference,
        "passphrase": passphrase,
        "answer_by": answer_by.isoformat(),
    }


JOURNEY = Journey(
    name="apply",
    url="/apply-for-support",
    title=_l("Apply for support"),
    child=False,
    submit=submit,
    masks={"cpr": mask},
    templates={
        "start": "apply/start.html",
        "cpr": "apply/cpr.html",
        "consent": "apply/consent.html",
        "sent": "apply/sent.html",
    },
    steps=[
        Step("who-applies", forms.ApplicantForm, _l("Who is applying?")),
        Step("support", forms.SupportForm, _l("What support do you apply for?")),
        Step("the-child", forms.ChildForm, _l("Who is the support for?")),
        Step(
            "cpr",
            forms.CPRForm,
            _l("The CPR number"),
            applies=lambda a: a.get("support") == "disability",
            keep_if_blank=frozenset({"cpr"}),
        ),
        Step("why", forms.ReasonForm, _l("Why do you apply?")),
        Step(
            "the-childs-view",
            forms.ChildViewForm,
            _l("The child's view"),
            hint=_l(
                "The child has a right to be heard. Tell us what you know of the child's view."
            ),
            applies=_parent,
        ),
        Step("contact", forms.ContactForm, _l("How can we reach you?")),
        Step("consent", forms.ConsentForm, _l("How we use what you write")),
    ],
)
bp = JOURNEY.bp
