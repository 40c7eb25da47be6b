"""The inbox and the case: read (audited), assess, triage, reply, feedback, close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal import clock, db
from portal.casesystem import records as casesystem_records
from portal.casework import clocks, deliveries, drafts, inbox, named, sensitive, services
from portal.casework.forms import (
    HOW_LABELS,
    MEASURE_LABELS,
    OUTCOME_LABELS,
    ROUTE_LABELS,
    SAFETY_OUTCOME_LABELS,
    AssessmentForm,
    FeedbackForm,
    ReplyForm,
    ReporterFeedbackForm,
    SafetyAssessmentForm,
    TriageForm,
)
from portal.casework.models import Assessment, ChildFeedback, Conversion, ReporterFeedback, Triage
from portal.casework.templates import MESSAGE_TEMPLATES
from portal.districts import District
from portal.forms.recovery import recoverable
from portal.inquiries import records
from portal.inquiries.models import Inquiry, Message
from portal.journeys.by_kind import JOURNEYS
from portal.safety import services as safety
from portal.security.crypto import cipher
from portal.staff import audit, sessions
from portal.staff.access import (
    CASEWORKERS,
    current,
    keeps_draft,
    may_open,
    refuse,
    staff_required,
)
from portal.staff.models import StaffUser
from portal.staff.templating import kind_label

bp = Blueprint("casework", __name__, url_prefix="/staff")
# What the case history lists: decisions, each taken by a member of staff.
Decision = TypeVar("Decision", Assessment, Triage, ChildFeedback, ReporterFeedback, Conversion)


def _districts() -> dict[str, str]:
    rows = db.session().scalars(select(District).order_by(District.name))
    return {d.slug: d.name for d in rows}


def _case(inquiry_id: str) -> Inquiry:
    """The inquiry, if the user may open it; a refusal is audited too."""
    s = db.session()
    inquiry = s.get(Inquiry, inquiry_id)
    if inquiry is None:
        abort(404)
    user = current()
    if not may_open(user, inquiry):
        refuse(user, "not in their districts nor assigned to them", inquiry=inquiry)
    return inquiry


def _unseal(value: str, table: str, column: str, row_id: str) -> str:
    return cipher().decrypt(value, table=table, column=column, row_id=row_id)


@bp.route("/")
@staff_required(*CASEWORKERS)
def home() -> ResponseReturnValue:
    return redirect(url_for("casework.inbox_page"))


@bp.route("/inbox")
@staff_required(*CASEWORKERS)
def inbox_page() -> ResponseReturnValue:
    """Everything that came in and may be seen, filtered and paged."""
    s, user, now = db.session(), current(), clock.now()
    districts = _districts()
    filters = inbox.Filters.from_args(request.args, set(districts))
    result = inbox.page(s, user, filters, now)
    danger = inbox.safety_cases(s, user)
    return render_template(
        "casework/inbox.html",
        result=result,
        filters=filters,
        districts=districts,
        now=now,
        clocks=clocks,
        failed=deliveries.failed_for(s, user),
        danger=danger,
        flags={inquiry.id: flag for inquiry, flag in danger},
    )


@bp.route("/cases/<inquiry_id>", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def case(inquiry_id: str) -> ResponseReturnValue:
    """The case: what came in, the clocks, the history, who has read it. Reading is audited.
    A POST ("Show the full CPR number") shows the masked answers in full, audited."""
    inquiry = _case(inquiry_id)
    if request.method == "POST":
        if not sensitive.has_masked(inquiry):
            return _done(inquiry, "")
        sensitive.shown(db.session(), current(), inquiry, "case page")
        return _render_case(inquiry, reveal=True)
    return _render_case(inquiry)


def _render_case(
    inquiry: Inquiry, problem: str | None = None, *, reveal: bool = False
) -> ResponseReturnValue:
    s, user, now = db.session(), current(), clock.now()
    readers = audit.readers_of(s, inquiry)
    services.read(s, user, inquiry, now)
    s.commit()
    journey = JOURNEYS[inquiry.form_kind]
    # Anonymised after the retention period: nothing people wrote is left to show.
    anonymised = inquiry.anonymised_at is not None
    answers = {} if anonymised else records.answers_of(inquiry)
    unassigned_view = (
        inquiry.form_kind == "consultation"
        and inquiry.assigned_to_id is None
        and inquiry.closed_at is None
    )
    return render_template(
        "casework/case.html",
        inquiry=inquiry,
        rows=journey.rows(answers, reveal=reveal) if answers else [],
        named=named.candidates(s, answers.get("adviser")) if unassigned_view else [],
        clock_list=clocks.clocks_of(inquiry),
        now=now,
        history=_history(inquiry),
        messages=_messages(inquiry),
        lundy=records.lundy_of(inquiry.participation)
        if inquiry.participation and not anonymised
        else None,
        readers=[(u, e) for u, e in readers if u.id != user.id],
        districts=_districts(),
        deliveries=deliveries.of_inquiry(s, inquiry),
        may_feedback=services.childs_own(inquiry) and inquiry.feedback_given_at is None,
        may_assess=bool(services.assessment_outcomes(s, inquiry)),
        may_convert=inquiry.kind != services.REPORT and inquiry.closed_at is None,
        flags=safety.flags_of(s, inquiry),
        problem=problem,
    ), (400 if problem else 200)


def _messages(inquiry: Inquiry) -> list[tuple[Message, str]]:
    """The conversation's messages with their text, oldest first."""
    conversation = inquiry.conversation
    return [(m, records.text_of(m)) for m in (conversation.messages if conversation else [])]


def _of_case(model: type[Decision], inquiry: Inquiry) -> Select[Decision]:
    """A case's decisions of one kind, each with who took it (no query per decision)."""
    return select(model).where(model.inquiry_id == inquiry.id).options(joinedload(model.user))


def _history(inquiry: Inquiry) -> list[dict[str, Any]]:
    """Decisions on the case, oldest first, in the staff member's language."""
    s = db.session()
    events: list[dict[str, Any]] = []
    for a in s.scalars(_of_case(Assessment, inquiry)):
        events.append(
            {
                "at": a.at,
                "who": a.user.name,
                "what": _assessed(a.outcome),
                "text": _unseal(a.reasoning, "assessment", "reasoning", a.id),
            }
        )
    for c in s.scalars(_of_case(Conversion, inquiry)):
        events.append(
            {
                "at": c.at,
                "who": c.user.name,
                "what": gettext(
                    "Made a report of concern (was: %(kind)s)", kind=kind_label(c.from_kind)
                ),
                "text": "",
            }
        )
    for t in s.scalars(_of_case(Triage, inquiry)):
        route = str(ROUTE_LABELS[t.route])
        if t.measure:
            route += ": " + str(MEASURE_LABELS[t.measure])
        events.append(
            {
                "at": t.at,
                "who": t.user.name,
                "what": gettext("Triaged: %(route)s", route=route),
                "text": _unseal(t.reasoning, "triage", "reasoning", t.id),
            }
        )
    for f in s.scalars(_of_case(ChildFeedback, inquiry)):
        events.append(
            {
                "at": f.at,
                "who": f.user.name,
                "what": gettext("Feedback to the child; case closed"),
                "text": _unseal(f.decision, "child_feedback", "decision", f.id),
                "views": _unseal(f.views_weighed, "child_feedback", "views_weighed", f.id),
            }
        )
    for r in s.scalars(_of_case(ReporterFeedback, inquiry)):
        events.append(
            {
                "at": r.at,
                "who": r.user.name,
                "what": gettext(
                    "§ 137 feedback to the reporter: %(outcome)s (%(how)s)",
                    outcome=OUTCOME_LABELS[r.outcome],
                    how=HOW_LABELS[r.how],
                ),
                "text": "",
            }
        )
    for user, entry in audit.entries_of(s, inquiry, "words_changed"):
        events.append(
            {
                "at": entry.at,
                "who": user.name,
                "what": gettext("The conversation was ended everywhere and given new words"),
                "text": "",
            }
        )
    return sorted(events, key=lambda e: e["at"])


def _assessed(outcome: str) -> str:
    if outcome == "acute":
        return str(gettext("Assessed: acute action needed"))
    if outcome == "not_acute":
        return str(gettext("Assessed: not acute"))
    return str(
        gettext("Possible danger assessed: %(outcome)s", outcome=SAFETY_OUTCOME_LABELS[outcome])
    )


def _done(inquiry: Inquiry, saved: str) -> ResponseReturnValue:
    return redirect(url_for("casework.case", inquiry_id=inquiry.id, saved=saved))


def _form_page(template: str, inquiry: Inquiry, form: Any, **extra: Any) -> ResponseReturnValue:
    status = 400 if form.errors or extra.get("problem") else 200
    return render_template(template, inquiry=inquiry, form=form, **extra), status


@bp.route("/cases/<inquiry_id>/assessment", methods=["GET", "POST"])
@staff_required("reception", "adviser", "leader")
def assess(inquiry_id: str) -> ResponseReturnValue:
    """The 24-hour assessment: of a report (acute or not), or of a possible safety case."""
    inquiry = _case(inquiry_id)
    s = db.session()
    if not services.assessment_outcomes(s, inquiry):
        return _done(inquiry, "")
    report = inquiry.kind == services.REPORT
    form: AssessmentForm | SafetyAssessmentForm = (
        AssessmentForm() if report else SafetyAssessmentForm()
    )
    if form.validate_on_submit():
        if isinstance(form, AssessmentForm):
            outcome = "acute" if form.acute.data == "yes" else "not_acute"
        else:
            outcome = form.outcome.data
        services.assess(
            s, current(), inquiry, outcome=outcome, reasoning=form.reasoning.data, now=clock.now()
        )
        s.commit()
        return _done(inquiry, "assessed")
    return _form_page(
        "casework/assess.html",
        inquiry,
        form,
        report=report,
        flag=safety.open_flag(s, inquiry),
        clock_list=[c for c in clocks.clocks_of(inquiry) if c.key == "assessment"],
        now=clock.now(),
    )


def _button(inquiry: Inquiry, step: Callable[..., object], saved: str) -> ResponseReturnValue:
    """A one-press step on the case page (``step(s, user, inquiry, now=...)``); a refusal
    shows the case again with what to do first."""
    s = db.session()
    try:
        step(s, current(), inquiry, now=clock.now())
    except services.CaseworkError as exc:
        s.rollback()
        return _render_case(inquiry, problem=str(exc.message))
    s.commit()
    return _done(inquiry, saved)


@bp.route("/cases/<inquiry_id>/assign", methods=["POST"])
@staff_required("reception", "leader")
def assign(inquiry_id: str) -> ResponseReturnValue:
    """Give the case to the adviser the child named, in one click."""
    inquiry = _case(inquiry_id)
    adviser = db.session().get(StaffUser, request.form.get("adviser", ""))
    if adviser is None:
        return _render_case(inquiry, problem=gettext("Choose an active adviser."))
    return _button(
        inquiry,
        lambda s, user, case, now: services.assign(s, user, case, adviser, now=now),
        "assigned",
    )


@bp.route("/cases/<inquiry_id>/report-of-concern", methods=["POST"])
@staff_required("reception", "adviser", "leader")
def convert(inquiry_id: str) -> ResponseReturnValue:
    """Treat the inquiry as a report of concern, in one step."""
    return _button(_case(inquiry_id), services.convert_to_report, "converted")


def _advisers() -> list[StaffUser]:
    """Who a case can be assigned to: active advisers and leaders."""
    stmt = (
        select(StaffUser)
        .where(StaffUser.active.is_(True), StaffUser.role.in_(("adviser", "leader")))
        .order_by(StaffUser.name)
    )
    return list(db.session().scalars(stmt))


@bp.route("/cases/<inquiry_id>/triage", methods=["GET", "POST"])
@staff_required("reception", "adviser", "leader")
def triage(inquiry_id: str) -> ResponseReturnValue:
    inquiry = _case(inquiry_id)
    s = db.session()
    form = TriageForm()
    districts = _districts()
    form.district.choices = [SelectChoice(slug, name) for slug, name in districts.items()]
    people = _advisers()
    form.adviser.choices = [SelectChoice("", gettext("Nobody yet"))] + [
        SelectChoice(
            u.id, f"{u.name} ({', '.join(districts[d] for d in sorted(u.district_slugs))})"
        )
        for u in people
    ]
    if request.method == "GET":
        form.district.data = inquiry.district_slug
        form.adviser.data = inquiry.assigned_to_id or ""
        form.case_code.data = inquiry.case_code or ""
    problem = None
    if form.validate_on_submit():
        try:
            services.triage(
                s,
                current(),
                inquiry,
                route=form.route.data,
                measure=form.measure.data or None,
                district_slug=form.district.data,
                assigned_to=s.get(StaffUser, form.adviser.data) if form.adviser.data else None,
                reasoning=form.reasoning.data,
                case_code=form.case_code.data or None,
                now=clock.now(),
            )
        except services.CaseworkError as exc:
            problem = str(exc.message)
        else:
            s.commit()
            return _done(inquiry, "triaged")
    return _form_page("casework/triage.html", inquiry, form, problem=problem)


def _keep_draft(inquiry: Inquiry, form_name: str) -> None:
    """Every press of send keeps the text first: a refusal or a fault loses nothing."""
    s = db.session()
    fields = drafts.fields_of(form_name, request.form)
    drafts.save(s, current().id, inquiry.id, form_name, fields, clock.now())
    s.commit()


def _draft_back(form: Any, inquiry: Inquiry, form_name: str) -> datetime | None:
    """Put a kept draft back into the form; when it was kept, or None."""
    kept = drafts.load(db.session(), current().id, inquiry.id, form_name)
    if kept is None:
        return None
    fields, at = kept
    for name, value in fields.items():
        form[name].data = value
    return at


@staff_required(*CASEWORKERS)
@keeps_draft("reply")
def reply(inquiry_id: str) -> ResponseReturnValue:
    inquiry = _case(inquiry_id)
    if inquiry.conversation is None or inquiry.closed_at is not None:
        return _done(inquiry, "")
    form = ReplyForm()
    chosen = request.args.get("template", "")
    kept_at = None
    if request.method == "GET" and chosen in MESSAGE_TEMPLATES:
        # In the language the child or family wrote in.
        with force_locale(inquiry.locale):
            form.message.data = str(MESSAGE_TEMPLATES[chosen][1])
    elif request.method == "GET":
        kept_at = _draft_back(form, inquiry, "reply")
    if request.method == "POST":
        _keep_draft(inquiry, "reply")
    if form.validate_on_submit():
        s, user = db.session(), current()
        services.reply(s, user, inquiry, text=form.message.data, now=clock.now())
        drafts.discard(s, user.id, inquiry.id, "reply")
        s.commit()
        return _done(inquiry, "replied")
    return _form_page(
        "casework/reply.html",
        inquiry,
        form,
        templates=MESSAGE_TEMPLATES,
        feedback=False,
        kept_at=kept_at,
        draft_url=url_for("casework.keep_draft", inquiry_id=inquiry.id, form_name="reply"),
    )


@staff_required("adviser", "leader")
@keeps_draft("feedback")
def feedback(inquiry_id: str) -> ResponseReturnValue:
    """Influence, then close: decision, how the views counted, the message to the child."""
    inquiry = _case(inquiry_id)
    if (
        not services.childs_own(inquiry)
        or inquiry.closed_at is not None
        or inquiry.feedback_given_at is not None
    ):
        return _done(inquiry, "")
    form = FeedbackForm()
    kept_at = None
    if request.method == "GET":
        kept_at = _draft_back(form, inquiry, "feedback")
        if kept_at is None:
            with force_locale(inquiry.locale):
                form.message.data = str(MESSAGE_TEMPLATES["decision"][1])
    else:
        _keep_draft(inquiry, "feedback")
    problem = None
    if form.validate_on_submit():
        s, user = db.session(), current()
        try:
            services.give_feedback(
                s,
                user,
                inquiry,
                decision=form.decision.data,
                views_weighed=form.views_weighed.data,
                message=form.message.data,
                now=clock.now(),
            )
        except services.CaseworkError as exc:
            s.rollback()
            problem = str(exc.message)
        else:
            drafts.discard(s, user.id, inquiry.id, "feedback")
            s.commit()
            return _done(inquiry, "closed")
    lundy = records.lundy_of(inquiry.participation) if inquiry.participation else None
    if request.method == "GET" and lundy is not None:
        # The page shows what the child said: that is a read, like the case page.
        s = db.session()
        audit.record(s, current(), "read_case", inquiry=inquiry, detail="feedback page")
        s.commit()
    return _form_page(
        "casework/feedback.html",
        inquiry,
        form,
        lundy=lundy,
        kept_at=kept_at,
        problem=problem,
        draft_url=url_for("casework.keep_draft", inquiry_id=inquiry.id, form_name="feedback"),
    )


def _recover(form_class: type[Any], template: str, roles: tuple[str, ...]) -> Any:
    """A send with an expired form token: the same page again, with the text as posted (for
    the logged-in author only; the login page otherwise)."""

    def recover() -> ResponseReturnValue:
        user = sessions.current_user()
        if user is None:
            return redirect(url_for("staff.login"))
        if user.role not in roles:
            refuse(user, f"role {user.role}, needs {' or '.join(roles)}")
        inquiry = _case(str((request.view_args or {}).get("inquiry_id")))
        form_name = "reply" if form_class is ReplyForm else "feedback"
        return render_template(
            template,
            inquiry=inquiry,
            form=form_class(),  # bound to what was posted; not validated
            templates=MESSAGE_TEMPLATES,
            feedback=False,
            token_expired=True,
            draft_url=url_for("casework.keep_draft", inquiry_id=inquiry.id, form_name=form_name),
        ), 400

    return recover


bp.add_url_rule(
    "/cases/<inquiry_id>/reply",
    view_func=recoverable(reply, _recover(ReplyForm, "casework/reply.html", CASEWORKERS)),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/cases/<inquiry_id>/feedback",
    view_func=recoverable(
        feedback, _recover(FeedbackForm, "casework/feedback.html", ("adviser", "leader"))
    ),
    methods=["GET", "POST"],
)


@bp.route("/cases/<inquiry_id>/drafts/<form_name>", methods=["POST"])
@staff_required(*CASEWORKERS)
def keep_draft(inquiry_id: str, form_name: str) -> ResponseReturnValue:
    """Keep what is being typed (the forms' script posts it a moment after each change)."""
    if form_name not in drafts.FORMS:
        abort(404)
    inquiry = _case(inquiry_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400)
    s = db.session()
    drafts.save(
        s, current().id, inquiry.id, form_name, drafts.fields_of(form_name, body), clock.now()
    )
    s.commit()
    return jsonify(kept_at=clock.now().isoformat())


@bp.route("/cases/<inquiry_id>/receipt", methods=["POST"])
@staff_required("reception", "adviser", "leader")
def receipt(inquiry_id: str) -> ResponseReturnValue:
    """Record that the receipt went to the professional reporter."""
    inquiry = _case(inquiry_id)
    s = db.session()
    try:
        services.record_receipt(s, current(), inquiry, now=clock.now())
    except services.CaseworkError:
        abort(400)
    s.commit()
    return _done(inquiry, "receipt")


@bp.route("/cases/<inquiry_id>/reporter-feedback", methods=["GET", "POST"])
@staff_required("reception", "adviser", "leader")
def reporter_feedback(inquiry_id: str) -> ResponseReturnValue:
    inquiry = _case(inquiry_id)
    if inquiry.reporter_feedback_due is None or inquiry.reporter_feedback_at is not None:
        return _done(inquiry, "")
    form, problem = ReporterFeedbackForm(), None
    if form.validate_on_submit():
        s = db.session()
        try:
            services.record_reporter_feedback(
                s, current(), inquiry, outcome=form.outcome.data, how=form.how.data, now=clock.now()
            )
        except services.CaseworkError as exc:
            problem = str(exc.message)
        else:
            s.commit()
            return _done(inquiry, "reporter_feedback")
    return _form_page("casework/reporter-feedback.html", inquiry, form, problem=problem)


@bp.route("/cases/<inquiry_id>/close", methods=["POST"])
@staff_required("reception", "adviser", "leader")
def close(inquiry_id: str) -> ResponseReturnValue:
    """Close a report or application in the portal."""
    return _button(_case(inquiry_id), services.close, "closed")


@bp.route("/cases/<inquiry_id>/new-words", methods=["GET", "POST"])
@staff_required("reception", "adviser", "leader")
def new_words(inquiry_id: str) -> ResponseReturnValue:
    """End the conversation on every device and make new secret words, shown once (the
    page after pressing the button; a reload asks again and makes other words)."""
    inquiry = _case(inquiry_id)
    if inquiry.conversation is None or inquiry.anonymised_at is not None:
        return _done(inquiry, "")
    if request.method == "GET":
        return render_template("casework/new-words.html", inquiry=inquiry, words=None)
    s = db.session()
    words = services.change_words(s, current(), inquiry, now=clock.now())
    s.commit()
    return render_template("casework/new-words.html", inquiry=inquiry, words=words)


@bp.route("/cases/<inquiry_id>/record", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def record(inquiry_id: str) -> ResponseReturnValue:
    """The inquiry as the case system gets it, readable and printable for the case file.
    A POST ("Show the full CPR number") shows the masked answers in full, audited."""
    inquiry = _case(inquiry_id)
    if inquiry.anonymised_at is not None:
        return _done(inquiry, "")
    s, user = db.session(), current()
    reveal = request.method == "POST" and sensitive.has_masked(inquiry)
    audit.record(s, user, "read_record", inquiry=inquiry)
    if reveal:
        sensitive.shown(s, user, inquiry, "record")
    s.commit()
    full = casesystem_records.inquiry_record(inquiry)
    return render_template(
        "casework/record.html",
        inquiry=inquiry,
        record=full,
        items=sensitive.record_items(full, inquiry, reveal=reveal),
        lundy=records.lundy_of(inquiry.participation) if inquiry.participation else None,
        messages=_messages(inquiry),
        districts=_districts(),
    )


@bp.route("/cases/<inquiry_id>/participation")
@staff_required(*CASEWORKERS)
def participation(inquiry_id: str) -> ResponseReturnValue:
    """The child's participation records over time (same case number), to prepare a meeting."""
    inquiry = _case(inquiry_id)
    s, user = db.session(), current()
    if not inquiry.case_code:
        return _done(inquiry, "")
    related = [
        i
        for i in s.scalars(
            select(Inquiry)
            .where(Inquiry.case_code == inquiry.case_code)
            .order_by(Inquiry.received_at)
        )
        if i.participation is not None and i.anonymised_at is None and may_open(user, i)
    ]
    for other in related:
        audit.record(s, user, "read_participation", inquiry=other)
    s.commit()
    return render_template(
        "casework/participation.html",
        inquiry=inquiry,
        timeline=[(i, records.lundy_of(i.participation)) for i in related if i.participation],
        prompts=LUNDY_PROMPTS,
    )


# The Lundy checklist, as questions to prepare a meeting with the child (shared/domain.md).
LUNDY_PROMPTS = {
    "space": (
        _l("Were the child's views actively sought?"),
        _l(
            "Where and how does the child want to be heard, and with whom present "
            "(a support person)?"
        ),
        _l("Does the child know they need not take part?"),
    ),
    "voice": (
        _l("Has the child had the information they need to form a view?"),
        _l(
            "Which ways of expressing themselves are offered (words, scales, drawing, "
            "someone speaking for them)?"
        ),
    ),
    "audience": (
        _l("Who will receive the child's views, and when?"),
        _l("Does the child know who reads what they say?"),
    ),
    "influence": (
        _l("Will the decision maker consider the child's views?"),
        _l(
            "How will the child be told what was decided and how their views counted, "
            "in words they understand?"
        ),
    ),
}
