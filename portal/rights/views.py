"""The "Your rights" section: choose an age band, read a page, look a word up."""

from __future__ import annotations

import mimetypes
from functools import lru_cache

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from portal.content.library import INDEX, Page
from portal.entry.journeys import ACTIONS
from portal.i18n import current_locale
from portal.rights.sections import ADULT_SECTIONS, BAND_LABELS, BANDS, page_endpoint
from portal.rights.store import library

bp = Blueprint("rights", __name__, url_prefix="/rights")

BAND_KEY = "rights_band"  # the band chosen on this visit (session)
mimetypes.add_type("text/vtt", ".vtt")


@lru_cache(maxsize=4096)
def _prefixed(html: Markup, script_root: str) -> Markup:
    return Markup(str(html).replace('href="/', f'href="{script_root}/'))  # noqa: S704 - our own safe HTML


def with_script_root(html: Markup) -> Markup:
    """Content links are root-relative; add the prefix a proxy mounts the portal under."""
    return _prefixed(html, request.script_root) if request.script_root else html


def remembered_band() -> str | None:
    band = session.get(BAND_KEY)
    return band if band in BANDS else None


def _remember(band: str) -> None:
    if session.get(BAND_KEY) != band:
        session[BAND_KEY] = band


def _page_url(page: Page) -> str:
    endpoint, values = page_endpoint(page.section, page.slug)
    return url_for(endpoint, **values)


def _render(section: str, slug: str, *, back: str, child: bool, band: str | None = None) -> str:
    found = library().find(current_locale(), section, slug)
    if found is None:
        abort(404)
    page, fell_back = found
    topics = []
    if slug == INDEX:
        topics = [p for p, _ in library().section(current_locale(), section) if p.slug != INDEX]
    related = [f[0] for s in page.related if (f := library().find(current_locale(), section, s))]
    related = [other for other in related if other not in topics]  # each topic listed once
    return render_template(
        "rights/page.html",
        page=page,
        body=with_script_root(page.html),
        fell_back=fell_back,
        topics=topics,
        related=related,
        actions=[ACTIONS[a] for a in page.actions],
        page_url=_page_url,
        back=back,
        band=band,
        bands=BANDS,
        band_labels=BAND_LABELS,
        child_page=child,
        read_aloud=True,
    )


@bp.get("")
def hub() -> str:
    """Choose an age band, or the pages for parents or professionals."""
    return render_template(
        "rights/hub.html",
        bands=BANDS,
        band_labels=BAND_LABELS,
        remembered=remembered_band(),
        child_page=True,
    )


@bp.get("/<band:band>")
def band(band: str) -> str:
    """Your rights at a glance, and every topic, for one age band."""
    _remember(band)
    return _render(f"children/{band}", INDEX, back=url_for(".hub"), child=True, band=band)


@bp.get("/<band:band>/<slug>")
def child_page(band: str, slug: str) -> str | BaseResponse:
    """One topic for one age band."""
    if slug == INDEX:
        return redirect(url_for(".band", band=band), 308)
    _remember(band)
    return _render(
        f"children/{band}", slug, back=url_for(".band", band=band), child=True, band=band
    )


@bp.get("/topic/<slug>")
def topic(slug: str) -> str | BaseResponse:
    """A topic without a band (links from elsewhere): the visit's band, else ask for it."""
    pages = {band: library().find(current_locale(), f"children/{band}", slug) for band in BANDS}
    if not any(pages.values()):
        abort(404)
    band = remembered_band()
    if band is not None and pages[band] is not None:
        endpoint, values = page_endpoint(f"children/{band}", slug)
        return redirect(url_for(endpoint, **values), 303)
    titles = {b: found[0].title for b, found in pages.items() if found}
    return render_template(
        "rights/choose-band.html",
        slug=slug,
        title=next(iter(titles.values())),
        bands=[b for b in BANDS if b in titles],
        band_labels=BAND_LABELS,
        child_page=True,
    )


def _adult_views(section: str) -> None:
    index_endpoint, page_endpoint_name = ADULT_SECTIONS[section]

    def index() -> str:
        return _render(section, INDEX, back=url_for(".hub"), child=False)

    def page(slug: str) -> str | BaseResponse:
        if slug == INDEX:
            return redirect(url_for(index_endpoint), 308)
        return _render(section, slug, back=url_for(index_endpoint), child=False)

    index.__doc__ = f"The overview for {section}."
    page.__doc__ = f"One page for {section}."
    bp.add_url_rule(f"/{section}", index_endpoint.partition(".")[2], index, methods=["GET"])
    bp.add_url_rule(
        f"/{section}/<slug>", page_endpoint_name.partition(".")[2], page, methods=["GET"]
    )


for _section in ADULT_SECTIONS:
    _adult_views(_section)


@bp.get("/words")
def words() -> str:
    """The word list (ordbog)."""
    glossary, fell_back = library().glossary(current_locale())
    return render_template(
        "rights/words.html",
        glossary=glossary,
        fell_back=fell_back,
        band=remembered_band(),
        child_page=True,
    )


@bp.get("/media/<path:name>")
def media(name: str) -> Response:
    """A self-hosted video or its captions."""
    return send_from_directory(current_app.config["CONTENT_PATH"] / "media", name)
