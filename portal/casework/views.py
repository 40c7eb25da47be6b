"""The casework workspace: the inbox and the case, read (audited); what is shared by the
pages of the steps (portal.casework.step_views) and of writing to the child or family
(portal.casework.message_views), which register on the same blueprint."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from portal import clock, db
from portal.apply.forms import SOURCES
from portal.apply.usecase import of_inquiry as consent_of
from portal.casesystem import records as casesystem_records
from portal.casework import clocks, deliveries, inbox, masks, named, rules, sensitive, services
from portal.casework.forms import (
    DECISION_KIND_LABELS,
    HOW_LABELS,
    MEASURE_LABELS,
    NOT_HEARD_LABELS,
    NOTE_FORM_LABELS,
    OUTCOME_LABELS,
    ROUTE_LABELS,
    SAFETY_OUTCOME_LABELS,
    TOLD_HOW_LABELS,
)
from portal.casework.models import (
    Assessment,
    ChildFeedback,
    Conversion,
    ParticipationNote,
    ReporterFeedback,
    Triage,
)
from portal.current import run
from portal.districts import District
from portal.inquiries import kinds, records
from portal.inquiries.models import Inquiry, Message
from portal.instances import cipher, profile, questionnaires
from portal.invitations import usecase as invitations
from portal.journeys.by_kind import JOURNEYS
from portal.safety import services as safety
from portal.staff import audit
from portal.staff.access import CASEWORKERS, current, may_open, refuse, staff_required
from portal.staff.templating import kind_label

bp = Blueprint("casework", __name__, url_prefix="/staff")
# What the case history lists: decisions, each taken by a member of staff.
Decision = TypeVar(
    "Decision", Assessment, Triage, ChildFeedback, ReporterFeedback, Conversion, ParticipationNote
)


def districts() -> dict[str, str]:
    rows = db.session().scalars(select(District).order_by(District.name))
    return {d.slug: d.name for d in rows}


def open_case(inquiry_id: str) -> Inquiry:
    """The inquiry, if the user may open it; a refusal is audited too."""
    s = db.session()
    inquiry = s.get(Inquiry, inquiry_id)
    if inquiry is None:
        abort(404)
    user = current()
    if not may_open(user, inquiry):
        refuse(user, "not in their districts nor assigned to them", inquiry=inquiry)
    return inquiry


def back_to_case(inquiry: Inquiry, saved: str) -> ResponseReturnValue:
    return redirect(url_for("casework.case", inquiry_id=inquiry.id, saved=saved))


def form_page(template: str, inquiry: Inquiry, form: Any, **extra: Any) -> ResponseReturnValue:
    status = 400 if form.errors or extra.get("problem") else 200
    return render_template(template, inquiry=inquiry, form=form, **extra), status


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
    names = districts()
    filters = inbox.Filters.from_args(request.args, set(names))
    result = inbox.page(s, user, filters, now)
    danger = inbox.safety_cases(s, user)
    return render_template(
        "casework/inbox.html",
        result=result,
        filters=filters,
        districts=names,
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
    inquiry = open_case(inquiry_id)
    if request.method == "POST":
        if not masks.has_masked(inquiry):
            return back_to_case(inquiry, "")
        run(sensitive.shown, inquiry, "case page")
        return render_case(inquiry, reveal=True)
    return render_case(inquiry)


def render_case(
    inquiry: Inquiry, problem: str | None = None, *, reveal: bool = False
) -> ResponseReturnValue:
    """The case page (``problem``: a step just refused, and what to do first)."""
    s, user, now = db.session(), current(), clock.now()
    readers = audit.readers_of(s, inquiry)
    run(services.read, inquiry)
    journey = JOURNEYS[inquiry.form_kind]
    # Anonymised after the retention period: nothing people wrote is left to show.
    anonymised = inquiry.anonymised_at is not None
    answers = {} if anonymised else records.answers_of(cipher(), inquiry)
    actions = rules.offered_actions(inquiry, user)
    # A child who asks for advice may name their adviser: suggest them while nobody has it.
    suggest = (
        rules.ASSIGN in actions
        and inquiry.form_kind == kinds.CONSULTATION.id
        and inquiry.assigned_to_id is None
    )
    return render_template(
        "casework/case.html",
        inquiry=inquiry,
        rows=journey.rows(answers, reveal=reveal) if answers else [],
        named=named.candidates(s, answers.get("adviser")) if suggest else [],
        clock_list=clocks.clocks_of(inquiry),
        now=now,
        history=_history(inquiry),
        messages=messages_of(inquiry),
        lundy=records.lundy_of(cipher(), inquiry.participation)
        if inquiry.participation and not anonymised
        else None,
        readers=[(u, e) for u, e in readers if u.id != user.id],
        districts=districts(),
        deliveries=deliveries.of_inquiry(s, inquiry),
        actions=actions,
        flags=safety.flags_of(s, inquiry),
        consent=consent_of(s, inquiry),
        consent_sources=dict(SOURCES),
        problem=problem,
        invited=invitations.on_case(s, cipher(), inquiry, now),  # "Ask the child"
    ), (400 if problem else 200)


def messages_of(inquiry: Inquiry) -> list[tuple[Message, str]]:
    """The conversation's messages with their text, oldest first."""
    conversation = inquiry.conversation
    return [
        (m, records.text_of(cipher(), m)) for m in (conversation.messages if conversation else [])
    ]


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
    events += [_round(f) for f in s.scalars(_of_case(ChildFeedback, inquiry))]
    events += [_noted(n) for n in s.scalars(_of_case(ParticipationNote, inquiry))]
    for r in s.scalars(_of_case(ReporterFeedback, inquiry)):
        events.append(
            {
                "at": r.at,
                "who": r.user.name,
                "what": gettext(
                    "§ 138 feedback to the reporter: %(outcome)s (%(how)s)",
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


def _yes(value: bool) -> str:
    return str(gettext("Yes") if value else gettext("No"))


def _round(f: ChildFeedback) -> dict[str, Any]:
    """A decision with its feedback to the child, as the history shows it."""
    kind = str(DECISION_KIND_LABELS.get(f.kind, f.kind))
    final = gettext("final") if f.final else gettext("not final")
    lines = [(gettext("Told the child: what was decided"), _unseal(f.message, *_fb("message", f)))]
    lines.append(
        (
            gettext("How the child's views counted"),
            _unseal(f.views_weighed, *_fb("views_weighed", f)),
        )
    )
    if f.not_possible is not None:
        lines.append(
            (
                gettext("What was not possible, and why"),
                _unseal(f.not_possible, *_fb("not_possible", f)),
            )
        )
    if f.told_how is not None:
        told = str(TOLD_HOW_LABELS.get(f.told_how, f.told_how))
        if f.told_at is not None:
            told += ", " + format_datetime(f.told_at, "d MMM y")
        lines.append((gettext("How the child was told"), told))
    if f.view_basis == "view":
        lines.append((gettext("Rests on"), gettext("The child's views documented before it")))
    elif f.view_basis == "not_heard":
        reason = str(NOT_HEARD_LABELS.get(f.not_heard_reason or "", f.not_heard_reason or ""))
        if f.not_heard_note is not None:
            reason += ": " + _unseal(f.not_heard_note, *_fb("not_heard_note", f))
        lines.append((gettext("The child was not heard"), reason))
    return {
        "at": f.at,
        "who": f.user.name,
        "what": gettext("%(kind)s (%(final)s), told to the child", kind=kind, final=final),
        "text": _unseal(f.decision, *_fb("decision", f)),
        "round": {"lines": lines},
    }


def _fb(column: str, f: ChildFeedback) -> tuple[str, str, str]:
    return "child_feedback", column, f.id


def _noted(n: ParticipationNote) -> dict[str, Any]:
    """A participation note, as the history shows it."""

    def opened(column: str) -> str:
        return _unseal(getattr(n, column), "participation_note", column, n.id)

    lines = [
        (gettext("Date of the contact"), format_datetime(n.met_at, "d MMM y")),
        (gettext("Where"), opened("place")),
        (gettext("Who else was present"), opened("present")),
        (gettext("Bisidder present"), _yes(n.bisidder_present)),
        (gettext("Told the purpose"), _yes(n.told_purpose)),
        (gettext("Offered a bisidder"), _yes(n.offered_bisidder)),
    ]
    if n.child_age is not None:
        lines.append((gettext("The child's age"), str(n.child_age)))
    if n.party_case:
        lines.append((gettext("Heard as a party (§ 3)"), _yes(n.heard_as_party)))
    lines.append((gettext("How the views will be weighed"), opened("weighing")))
    form = str(NOTE_FORM_LABELS.get(n.form, n.form))
    return {
        "at": n.at,
        "who": n.user.name,
        "what": gettext("Participation note: %(form)s", form=form),
        "text": opened("views"),
        "round": {"lines": lines},
    }


def _assessed(outcome: str) -> str:
    if outcome == "acute":
        return str(gettext("Assessed: acute action needed"))
    if outcome == "not_acute":
        return str(gettext("Assessed: not acute"))
    return str(
        gettext("Possible danger assessed: %(outcome)s", outcome=SAFETY_OUTCOME_LABELS[outcome])
    )


@bp.route("/cases/<inquiry_id>/record", methods=["GET", "POST"])
@staff_required(*CASEWORKERS)
def record(inquiry_id: str) -> ResponseReturnValue:
    """The inquiry as the case system gets it, readable and printable for the case file.
    A POST ("Show the full CPR number") shows the masked answers in full, audited."""
    inquiry = open_case(inquiry_id)
    if inquiry.anonymised_at is not None:
        return back_to_case(inquiry, "")
    reveal = request.method == "POST" and masks.has_masked(inquiry)
    run(services.read_record, inquiry, reveal=reveal)
    full = casesystem_records.inquiry_record(
        inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
    )
    return render_template(
        "casework/record.html",
        inquiry=inquiry,
        record=full,
        items=masks.record_items(full, inquiry, reveal=reveal),
        lundy=records.lundy_of(cipher(), inquiry.participation) if inquiry.participation else None,
        messages=messages_of(inquiry),
        districts=districts(),
    )


@bp.route("/cases/<inquiry_id>/participation")
@staff_required(*CASEWORKERS)
def participation(inquiry_id: str) -> ResponseReturnValue:
    """The child's participation records over time (same case number), to prepare a meeting."""
    inquiry = open_case(inquiry_id)
    s, user = db.session(), current()
    if not inquiry.case_code:
        return back_to_case(inquiry, "")
    related = [
        i
        for i in s.scalars(
            select(Inquiry)
            .where(Inquiry.case_code == inquiry.case_code)
            .order_by(Inquiry.received_at)
        )
        if i.participation is not None and i.anonymised_at is None and may_open(user, i)
    ]
    run(services.read_participation, related)
    return render_template(
        "casework/participation.html",
        inquiry=inquiry,
        timeline=[
            (i, records.lundy_of(cipher(), i.participation)) for i in related if i.participation
        ],
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
