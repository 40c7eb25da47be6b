"""More time for a visit: the timeout warning's "Keep my answers" (with JavaScript)."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue

from portal import clock
from portal.security.urls import safe_next
from portal.visits import store

bp = Blueprint("visits", __name__)


@bp.post("/visit/extend")
def extend() -> ResponseReturnValue:
    """Count as activity: the visit, and its answers, last another SESSION_LIFETIME_SECONDS."""
    visit = store.current()
    if visit.ended:
        return jsonify(ended=True), 409
    visit.modified = True  # written now, with the new expiry
    now = clock.now()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(now=now.isoformat(), ends_at=store.expires_at(now).isoformat())
    return redirect(safe_next(request.form.get("next"), url_for("entry.front_door")), 303)
