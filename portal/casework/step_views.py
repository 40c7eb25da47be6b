"""The steps taken on a case: assess, triage, assign, convert, receipt, § 138 feedback,
close, new secret words. Which step applies when, and for whom, is portal.casework.rules;
these pages translate to and from HTTP (a refused step shows what to do first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal import clock, db
from portal.casework import clocks, rules, services
from portal.casework.forms import (
    AssessmentForm,
    ReporterFeedbackForm,
    SafetyAssessmentForm,
    TriageForm,
)
from portal.casework.views import back_to_case, bp, districts, form_page, open_case, render_case
from portal.current import run
from portal.inquiries.models import Inquiry
from portal.safety import services as safety
from portal.staff.access import current, staff_required
from portal.staff.models import StaffUser


@bp.route("/cases/<inquiry_id>/assessment", methods=["GET", "POST"])
@staff_required(*rules.roles(rules.ASSESS))
def assess(inquiry_id: str) -> ResponseReturnValue:
    """The 24-hour assessment: of a report (acute or not), or of a possible safety case."""
    inquiry = open_case(inquiry_id)
    if not rules.applies(rules.ASSESS, inquiry, current()):
        return back_to_case(inquiry, "")
    s = db.session()
    report = inquiry.kind == rules.REPORT
    form: AssessmentForm | SafetyAssessmentForm = (
        AssessmentForm() if report else SafetyAssessmentForm()
    )
    if form.validate_on_submit():
        if isinstance(form, AssessmentForm):
            outcome = "acute" if form.acute.data == "yes" else "not_acute"
        else:
            outcome = form.outcome.data
        run(services.assess, inquiry, outcome=outcome, reasoning=form.reasoning.data)
        return back_to_case(inquiry, "assessed")
    return form_page(
        "casework/assess.html",
        inquiry,
        form,
        report=report,
        flag=safety.open_flag(s, inquiry),
        clock_list=[c for c in clocks.clocks_of(inquiry) if c.key == "assessment"],
        now=clock.now(),
    )


def _button(
    inquiry: Inquiry, step: Callable[..., object], saved: str, *args: Any
) -> ResponseReturnValue:
    """A one-press step on the case page (``step(ctx, inquiry, *args)``, one unit of work); a
    refusal shows the case again with what to do first."""
    try:
        run(step, inquiry, *args)
    except services.CaseworkError as exc:
        return render_case(inquiry, problem=gettext(exc.message))
    return back_to_case(inquiry, saved)


@bp.route("/cases/<inquiry_id>/assign", methods=["POST"])
@staff_required(*rules.roles(rules.ASSIGN))
def assign(inquiry_id: str) -> ResponseReturnValue:
    """Give the case to the adviser the child named, in one click."""
    inquiry = open_case(inquiry_id)
    adviser = db.session().get(StaffUser, request.form.get("adviser", ""))
    if adviser is None:
        return render_case(inquiry, problem=gettext("Choose an active adviser."))
    return _button(inquiry, services.assign, "assigned", adviser)


@bp.route("/cases/<inquiry_id>/report-of-concern", methods=["POST"])
@staff_required(*rules.roles(rules.CONVERT))
def convert(inquiry_id: str) -> ResponseReturnValue:
    """Treat the inquiry as a report of concern, in one step."""
    return _button(open_case(inquiry_id), services.convert_to_report, "converted")


def _advisers() -> list[StaffUser]:
    """Who a case can be assigned to: active advisers and leaders."""
    stmt = (
        select(StaffUser)
        .where(StaffUser.active.is_(True), StaffUser.role.in_(("adviser", "leader")))
        .order_by(StaffUser.name)
    )
    return list(db.session().scalars(stmt))


def _adviser_label(user: StaffUser, names: dict[str, str]) -> str:
    """An adviser's name, with their districts in brackets when they have any."""
    districts_of = ", ".join(names.get(d, d) for d in sorted(user.district_slugs))
    return f"{user.name} ({districts_of})" if districts_of else user.name


@bp.route("/cases/<inquiry_id>/triage", methods=["GET", "POST"])
@staff_required(*rules.roles(rules.TRIAGE))
def triage(inquiry_id: str) -> ResponseReturnValue:
    inquiry = open_case(inquiry_id)
    s = db.session()
    form = TriageForm()
    names = districts()
    form.district.choices = [SelectChoice(slug, name) for slug, name in names.items()]
    people = _advisers()
    form.adviser.choices = [SelectChoice("", gettext("Nobody yet"))] + [
        SelectChoice(u.id, _adviser_label(u, names)) for u in people
    ]
    if request.method == "GET":
        form.district.data = inquiry.district_slug
        form.adviser.data = inquiry.assigned_to_id or ""
        form.case_code.data = inquiry.case_code or ""
    problem = None
    if form.validate_on_submit():
        try:
            run(
                services.triage,
                inquiry,
                route=form.route.data,
                measure=form.measure.data or None,
                district_slug=form.district.data,
                assigned_to=s.get(StaffUser, form.adviser.data) if form.adviser.data else None,
                reasoning=form.reasoning.data,
                case_code=form.case_code.data or None,
            )
        except services.CaseworkError as exc:
            problem = gettext(exc.message)
        else:
            return back_to_case(inquiry, "triaged")
    return form_page("casework/triage.html", inquiry, form, problem=problem)


@bp.route("/cases/<inquiry_id>/receipt", methods=["POST"])
@staff_required(*rules.roles(rules.RECEIPT))
def receipt(inquiry_id: str) -> ResponseReturnValue:
    """Record that the receipt went to the professional reporter."""
    inquiry = open_case(inquiry_id)
    try:
        run(services.record_receipt, inquiry)
    except services.CaseworkError:
        abort(400)
    return back_to_case(inquiry, "receipt")


@bp.route("/cases/<inquiry_id>/reporter-feedback", methods=["GET", "POST"])
@staff_required(*rules.roles(rules.REPORTER_FEEDBACK))
def reporter_feedback(inquiry_id: str) -> ResponseReturnValue:
    inquiry = open_case(inquiry_id)
    if not rules.applies(rules.REPORTER_FEEDBACK, inquiry, current()):
        return back_to_case(inquiry, "")
    form, problem = ReporterFeedbackForm(), None
    if form.validate_on_submit():
        try:
            run(
                services.record_reporter_feedback,
                inquiry,
                outcome=form.outcome.data,
                how=form.how.data,
            )
        except services.CaseworkError as exc:
            problem = gettext(exc.message)
        else:
            return back_to_case(inquiry, "reporter_feedback")
    return form_page("casework/reporter-feedback.html", inquiry, form, problem=problem)


@bp.route("/cases/<inquiry_id>/close", methods=["POST"])
@staff_required(*rules.roles(rules.CLOSE))
def close(inquiry_id: str) -> ResponseReturnValue:
    """Close a report or application in the portal."""
    return _button(open_case(inquiry_id), services.close, "closed")


@bp.route("/cases/<inquiry_id>/new-words", methods=["GET", "POST"])
@staff_required(*rules.roles(rules.NEW_WORDS))
def new_words(inquiry_id: str) -> ResponseReturnValue:
    """End the conversation on every device and make new secret words, shown once (the
    page after pressing the button; a reload asks again and makes other words)."""
    inquiry = open_case(inquiry_id)
    if not rules.applies(rules.NEW_WORDS, inquiry, current()):
        return back_to_case(inquiry, "")
    if request.method == "GET":
        return render_template("casework/new-words.html", inquiry=inquiry, words=None)
    words = run(services.change_words, inquiry)
    return render_template("casework/new-words.html", inquiry=inquiry, words=words)
