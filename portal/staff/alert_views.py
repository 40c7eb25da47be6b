"""Safety alerts on this browser: a member of staff turns web push on or off for themself."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal.current import run
from portal.push import subscriptions
from portal.staff import accounts
from portal.staff.access import CASEWORKERS, staff_required
from portal.staff.views import bp


@bp.route("/account/alerts", methods=["POST"])
@staff_required(*CASEWORKERS)
def alerts_on() -> ResponseReturnValue:
    """Store this browser's push subscription: safety alerts reach it from now on."""
    body = request.get_json(silent=True) or {}
    try:
        subscription = run(accounts.alerts_on, body.get("subscription"))
    except subscriptions.SubscriptionError:
        return jsonify(
            error=gettext("This browser cannot get alerts. Use another browser, or rely on email.")
        ), 400
    return jsonify(id=subscription.id, token=subscription.id), 201


@bp.route("/account/alerts/off", methods=["POST"])
@staff_required(*CASEWORKERS)
def alerts_off() -> ResponseReturnValue:
    """Stop alerts on one of the user's own browsers."""
    body = request.get_json(silent=True) or {}
    removed = run(accounts.alerts_off, str(body.get("id", "")))
    return jsonify(removed=removed)
