"""The sections of the explainer library and the endpoint that shows each page."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.content.library import BANDS, INDEX

__all__ = ["ADULT_SECTIONS", "BANDS", "BAND_LABELS", "page_endpoint"]

BAND_LABELS: dict[str, LazyString] = {band: _l("%(band)s years", band=band) for band in BANDS}
# section -> (index endpoint, page endpoint)
ADULT_SECTIONS = {
    "parents": ("rights.parents", "rights.parent_page"),
    "professionals": ("rights.professionals", "rights.professional_page"),
}


def page_endpoint(section: str, slug: str) -> tuple[str, dict[str, Any]]:
    """(endpoint, URL values) of a page, e.g. ('rights.child_page', {band, slug})."""
    if section.startswith("children/"):
        band = section.removeprefix("children/")
        if slug == INDEX:
            return "rights.band", {"band": band}
        return "rights.child_page", {"band": band, "slug": slug}
    index, page = ADULT_SECTIONS[section]
    return (index, {}) if slug == INDEX else (page, {"slug": slug})
