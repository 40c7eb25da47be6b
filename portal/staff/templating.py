"""What every staff template can use: the user, the menu, labels for stored values."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from flask import request, url_for
from flask_babel import LazyString, format_datetime, format_timedelta, gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from portal import clock, db
from portal.casework import forms, lundy
from portal.casework.clocks import Clock
from portal.casework.models import KINDS
from portal.districts import District
from portal.inquiries import kinds
from portal.staff import audit, sessions
from portal.staff.forms import ROLE_LABELS

# Each kind's label, as its registry entry (portal/inquiries/kinds.py) words it.
KIND_LABELS = {kind.id: _l(kind.label) for kind in kinds.KINDS}
STATUS_LABELS = {
    "new": _l("New"),
    "assessed": _l("Assessed"),
    "triaged": _l("Triaged"),
    # Not the office's "Closed" (opening hours): a case that is finished.
    "closed": lazy_pgettext("case status", "Closed"),
}
ASSESSMENT_LABELS = {
    "acute": _l("Yes, acute action is needed"),
    "not_acute": _l("No, not acute"),
}
LUNDY_LABELS = {
    "space": _l("Space"),
    "voice": _l("Voice"),
    "audience": _l("Audience"),
    "influence": _l("Influence"),
}
# Why a case may be about a child in danger, in words (never by colour alone).
SAFETY_REASON_LABELS = {
    "not_safe": _l("Possible danger: the child said they are not safe"),
    "unsure_safe": _l("Possible danger: the child is not sure they are safe"),
    "topic_hurt": _l("Possible danger: the child chose “Someone hurts me”"),
    "topic_self_harm": _l("Possible danger: the child chose “I hurt myself or think about it”"),
    "topic_violence": _l("Possible danger: the family chose “Violence or abuse”"),
    "topic_child_self_harm": _l(
        "Possible danger: the family chose “The child hurts themself or talks about suicide”"
    ),
    "words": _l("Possible danger: words on the screening list in what was written"),
    "message_words": _l("Possible danger: words on the screening list in a later message"),
}
SAFETY_GROUP_LABELS = {
    "staff": _l("reception (email, and push where turned on)"),
    "duty": _l("the out-of-hours duty service (email)"),
    "nobody": _l("nobody yet: the office was closed and no duty service is set up"),
}
SAVED_MESSAGES = {
    "assessed": _l("The assessment is saved."),
    "triaged": _l("The triage is saved."),
    "replied": _l("The message is sent. The child or family sees it at their next visit."),
    "closed": _l("The case is closed."),
    "noted": _l("The participation note is saved and sent to the case system."),
    "decided": _l("The decision is saved, and the child is told."),
    "receipt": _l("The receipt is recorded as sent."),
    "reporter_feedback": _l("The § 138 feedback is recorded."),
    "converted": _l("It is now a report of concern. Assess it within 24 hours of its arrival."),
    "assigned": _l("The case is given to the adviser."),
    "consent_withdrawn": _l(
        "The withdrawal of the consent is recorded and sent to the case system."
    ),
    "invitation_revoked": _l("The code is revoked. It does not work any more."),
}


def clock_words(c: Clock, now: datetime) -> str:
    """A clock's time left or overdue, in words that do not rely on colour."""
    state = c.state(now)
    if state == "met":
        return str(gettext("Done %(when)s", when=format_datetime(c.done_at, "d MMM HH:mm")))
    if state == "late":
        assert c.done_at is not None
        return str(gettext("Done %(time)s late", time=_span(c.done_at - c.due)))
    if state == "overdue":
        return str(gettext("OVERDUE by %(time)s", time=_span(now - c.due)))
    return str(gettext("%(time)s left", time=_span(c.due - now)))


def _span(delta: timedelta) -> str:
    # threshold 1.5: 23 hours stay "23 hours" instead of rounding up to "1 day".
    return str(format_timedelta(delta, threshold=1.5, add_direction=False))


def audit_label(action: str) -> str:
    """An audit action in the reader's language (the code as it is, if unknown)."""
    label = audit.ACTION_LABELS.get(action)
    return str(gettext(label)) if label else action


def _detail_codes() -> dict[str, tuple[str, dict[str, Any]]]:
    """For the actions whose detail holds codes: the codes' separator and labels."""
    return {
        "triaged": (" ", {**forms.ROUTE_LABELS, **forms.MEASURE_LABELS}),
        "assessed": (" ", ASSESSMENT_LABELS),
        "safety_assessed": (" ", forms.SAFETY_OUTCOME_LABELS),
        "reporter_feedback": (" ", forms.OUTCOME_LABELS),
        "safety_flagged": (",", SAFETY_REASON_LABELS),
    }


# How portal/safety/alerts.py records an alert it sent: "duty: 1 emails, 0 pushes".
ALERTS_SENT = re.compile(r"(\w+): (\d+) emails, (\d+) pushes")


def audit_detail(action: str, detail: str) -> str:
    """An entry's detail as people read it: fixed words and codes translated, the rest
    (addresses, counts) as written."""
    if detail in audit.DETAIL_LABELS:
        return str(gettext(audit.DETAIL_LABELS[detail]))
    sent = ALERTS_SENT.fullmatch(detail)
    if sent and sent.group(1) in SAFETY_GROUP_LABELS:
        return str(
            gettext(
                "%(who)s: e-mails %(emails)s, push notices %(pushes)s",
                who=SAFETY_GROUP_LABELS[sent.group(1)],
                emails=sent.group(2),
                pushes=sent.group(3),
            )
        )
    if action == "converted" and detail.startswith("from "):
        return str(gettext("was: %(kind)s", kind=kind_label(detail.removeprefix("from "))))
    separator, labels = _detail_codes().get(action, ("", {}))
    codes = detail.split(separator) if separator and detail else []
    if codes and all(code in labels for code in codes):
        return (": " if separator == " " else "; ").join(str(labels[code]) for code in codes)
    return detail


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def _menu(role: str) -> list[tuple[str, LazyString]]:
    items: list[tuple[str, LazyString]] = []
    if role in ("reception", "adviser", "leader"):
        items.append(("casework.inbox_page", _l("Inbox")))
    if role == "leader":
        items += [("figures.overview", _l("Figures")), ("staff.audit_log", _l("Audit log"))]
    if role == "admin":
        items.append(("staff.accounts_list", _l("Accounts")))
    items.append(("staff.account", _l("Your account")))
    return items


def staff_context() -> dict[str, Any]:
    if not request.path.startswith("/staff/"):
        return {}
    user = sessions.current_user()
    row = sessions.current_session()
    names: dict[str, str] = {}

    def district_names(slugs: set[str]) -> str:
        if not names:
            names.update({d.slug: d.name for d in db.session().query(District)})
        return ", ".join(sorted(names.get(s, s) for s in slugs))

    return {
        "staff_user": user,
        "staff_menu": _menu(user.role) if user else [],
        "staff_home": (
            url_for("staff.accounts_list" if user.role == "admin" else "casework.inbox_page")
            if user
            else url_for("staff.login")
        ),
        "staff_seconds_left": int((sessions.idle_ends_at(row) - clock.now()).total_seconds())
        if row is not None and user is not None
        else 0,
        "KINDS": KINDS,
        "kind_label": kind_label,
        "audit_label": audit_label,
        "audit_detail": audit_detail,
        "clock_words": clock_words,
        "safety_reason": lambda code: SAFETY_REASON_LABELS.get(code, code),
        "safety_group": lambda group: SAFETY_GROUP_LABELS.get(group, group),
        "status_label": lambda status: STATUS_LABELS.get(status, status),
        "role_label": lambda role: ROLE_LABELS.get(role, role),
        "lundy_label": lambda part: LUNDY_LABELS.get(part, part),
        "saved_message": lambda key: SAVED_MESSAGES.get(key, ""),
        "district_names": district_names,
        "lundy_words": lundy.words,
    }
