"""The child's view, asked for: a child types the code their adviser gave them (or opens its
link or QR code), sees the adviser's first name, reason and date, answers one question a
page, and sends. No login; works without JavaScript.

The code is never kept: the visit's draft keeps the invitation's id (and its question set
and the adviser's first name, for the pages). The link ``/i/<code>`` checks the code and
redirects, so the code leaves the address bar at once."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal import current, db
from portal.core.uow import unit_of_work
from portal.extensions import limiter
from portal.forms.base import BaseForm
from portal.invitations import usecase as invitations
from portal.invited import forms
from portal.invited.usecase import KEPT, QUESTIONS, InvitationError, InvitedReceipt, in_set, submit
from portal.journeys import drafts
from portal.journeys.engine import Answers, Journey, Step

ONE_QUESTION = _l("You do not have to answer. It is up to you.")


class InvitedJourney(Journey):
    """A journey that starts with a code and keeps its invitation in the draft."""

    def collected(self, answers: Answers) -> Answers:
        kept = super().collected(answers)
        kept.update({key: answers[key] for key in KEPT if key in answers})
        return kept

    def start(self) -> Any:
        """With a working invitation in the visit: who asks, why, by when. Without one: the
        code (and, if the invitation stopped working, what to do)."""
        answers = drafts.load(self.name)
        welcome = current.run(invitations.welcome, answers.get("invitation"))
        if welcome is None:
            if request.args.get("wrong"):  # a link with a code that does not work now
                return wrong_code_page()
            if request.args.get("busy"):  # a link held back: too many tries (link_bp, 429)
                abort(429)
            return code_page(forms.CodeForm(formdata=None), gone=bool(answers.get("invitation")))
        return render_template(
            "invited/start.html",
            journey=self,
            welcome=welcome,
            first_url=self.step_url(self.applicable(answers)[0]),
            child_page=True,
        )

    def step(self, slug: str) -> ResponseReturnValue:
        if not drafts.load(self.name).get("invitation"):
            return redirect(url_for(f"{self.name}.start"))
        return super().step(slug)

    def check(self) -> ResponseReturnValue:
        answers = drafts.load(self.name)
        if not answers.get("invitation") and self._receipt() is None:
            return redirect(url_for(f"{self.name}.start"))
        try:
            return super().check()
        except InvitationError as exc:  # rolled back: nothing sent, the draft is kept
            return self._render_check(answers, BaseForm(), gone=gettext(exc.message)), 400

    def _render_step(self, step: Step, form: BaseForm, answers: Answers, **extra: Any) -> str:
        return super()._render_step(step, form, answers, adviser=adviser_of(), **extra)

    def _render_check(self, answers: Answers, form: BaseForm, **extra: Any) -> str:
        return super()._render_check(answers, form, adviser=adviser_of(), **extra)


def adviser_of() -> str:
    """The adviser's first name, as the draft keeps it (empty if none)."""
    return str(drafts.load(JOURNEY.name).get("adviser") or "")


def _questions() -> list[Step]:
    headings = {"free_tell": _l("What do you want to tell %(name)s?")}
    return [
        Step(
            name.replace("_", "-"),
            forms.FORMS[name],
            headings.get(name, forms.LABELS[name]),
            hint=ONE_QUESTION if len(names) > 1 else None,
            applies=in_set(set_id),
        )
        for set_id, names in QUESTIONS.items()
        for name in names
    ]


STEP_TEMPLATES = {name.replace("_", "-"): "invited/step.html" for name in forms.FORMS}
JOURNEY = InvitedJourney(
    name="invited",
    url="/invitation",
    title=_l("Your view"),
    child=True,
    submit=submit,
    receipt=InvitedReceipt,
    templates={
        **STEP_TEMPLATES,
        "write-back": "invited/step.html",
        "check": "invited/check-answers.html",
        "sent": "invited/sent.html",
    },
    steps=[
        *_questions(),
        Step(
            "write-back",
            forms.WriteForm,
            _l("Do you want to write with %(name)s?"),
            hint=_l(
                "Then you get six secret words. With them you can read the answer and write back."
            ),
        ),
    ],
)
bp = JOURNEY.bp
# The link in the letter or text message (and its QR code): /i/<code>.
link_bp = Blueprint("invitation_link", __name__)


def code_page(form: forms.CodeForm, *, gone: bool = False) -> str:
    return render_template(
        "invited/code.html", journey=JOURNEY, form=form, gone=gone, child_page=True
    )


def wrong_code_page() -> ResponseReturnValue:
    """The code page with the one answer to every code that does not work now."""
    form = forms.CodeForm(formdata=None)
    form.code.errors = [gettext(invitations.WRONG_CODE)]
    return code_page(form), 400


def _failed_try(_response: Response) -> bool:
    return bool(g.get("invitation_failed"))


# Every wrong try counts, per client and for everyone, on both ways in (a code has 50 bits:
# this only slows a flood), as on the consent withdrawal page and the conversation's entry.
per_client = limiter.shared_limit(
    lambda: current_app.config["PASSPHRASE_RATE_LIMIT"],
    scope="invitation",
    deduct_when=_failed_try,
)
for_everyone = limiter.shared_limit(
    lambda: current_app.config["PASSPHRASE_GLOBAL_RATE_LIMIT"],
    scope="invitation-all-clients",
    key_func=lambda: "everyone",
    deduct_when=_failed_try,
)


def _opened(typed: str, *, link: bool = False) -> ResponseReturnValue:
    """Check the code; if it works, keep its invitation in the visit's draft and go to the
    journey's start. Every wrong code gets the same answer: the code page with one error (a
    link goes there first, so that no code stays in the address bar)."""
    g.invitation_failed = True
    welcome = current.run(invitations.open_code, typed)
    if welcome is None:
        if link:
            return redirect(url_for("invited.start", wrong=1))
        return wrong_code_page()
    g.invitation_failed = False
    answers = drafts.load(JOURNEY.name)
    if not current.run(invitations.follows_on, answers.get("invitation"), welcome.invitation_id):
        answers = {}  # another case or other questions: its own answers
    answers.update(
        invitation=welcome.invitation_id,
        question_set=welcome.question_set,
        adviser=welcome.first_name,
    )
    with unit_of_work(db.session()):
        drafts.save(JOURNEY.name, answers)
    return redirect(url_for("invited.start"))


@bp.route("/code", methods=["POST"])
@per_client
@for_everyone
def code() -> ResponseReturnValue:
    """The code, typed; the page with its form is the journey's start."""
    form = forms.CodeForm()
    if not form.validate():
        form.code.data = ""  # never written back into the page
        g.invitation_failed = True
        return code_page(form), 400
    return _opened(form.code.data)


@link_bp.errorhandler(429)
def _held_back(_error: Exception) -> ResponseReturnValue:
    """Too many tries by a link: the code still leaves the address bar at once (the page
    that says to wait has an address without it)."""
    return redirect(url_for("invited.start", busy=1))


@link_bp.route("/i/<code>")
@per_client
@for_everyone
def link(code: str) -> ResponseReturnValue:
    """The link from the letter or the QR code: checked, then out of the address bar."""
    return _opened(code, link=True)
