"""Every public page, in every locale, passes the page check (run by the client)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from portal.i18n import COOKIE, LOCALES
from tests.support.pages import ADULT_PAGES, PUBLIC_PAGES

EXPECTED_STATUS = {"/no-such-page": 404, "/language/xx": 404}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_public_page_passes_the_page_check(client: FlaskClient, locale: str) -> None:
    client.set_cookie(COOKIE, locale)
    for path in PUBLIC_PAGES + ADULT_PAGES:
        response = client.get(path)
        assert response.status_code == EXPECTED_STATUS.get(path, 200), path
        assert f'<html lang="{locale}"' in response.get_data(as_text=True), path
