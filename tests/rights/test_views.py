"""The "Your rights" pages: bands remembered for the visit, fallbacks, links that resolve."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.content.library import BANDS, Library
from portal.content.markdown import Renderer
from portal.i18n import COOKIE, LOCALES
from tests.conftest import checking_client
from tests.support.apps import ROOT, make_app
from tests.support.pagecheck import Validator, visible_text


def library(app: Flask) -> Library:
    found: Library = app.extensions["rights_library"]
    return found


def page(client: FlaskClient, path: str, locale: str = "da") -> str:
    client.set_cookie(COOKIE, locale)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_the_hub_offers_three_bands_parents_professionals_and_words(client: FlaskClient) -> None:
    html = page(client, "/rights", "en")
    for band in BANDS:
        assert f'href="/rights/{band}"' in html
    assert 'href="/rights/parents"' in html
    assert 'href="/rights/professionals"' in html
    assert 'href="/rights/words"' in html


def test_the_band_is_remembered_for_the_visit(client: FlaskClient) -> None:
    page(client, "/rights/10-13/be-heard", "en")
    assert "You chose this before." in page(client, "/rights", "en")
    response = client.get("/rights/topic/your-plan")
    assert response.status_code == 303
    assert response.headers["Location"] == "/rights/10-13/your-plan"
    client.get("/exit")  # quick exit forgets it
    assert "You chose this before." not in page(client, "/rights", "en")


def test_a_topic_without_a_band_asks_for_the_age(client: FlaskClient) -> None:
    html = page(client, "/rights/topic/who-reads-what-you-write", "en")
    for band in BANDS:
        assert f'href="/rights/{band}/who-reads-what-you-write"' in html
    assert client.get("/rights/topic/no-such-topic").status_code == 404


def test_every_band_page_offers_the_other_bands_of_the_same_topic(client: FlaskClient) -> None:
    html = page(client, "/rights/6-9/ask-for-help")
    assert '<a href="/rights/6-9/ask-for-help" aria-current="page">' in html
    assert 'href="/rights/10-13/ask-for-help"' in html
    assert 'href="/rights/14-17/ask-for-help"' in html


def test_the_band_overview_lists_every_topic(app: Flask, client: FlaskClient) -> None:
    html = page(client, "/rights/6-9")
    topics = [p for p, _ in library(app).section("da", "children/6-9") if p.slug != "index"]
    assert len(topics) == 9
    for topic in topics:
        assert f'href="/rights/6-9/{topic.slug}"' in html


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("band", BANDS)
def test_the_band_overview_names_each_topic_once(
    app: Flask, client: FlaskClient, band: str, locale: str
) -> None:
    """The cards list the topics: the introduction above them does not list them again."""
    text = visible_text(page(client, f"/rights/{band}", locale), only_main=True).casefold()
    topics = [p for p, _ in library(app).section(locale, f"children/{band}") if p.slug != "index"]
    assert len(topics) == 9
    counts = {topic.title: text.count(topic.title.casefold()) for topic in topics}
    assert {title: n for title, n in counts.items() if n != 1} == {}


def test_every_page_ends_with_what_can_i_do_now(client: FlaskClient) -> None:
    html = page(client, "/rights/6-9/ask-for-help", "en")
    next_steps = html[html.index('id="next-steps-heading"') :]
    assert "What can I do now?" in next_steps
    assert 'href="/ask-for-help"' in next_steps


def test_index_slugs_and_unknown_pages(client: FlaskClient) -> None:
    assert client.get("/rights/6-9/index").headers["Location"] == "/rights/6-9"
    assert client.get("/rights/parents/index").headers["Location"] == "/rights/parents"
    assert client.get("/rights/6-9/no-such-page").status_code == 404
    assert client.get("/rights/5-8").status_code == 404
    assert client.get("/rights/parents/no-such-page").status_code == 404


def test_a_page_missing_in_arabic_is_shown_in_danish_with_a_notice(client: FlaskClient) -> None:
    html = page(client, "/rights/parents/your-rights", "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="notice"' in html
    assert '<div class="explainer" id="explainer" lang="da" dir="ltr">' in html
    assert '<h1 id="page-heading"><span lang="da" dir="ltr">' in html


def test_story_pictures_have_text_alternatives(client: FlaskClient) -> None:
    html = page(client, "/rights/6-9/be-heard")
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.DOTALL)
    assert len(svgs) >= 3
    for svg in svgs:
        assert 'role="img"' in svg
        title_id = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert title_id
        assert re.search(rf'<title id="{title_id.group(1)}">[^<]+</title>', svg)


def test_words_on_a_page_link_to_the_word_list(client: FlaskClient) -> None:
    html = page(client, "/rights/6-9/be-heard")
    targets = re.findall(r'href="/rights/words#(word-[a-z-]+)" class="word-link"', html)
    assert "word-adviser" in targets
    words = page(client, "/rights/words")
    for target in targets:
        assert f'id="{target}"' in words


@pytest.mark.parametrize("locale", LOCALES)
def test_every_link_on_the_rights_pages_resolves(client: FlaskClient, locale: str) -> None:
    """Walk every page reachable from /rights and follow each local link."""
    client.set_cookie(COOKIE, locale)
    seen: set[str] = set()
    queue = ["/rights"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        response.close()  # static files are streamed
        if response.status_code in {301, 303, 308}:
            queue.append(response.headers["Location"])
            continue
        assert response.status_code == 200, path
        if not path.startswith("/rights") or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        for href in re.findall(r'href="([^"]+)"', html):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path in {"/exit"} or parts.path.startswith("/language/"):
                continue
            if parts.fragment:
                target = client.get(parts.path).get_data(as_text=True)
                assert f'id="{parts.fragment}"' in target, f"{href} on {path}"
            queue.append(parts.path)
    assert len([p for p in seen if p.startswith("/rights/")]) >= 42


def test_content_is_rendered_once_not_per_request(app: Flask, client: FlaskClient) -> None:
    before = Renderer.parses
    for path in ("/rights/6-9/be-heard", "/rights/10-13", "/rights/parents/your-rights"):
        page(client, path)
        page(client, path)
    assert Renderer.parses == before


def test_links_get_the_prefix_of_a_portal_mounted_under_a_path(client: FlaskClient) -> None:
    html = client.get(
        "/rights/6-9/be-heard", environ_overrides={"SCRIPT_NAME": "/indgang"}
    ).get_data(as_text=True)
    body = html[html.index('id="explainer"') :]
    assert 'href="/indgang/rights/words#word-' in body
    assert 'href="/rights/' not in body


def test_media_is_served_from_the_content_folder(app: Flask, client: FlaskClient) -> None:
    media = app.config["CONTENT_PATH"] / "media"
    created = not media.exists()
    media.mkdir(exist_ok=True)
    captions = media / "test-captions.da.vtt"
    captions.write_text("WEBVTT\n")
    try:
        response = client.get("/rights/media/test-captions.da.vtt")
        response.close()
        assert response.status_code == 200
        assert response.mimetype == "text/vtt"
        assert client.get("/rights/media/../municipality.toml").status_code == 404
    finally:
        captions.unlink()
        if created:
            media.rmdir()


def test_the_band_page_reads_like_the_child_expects(client: FlaskClient) -> None:
    text = visible_text(page(client, "/rights/6-9", "en"), only_main=True)
    assert "Ask for help" in text


def test_a_page_with_a_video_has_captions_and_a_transcript(
    tmp_path: Path, html_validator: Validator
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "media").mkdir(exist_ok=True)
    (content / "media" / "be-heard.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (content / "media" / "be-heard.da.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\nDu har ret til at blive hørt.\n"
    )
    page_file = content / "da" / "children" / "6-9" / "be-heard.md"
    text = page_file.read_text(encoding="utf-8")
    video = (
        '\n[video]\nfile = "be-heard.mp4"\ncaptions = "be-heard.da.vtt"\n'
        'transcript = "Du har ret til at blive hørt."\n'
    )
    page_file.write_text(text.replace("\n+++\n", video + "+++\n", 1), encoding="utf-8")
    app = make_app(tmp_path, f"sqlite:///{tmp_path}/v.sqlite3", CONTENT_PATH=content)
    html = page(checking_client(app, html_validator), "/rights/6-9/be-heard")
    assert '<video controls preload="none" src="/rights/media/be-heard.mp4">' in html
    assert (
        '<track kind="captions" src="/rights/media/be-heard.da.vtt" srclang="da" '
        'label="Undertekster" default>'
    ) in html
    transcript = html[html.index('id="transcript-heading"') :]
    assert "<p>Du har ret til at blive hørt.</p>" in transcript
