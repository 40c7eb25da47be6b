"""Turning "tell me when I get an answer" on and off, and the service worker itself."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal import clock, db
from portal.conversation.views import open_conversation
from portal.i18n import current_locale
from portal.push import subscriptions

bp = Blueprint("push", __name__)


def _problem(message: str, status: int) -> ResponseReturnValue:
    return jsonify(error=message), status


@bp.post("/conversation/notifications")
def subscribe() -> ResponseReturnValue:
    """Store this browser's push subscription for the open conversation."""
    conversation = open_conversation()
    if conversation is None:
        return _problem(
            gettext("The conversation has closed. Write your six words again, then try again."),
            403,
        )
    body = request.get_json(silent=True) or {}
    s = db.session()
    try:
        subscription = subscriptions.subscribe(
            s, conversation, body.get("subscription"), locale=current_locale(), now=clock.now()
        )
    except subscriptions.SubscriptionError:
        return _problem(
            gettext("This browser cannot get notifications from us. Come back to read the answer."),
            400,
        )
    s.commit()
    return jsonify(id=subscription.id, token=subscriptions.removal_token(subscription.id)), 201


@bp.post("/conversation/notifications/off")
def unsubscribe() -> ResponseReturnValue:
    """Delete a subscription; the browser proves it is its own with the removal token."""
    body = request.get_json(silent=True) or {}
    s = db.session()
    removed = subscriptions.remove(s, str(body.get("id", "")), str(body.get("token", "")))
    s.commit()
    return jsonify(removed=removed)


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the site root (a stable address, whatever the static files
    are called); not kept by caches, so a fixed version reaches every phone."""
    script = Path(current_app.extensions["static_root"], "sw.js").read_bytes()
    return Response(script, mimetype="text/javascript")
