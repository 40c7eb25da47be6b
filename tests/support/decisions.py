"""A decision with its feedback to the child, through the staff pages (portal.casework
decision_views): the form's fields, and the press of "Close in the portal" after it, for the
tests of what comes after a child's case is decided and closed."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.forms import csrf_token, location
from tests.support.staff import post_form

# A final decision, and the three things the child is told.
DECISION = {
    "kind": "decision",
    "final": "yes",
    "decision": "Kontaktperson (§ 32) fra januar.",
    "decided": "Du får en kontaktperson fra januar.",
    "views_weighed": "Du ønskede en voksen at tale med. Det har vi lyttet til.",
    "not_possible": "Vi kan ikke starte før januar, fordi der er ventetid.",
}


def decide(client: FlaskClient, case_id: str, **changes: str) -> TestResponse:
    """Record a decision on the case (``changes`` to the fields of ``DECISION``)."""
    return post_form(client, f"/staff/cases/{case_id}/decision", {**DECISION, **changes})


def decide_and_close(client: FlaskClient, case_id: str, **changes: str) -> TestResponse:
    """Record a decision, then close the case in the portal; the close's response."""
    decided = decide(client, case_id, **changes)
    assert location(decided) == f"/staff/cases/{case_id}?saved=decided", decided.get_data(
        as_text=True
    )[:3000]
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/staff/cases/{case_id}/close", data={"csrf_token": csrf_token(page)})
