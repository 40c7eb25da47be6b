from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.assets import static_url
from tests.support.apps import make_app

STATIC = Path(__file__).resolve().parent.parent / "static"


@pytest.fixture
def raw(app: Flask) -> FlaskClient:
    """A client without the HTML checker: these tests read compressed bytes."""
    return app.test_client()


def _asset_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_link_static_files_by_content_hash(raw: FlaskClient) -> None:
    page = raw.get("/").get_data(as_text=True)
    css = re.search(r'href="/static/css/portal\.([0-9a-f]{12})\.css"', page)
    assert css is not None
    assert css.group(1) == hashlib.sha256((STATIC / "css/portal.css").read_bytes()).hexdigest()[:12]


def test_hashed_names_are_cached_for_a_year_and_others_revalidate(raw: FlaskClient) -> None:
    page = raw.get("/").get_data(as_text=True)
    [css] = [u for u in _asset_urls(page) if u.endswith(".css")]
    with raw.get(css) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "text/css"
        assert response.data == (STATIC / "css/portal.css").read_bytes()
    # The plain name, and a hash from an older deploy: the current file, never kept.
    for other in ("/static/css/portal.css", "/static/css/portal.0123456789ab.css"):
        with raw.get(other) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "no-cache"
            assert response.data == (STATIC / "css/portal.css").read_bytes()


def test_static_files_are_sent_compressed_and_revalidated_by_etag(raw: FlaskClient) -> None:
    original = (STATIC / "css/portal.css").read_bytes()
    with raw.get("/static/css/portal.css", headers={"Accept-Encoding": "gzip, br"}) as br:
        assert br.headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in br.headers["Vary"]
        assert brotli.decompress(br.data) == original
        assert len(br.data) < len(original) / 3
        etag = br.headers["ETag"]
    with raw.get("/static/css/portal.css", headers={"Accept-Encoding": "gzip"}) as gz:
        assert gz.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(gz.data) == original
        assert gz.headers["ETag"] != etag
    with raw.get(
        "/static/css/portal.css", headers={"Accept-Encoding": "gzip, br", "If-None-Match": etag}
    ) as again:
        assert again.status_code == 304
    with raw.get("/static/img/touch-icon.png", headers={"Accept-Encoding": "br"}) as png:
        assert "Content-Encoding" not in png.headers


def test_pages_are_compressed_when_the_browser_accepts_it(raw: FlaskClient) -> None:
    plain = raw.get("/rights").get_data()
    squeezed = raw.get("/rights", headers={"Accept-Encoding": "br"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert squeezed.headers["Cache-Control"] == "no-store"
    assert len(squeezed.data) < len(plain) / 2
    text = brotli.decompress(squeezed.data).decode()
    # Same page apart from the per-request nonce and form token.
    assert text.split("<main", 1)[1][:200] == plain.decode().split("<main", 1)[1][:200]


@pytest.mark.parametrize(
    "path", ["/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml", "/static/nothere.css"]
)
def test_only_files_in_the_static_folder_are_served(raw: FlaskClient, path: str) -> None:
    assert raw.get(path).status_code == 404


def test_an_edited_file_gets_a_new_name(tmp_path: Path) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'a.db'}")
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "x.css").write_text("a{color:red}" * 100)
    app.extensions["static_root"] = folder

    with app.test_request_context():
        first = static_url("x.css")
        (folder / "x.css").write_text("a{color:blue}" * 100)
        second = static_url("x.css")
    assert first != second
    client = app.test_client()
    assert client.get(first).headers["Cache-Control"] == "no-cache"
    assert client.get(second).headers["Cache-Control"].endswith("immutable")
