"""Static files: content-hashed names cached for a year, compressed once, and page compression.

``static_url("css/portal.css")`` gives ``/static/css/portal.<hash>.css``. A request for the
name with the current hash is answered with ``Cache-Control: public, max-age=31536000,
immutable``: the name changes whenever the content does, so a browser never has to ask
again. Any other name (the plain one, or an old hash still in a page from before a
deploy) gets the current file with ``no-cache``, so nothing stale is ever kept for a year.

Each file is compressed once per content (Brotli and gzip) and kept in memory; pages and
JSON are compressed per response by Flask-Compress.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
from flask import Flask, Response, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue
from flask_compress import Compress
from werkzeug.security import safe_join

HASH_LENGTH = 12
YEAR = 365 * 24 * 60 * 60
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<ext>\.[^./]+)$")
# Text worth compressing; images and fonts are compressed already.
_COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".html"}
_MIN_COMPRESS_BYTES = 500

compress = Compress()


@dataclass(frozen=True)
class Asset:
    """One static file's bytes, its content hash and its compressed forms."""

    body: bytes
    digest: str
    mimetype: str
    encoded: dict[str, bytes]


@cache
def _load(path: Path, mtime_ns: int, size: int) -> Asset:
    # Keyed by mtime and size: an edited file (in development) is read again.
    body = path.read_bytes()
    encoded: dict[str, bytes] = {}
    if path.suffix in _COMPRESSIBLE and len(body) >= _MIN_COMPRESS_BYTES:
        encoded["br"] = brotli.compress(body, quality=11)
        encoded["gzip"] = gzip.compress(body, compresslevel=9, mtime=0)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".webmanifest":
        mimetype = "application/manifest+json"
    return Asset(body, hashlib.sha256(body).hexdigest()[:HASH_LENGTH], mimetype, encoded)


def _asset(filename: str) -> Asset | None:
    folder = current_app.extensions["static_root"]
    joined = safe_join(str(folder), filename)
    if joined is None:
        return None
    path = Path(joined)
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return _load(path, stat.st_mtime_ns, stat.st_size)


def static_url(filename: str) -> str:
    """URL of a static file with its content hash in the name."""
    asset = _asset(filename)
    if asset is None:
        raise FileNotFoundError(f"static/{filename} does not exist")
    stem, dot, ext = filename.rpartition(".")
    hashed = f"{stem}.{asset.digest}.{ext}" if dot else f"{filename}.{asset.digest}"
    return url_for("static", filename=hashed)


def _choose_encoding(asset: Asset) -> str | None:
    accepted = request.accept_encodings
    for name in ("br", "gzip"):
        if name in asset.encoded and accepted[name]:
            return name
    return None


def serve_static(filename: str) -> ResponseReturnValue:
    """Answer /static/<filename>, long-cached only under the current content hash."""
    immutable = False
    asset = _asset(filename)
    if asset is None:
        match = _HASHED.match(filename)
        if match is None:
            abort(404)
        asset = _asset(match["stem"] + match["ext"])
        if asset is None:
            abort(404)
        immutable = match["hash"] == asset.digest
    encoding = _choose_encoding(asset)
    body = asset.encoded[encoding] if encoding else asset.body
    response = Response(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if asset.encoded:
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.digest + (f"-{encoding}" if encoding else ""))
    if immutable:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(request)


def init_app(app: Flask, static_root: Path) -> None:
    """Serve static files from ``static_root`` under /static and compress responses."""
    app.extensions["static_root"] = static_root
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=serve_static)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIN_SIZE", _MIN_COMPRESS_BYTES)
    compress.init_app(app)
    app.jinja_env.globals["static_url"] = static_url
