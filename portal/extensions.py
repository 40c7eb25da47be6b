"""Extension objects, created unbound; imports nothing else from the portal."""

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect


def _default_limit() -> str:
    # Read per request, so each app (and each test app) uses its own setting.
    limit: str = current_app.config["RATELIMIT_DEFAULT"]
    return limit


def _is_static() -> bool:
    return request.endpoint == "static"


babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[_default_limit],
    default_limits_exempt_when=_is_static,
)
