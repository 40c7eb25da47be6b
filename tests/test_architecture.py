"""Rules every route obeys, checked by walking the URL map."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from portal.extensions import csrf

SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|<[^>]+>)?$")


def test_urls_are_kebab_case(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        for segment in rule.rule.strip("/").split("/"):
            assert SEGMENT.match(segment), f"{rule.rule}: segment {segment!r} is not kebab-case"


def test_no_route_that_changes_state_skips_csrf(app: Flask) -> None:
    exempt_views = set(csrf._exempt_views)  # "module.function" names
    exempt_blueprints = set(csrf._exempt_blueprints)  # blueprint names
    for rule in app.url_map.iter_rules():
        if rule.methods and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            view = app.view_functions[rule.endpoint]
            assert f"{view.__module__}.{view.__name__}" not in exempt_views, rule.rule
            assert rule.endpoint.partition(".")[0] not in exempt_blueprints, rule.rule
    assert app.config.get("WTF_CSRF_ENABLED", True)


# Pages that need earlier answers send a first-time visitor back to where to start.
NEED_EARLIER_ANSWERS = {
    *(
        f"{journey}.{page}"
        for journey in ("ask", "report", "apply", "say")
        for page in ("check", "sent")
    ),
    "conversation.messages",
}


def test_every_page_without_parameters_renders_and_passes_the_page_check(
    app: Flask, client: FlaskClient
) -> None:
    skipped = {"static", "entry.quick_exit", "entry.logo"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in skipped or rule.arguments or "GET" not in (rule.methods or ()):
            continue
        response = client.get(rule.rule)
        if rule.endpoint in NEED_EARLIER_ANSWERS:
            assert response.status_code == 302, rule.rule
            response = client.get(response.headers["Location"])
        assert response.status_code == 200, rule.rule
        checked += 1
    assert checked >= 9
