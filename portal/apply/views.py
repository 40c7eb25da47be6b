"""Apply for support (ansøgning): a parent, or a young person from 15, asks for support; and
withdraws the consent given in it, later, with its one-time code and without logging in."""

from __future__ import annotations

from flask import Response, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal import current
from portal.apply import forms
from portal.apply.usecase import ApplyReceipt, ConsentError, consents, submit, withdraw
from portal.apply.usecase import parent as _parent
from portal.extensions import limiter
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
        "consent-scope": "apply/consent-scope.html",
        "check": "apply/check-answers.html",
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
        # Asked on its own, and never a condition of applying (retssikkerhedsloven § 11 a).
        Step("consent", forms.ConsentForm, _l("May we ask others about the child?")),
        Step(
            "consent-scope",
            forms.ConsentScopeForm,
            _l("Who may we ask, and about what?"),
            applies=consents,
        ),
    ],
)
bp = JOURNEY.bp


def _failed_try(_response: Response) -> bool:
    return bool(g.get("withdraw_failed"))


@bp.route("/withdraw-consent", methods=["GET", "POST"])
# Every wrong try counts per client; a code has about 78 bits, so this only slows a flood.
@limiter.limit(
    lambda: current_app.config["PASSPHRASE_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=_failed_try,
)
@limiter.limit(
    lambda: current_app.config["PASSPHRASE_GLOBAL_RATE_LIMIT"],
    methods=["POST"],
    key_func=lambda: "everyone",
    scope="consent-all-clients",
    deduct_when=_failed_try,
)
def withdraw_consent() -> ResponseReturnValue:
    """Withdraw a consent with the reference and the one-time code from the receipt (the
    receipt's link fills in the reference; the code is never in a URL, where a browser's
    history would keep it; nothing is withdrawn until the button is pressed)."""
    if request.method == "GET":
        reference = request.args.get("reference", "")
        form = forms.WithdrawForm(formdata=None, data={"reference": reference})
        return render_template("apply/withdraw-consent.html", form=form)
    form = forms.WithdrawForm()
    g.withdraw_failed = True
    if not form.validate():
        form.code.data = ""  # never written back into the page
        return render_template("apply/withdraw-consent.html", form=form), 400
    try:
        done = current.run(withdraw, form.reference.data, form.code.data)
    except ConsentError as exc:
        form.code.data = ""  # never written back into the page
        form.code.errors = [gettext(exc.message)]
        return render_template("apply/withdraw-consent.html", form=form), 400
    g.withdraw_failed = False
    return render_template("apply/consent-withdrawn.html", withdrawal=done)
