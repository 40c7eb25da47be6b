"""Extension objects, created unbound; imports nothing else from the portal."""

import hashlib
import hmac

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect


def _default_limit() -> str:
    # Read per request, so each app (and each test app) uses its own setting.
    limit: str = current_app.config["RATELIMIT_DEFAULT"]
    return limit


def _exempt_from_default() -> bool:
    # The per-IP default counts what changes something (POST). Reading a page or a file
    # costs no Redis round trip here: floods of reads are the proxy's to limit (nginx
    # limit_req, docs/deployment.md), and a school's teachers behind one address are not
    # refused for reading. Passphrases and staff logins have their own, stricter limits.
    return request.method in {"GET", "HEAD", "OPTIONS"}


def client_key() -> str:
    """Whom the per-client limits count: a keyed hash of the client's address, so that
    neither the limiter's storage (Redis) nor its log line of a refusal holds the address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    address = get_remote_address().encode()
    return "client:" + hmac.new(secret, b"rate-limit:" + address, hashlib.sha256).hexdigest()[:24]


babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(
    key_func=client_key,
    default_limits=[_default_limit],
    default_limits_exempt_when=_exempt_from_default,
)
