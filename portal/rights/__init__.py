"""Children's rights explained: the explainer library served by age band and audience."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, MapAdapter

from portal.content.library import Library, load
from portal.entry.journeys import ACTIONS
from portal.i18n import LOCALES
from portal.rights.sections import BANDS, page_endpoint
from portal.rights.store import EXTENSION


class BandConverter(BaseConverter):
    """An age band in a URL: 6-9, 10-13 or 14-17."""

    regex = "|".join(BANDS)


class AppLinks:
    """URLs for the content loader, built from the app's URL map outside any request.

    They are root-relative; a portal mounted under a prefix gets it added per request
    (see views.with_script_root).
    """

    def __init__(self, adapter: MapAdapter) -> None:
        self.adapter = adapter

    def page(self, section: str, slug: str) -> str:
        endpoint, values = page_endpoint(section, slug)
        return self.adapter.build(endpoint, values)

    def journey(self, action: str) -> str | None:
        found = ACTIONS.get(action)
        return self.adapter.build(found.endpoint) if found else None

    def word(self, word_id: str) -> str:
        return self.adapter.build("rights.words") + f"#word-{word_id}"


def register(app: Flask) -> None:
    """Add the band converter and the blueprint (before the content is loaded)."""
    from portal.rights.views import bp  # after the converter it uses

    app.url_map.converters["band"] = BandConverter
    app.register_blueprint(bp)


def load_content(app: Flask) -> Library:
    """Read and check every page once; a mistake stops the start (ContentError)."""
    adapter = app.url_map.bind("localhost", script_name="/")
    library = load(app.config["CONTENT_PATH"], AppLinks(adapter), ACTIONS, LOCALES)
    app.extensions[EXTENSION] = library
    return library
