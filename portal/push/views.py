"""Turning "tell me when I get an answer" on and off, and the service worker itself."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal import current
from portal.conversation.views import open_conversation
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
    try:
        subscription = current.run(subscriptions.subscribe, conversation, body.get("subscription"))
    except subscriptions.SubscriptionError:
        return _problem(
            gettext("This browser cannot get notifications from us. Come back to read the answer."),
            400,
        )
    token = subscriptions.removal_token(current_app.config, subscription.id)
    return jsonify(id=subscription.id, token=token), 201


@bp.post("/conversation/notifications/off")
def unsubscribe() -> ResponseReturnValue:
    """Delete a subscription; the browser proves it is its own with the removal token."""
    body = request.get_json(silent=True) or {}
    removed = current.run(subscriptions.remove, str(body.get("id", "")), str(body.get("token", "")))
    return jsonify(removed=removed)


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the site root (a stable address, whatever the static files
    are called); not kept by caches, so a fixed version reaches every phone."""
    script = Path(current_app.extensions["static_root"], "sw.js").read_bytes()
    return Response(script, mimetype="text/javascript")
