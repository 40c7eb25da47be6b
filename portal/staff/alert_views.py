"""Safety alerts on this browser: a member of staff turns web push on or off for themself."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal import db
from portal.current import context as current_context
from portal.push import subscriptions
from portal.staff import audit
from portal.staff.access import CASEWORKERS, current, staff_required
from portal.staff.views import bp


@bp.route("/account/alerts", methods=["POST"])
@staff_required(*CASEWORKERS)
def alerts_on() -> ResponseReturnValue:
    """Store this browser's push subscription: safety alerts reach it from now on."""
    body = request.get_json(silent=True) or {}
    s, user = db.session(), current()
    try:
        # portal.push.subscriptions takes a context (core-public); this view's own unit of
        # work is core-staff's.
        subscription = subscriptions.subscribe_staff(
            current_context(), user, body.get("subscription")
        )
    except subscriptions.SubscriptionError:
        return jsonify(
            error=gettext("This browser cannot get alerts. Use another browser, or rely on email.")
        ), 400
    audit.record(s, user, "alerts_on")
    s.commit()
    return jsonify(id=subscription.id, token=subscription.id), 201


@bp.route("/account/alerts/off", methods=["POST"])
@staff_required(*CASEWORKERS)
def alerts_off() -> ResponseReturnValue:
    """Stop alerts on one of the user's own browsers."""
    body = request.get_json(silent=True) or {}
    s, user = db.session(), current()
    removed = subscriptions.remove_staff(s, user, str(body.get("id", "")))
    if removed:
        audit.record(s, user, "alerts_off")
    s.commit()
    return jsonify(removed=removed)
