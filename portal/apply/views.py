"""Apply for support (ansøgning): a parent, or a young person from 15, asks for support."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.apply import forms
from portal.apply.usecase import ApplyReceipt, submit
from portal.apply.usecase import parent as _parent
from portal.forms.cpr import mask
from portal.journeys.engine import Journey, Step

JOURNEY = Journey(
    name="apply",
    url="/apply-for-support",
    title=_l("Apply for support"),
    child=False,
    submit=submit,
    receipt=ApplyReceipt,
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
