"""Hearing the child and telling them a decision: the participation note, and the decision
with its feedback to the child (portal.casework.notes, portal.casework.decisions). The
decision page lists the child's views it will rest on. What is typed on either page is kept
as a draft (form names "note" and "feedback"), so a refused step, an expired form or a login
that ended loses nothing."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask import request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal import clock, db
from portal.casework import decisions, hearing, notes, rules
from portal.casework.forms import DecisionForm, NoteForm, parse_date, yes
from portal.casework.hearing import View
from portal.casework.message_views import draft_url, drafted, recover_page
from portal.casework.rules import CaseworkError
from portal.casework.views import back_to_case, bp, form_page
from portal.current import run
from portal.forms.recovery import recoverable
from portal.inquiries import records
from portal.inquiries.lundy import Lundy
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.staff import audit
from portal.staff.access import current, keeps_draft, staff_required
from portal.working_days import TZ


def _noon(day: date) -> datetime:
    """A day the adviser typed, as its noon where the municipality works; today before noon,
    as now (a contact today is not in the future, for the figures either)."""
    return min(datetime.combine(day, time(12), tzinfo=TZ), clock.now())


@staff_required(*rules.roles(rules.NOTE))
@keeps_draft("note")
def note(inquiry_id: str) -> ResponseReturnValue:
    """Record a participation note: how the child took part in one contact."""
    form, problem = NoteForm(), None
    inquiry, kept_at = drafted(inquiry_id, rules.NOTE, form, "note")
    if form.validate_on_submit():
        try:
            run(notes.record_note, inquiry, _noted(form))
        except CaseworkError as exc:
            problem = gettext(exc.message)
        else:
            return back_to_case(inquiry, "noted")
    return form_page(
        "casework/note.html",
        inquiry,
        form,
        kept_at=kept_at,
        problem=problem,
        draft_url=draft_url(inquiry, "note"),
    )


def _noted(form: NoteForm) -> notes.NoteInput:
    met_on = parse_date(form.met_on.data)
    assert met_on is not None  # the form checked it
    age = form.child_age.data
    return notes.NoteInput(
        form=form.form.data,
        met_at=_noon(met_on),
        place=form.place.data,
        present=form.present.data,
        bisidder_present=yes(form.bisidder_present),
        told_purpose=yes(form.told_purpose),
        offered_bisidder=yes(form.offered_bisidder),
        child_age=int(age) if age else None,
        party_case=yes(form.party_case),
        heard_as_party=yes(form.heard_as_party),
        views=form.views.data,
        weighing=form.weighing.data,
    )


bp.add_url_rule(
    "/cases/<inquiry_id>/note",
    view_func=recoverable(note, recover_page(NoteForm, "casework/note.html", rules.NOTE, "note")),
    methods=["GET", "POST"],
)


def _shown(view: View) -> dict[str, Any]:
    """A view as the decision page lists it: what documents it, when, and what was said."""
    said: str | None = None
    lundy: Lundy | None = None
    if view.note is not None:
        n = view.note
        said = cipher().decrypt(n.views, table="participation_note", column="views", row_id=n.id)
    elif view.inquiry is not None and view.inquiry.participation is not None:
        lundy = records.lundy_of(cipher(), view.inquiry.participation)
    return {"view": view, "said": said, "lundy": lundy}


def _page_extra(inquiry: Inquiry) -> dict[str, Any]:
    """What the decision page shows of the case: the views since the last decision, and
    whether the child reads the decision in a conversation."""
    s = db.session()
    return {
        "views": [_shown(v) for v in hearing.since_last_decision(s, inquiry)],
        "conversation": hearing.conversation_of(s, inquiry),
        "actions": rules.offered_actions(inquiry, current()),
    }


def _given(form: DecisionForm) -> decisions.DecisionInput:
    told_on = parse_date(form.told_on.data or "")
    return decisions.DecisionInput(
        kind=form.kind.data,
        final=yes(form.final),
        decision=form.decision.data,
        decided=form.decided.data,
        views_counted=form.views_weighed.data,
        not_possible=form.not_possible.data,
        told_how=form.told_how.data or None,
        told_at=_noon(told_on) if told_on is not None else None,
        not_heard_reason=form.not_heard_reason.data or None,
        not_heard_note=form.not_heard_note.data or None,
    )


@staff_required(*rules.roles(rules.DECISION))
@keeps_draft("feedback")
def decision(inquiry_id: str) -> ResponseReturnValue:
    """Record a decision or a meeting's outcome, and what the child is told about it."""
    form, problem = DecisionForm(), None
    inquiry, kept_at = drafted(inquiry_id, rules.DECISION, form, "feedback")
    if form.validate_on_submit():
        try:
            run(decisions.decide, inquiry, _given(form))
        except CaseworkError as exc:
            problem = gettext(exc.message)
        else:
            return back_to_case(inquiry, "decided")
    extra = _page_extra(inquiry)
    if request.method == "GET" and extra["views"]:
        # The page shows what the child said: that is a read, like the case page.
        run(audit.log, "read_case", inquiry=inquiry, detail="decision page")
    return form_page(
        "casework/decision.html",
        inquiry,
        form,
        kept_at=kept_at,
        problem=problem,
        draft_url=draft_url(inquiry, "feedback"),
        **extra,
    )


bp.add_url_rule(
    "/cases/<inquiry_id>/decision",
    view_func=recoverable(
        decision,
        recover_page(
            DecisionForm, "casework/decision.html", rules.DECISION, "feedback", _page_extra
        ),
    ),
    methods=["GET", "POST"],
)
