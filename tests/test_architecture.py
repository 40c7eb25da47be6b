"""Rules every route obeys, checked by walking the URL map."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import csrf
from portal.inquiries.kinds import KINDS

# A file at a fixed address (the service worker /sw.js, an API's openapi.json) keeps its suffix.
SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*(\.js|\.json)?|<[^>]+>)?$")


def test_urls_are_kebab_case(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        for segment in rule.rule.strip("/").split("/"):
            assert SEGMENT.match(segment), f"{rule.rule}: segment {segment!r} is not kebab-case"


def test_no_route_that_changes_state_skips_csrf(app: Flask) -> None:
    exempt_views = set(csrf._exempt_views)  # "module.function" names
    exempt_blueprints = {getattr(b, "name", b) for b in csrf._exempt_blueprints}
    # The pull API reads no cookies: a bearer token on every state-changing call instead.
    assert exempt_blueprints == {"api"}
    for rule in app.url_map.iter_rules():
        if rule.methods and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            view = app.view_functions[rule.endpoint]
            assert f"{view.__module__}.{view.__name__}" not in exempt_views, rule.rule
            if rule.endpoint.partition(".")[0] in exempt_blueprints:
                assert getattr(view, "bearer_auth", False), rule.rule
    assert app.config.get("WTF_CSRF_ENABLED", True)


# Pages that need earlier answers send a first-time visitor back to where to start.
NEED_EARLIER_ANSWERS = {
    *(
        f"{journey}.{page}"
        for journey in (kind.journey for kind in KINDS)
        for page in ("check", "sent")
    ),
    "conversation.messages",
    # The code and enrolment steps of logging in come after the password.
    "staff.login_code",
    "staff.login_recovery",
    "staff.enrol",
}


def staff_view(app: Flask, endpoint: str) -> bool:
    """A view of the staff workspace that requires login and a role."""
    return bool(getattr(app.view_functions[endpoint], "staff_roles", None))


def test_every_page_without_parameters_renders_and_passes_the_page_check(
    app: Flask, client: FlaskClient
) -> None:
    skipped = {"static", "entry.quick_exit", "entry.logo"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in skipped or rule.arguments or "GET" not in (rule.methods or ()):
            continue
        response = client.get(rule.rule)
        if getattr(app.view_functions[rule.endpoint], "bearer_auth", False):
            assert response.status_code == 401, rule.rule  # the API wants its token
            continue
        if staff_view(app, rule.endpoint):
            # Logged out, every workspace page leads to the login (tests/staff checks them in).
            assert response.headers["Location"].startswith("/staff/login"), rule.rule
            continue
        if rule.endpoint in NEED_EARLIER_ANSWERS:
            assert response.status_code == 302, rule.rule
            response = client.get(response.headers["Location"])
        assert response.status_code == 200, rule.rule
        checked += 1
    assert checked >= 9


def test_every_staff_route_requires_login_and_a_role(app: Flask) -> None:
    """Each /staff/ route names its roles (``staff_required``) or is a step of logging in."""
    login_steps = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff"):
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "staff_login_step", False):
            login_steps.add(rule.endpoint)
            continue
        roles = getattr(view, "staff_roles", ())
        assert roles, f"{rule.rule} ({rule.endpoint}) has no staff_required(...)"
        assert set(roles) <= {"reception", "adviser", "leader", "admin"}, rule.rule
    # The only pages open before logging in are the steps of logging in (and out).
    assert login_steps == {
        "staff.login",
        "staff.login_code",
        "staff.login_recovery",
        "staff.enrol",
        "staff.logout",
    }
