"""Logs: one JSON object per line, a request id on every line, and no personal data.

What a line may hold: the time, level, logger, a message written by our code (which never
puts a visitor's words, names, addresses or ids into it), the request id, and for a
request the method, the route *pattern* (``/staff/cases/<inquiry_id>``, never the path
with its values), the status, the size and the duration. Never the client's address, the
query string, cookies, headers or form fields. As a last guard every line, whoever wrote
it (Flask-Limiter, gunicorn, the development server), has each IP address in it cut to its
network (203.0.113.0/24, 2001:db8:1::/48): no full address reaches the log.

An exception is logged as its type and stack (file, line, function). Its message is kept
only for infrastructure errors (database, Redis, network), whose messages describe the
infrastructure; the engine hides SQL parameters. Any other exception's message could
quote what a visitor typed, so it is left out.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import secrets
import sys
import time
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
# What a proxy's request id may look like; anything else is replaced by our own.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
# Exceptions whose messages describe infrastructure, not a visitor's input.
_MESSAGE_SAFE_MODULES = ("sqlalchemy.", "psycopg.", "redis.", "smtplib", "ssl", "socket")
_MESSAGE_SAFE_TYPES = (OSError, TimeoutError, ConnectionError)
# What may hold an IP address: a run of hex digits, dots and colons with two colons or
# more (IPv6, perhaps with an IPv4 tail), or four dotted numbers not part of a longer run.
_IP = re.compile(
    r"(?<![\w:.])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*"
    r"|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)"
)
# How much of an address a line keeps: its network, as in common anonymisation.
_KEPT_BITS = {4: 24, 6: 48}
# Fields of LogRecord that are not "extra" values passed by the caller.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


def request_id() -> str | None:
    """This request's id (from a trusted proxy, or made here), or None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = current_app.config["TRUSTED_PROXY_COUNT"] > 0
        g.request_id = (
            incoming if trusted and _SAFE_REQUEST_ID.match(incoming) else secrets.token_hex(16)
        )
    rid: str = g.request_id
    return rid


def _message_is_safe(exc: BaseException) -> bool:
    module = type(exc).__module__ + "."
    return isinstance(exc, _MESSAGE_SAFE_TYPES) or module.startswith(_MESSAGE_SAFE_MODULES)


def describe_exception(
    info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> dict[str, Any]:
    """An exception as type, stack and (only where safe) message."""
    _type, exc, tb = info
    out: dict[str, Any] = {
        "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "stack": [
            f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)
        ],
    }
    if _message_is_safe(exc):
        out["message"] = str(exc).splitlines()[0][:500] if str(exc) else ""
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        out["cause"] = describe_exception((type(cause), cause, cause.__traceback__))
    return out


def _network(match: re.Match[str]) -> str:
    """The longest address the run starts with, cut to its network; the rest as it was
    (the run may go on with a port, "ip=::1: message")."""
    run = match.group(0)
    for end in range(len(run), 1, -1):
        try:
            address = ipaddress.ip_address(run[:end])
        except ValueError:
            continue
        if address.is_unspecified:  # "::" or 0.0.0.0: nobody's address
            break
        network = ipaddress.ip_network(f"{address}/{_KEPT_BITS[address.version]}", strict=False)
        return str(network) + run[end:]
    return run


def without_addresses(line: str) -> str:
    """``line`` with every IP address in it cut to its network."""
    return _IP.sub(_network, line)


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    """What the caller passed as ``extra``."""
    return {k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and k[0] != "_"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            line["request_id"] = rid
        line.update(_extras(record))
        if record.exc_info and record.exc_info[1] is not None:
            line["exception"] = describe_exception(record.exc_info)
        return without_addresses(json.dumps(line, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """Readable lines for development, with the same rules about what is logged."""

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        head = f"{record.levelname} {record.name}: {record.getMessage()}"
        extras = _extras(record)
        if extras:
            head += " " + " ".join(f"{k}={v}" for k, v in extras.items())
        if rid:
            head += f" [request {rid}]"
        if record.exc_info and record.exc_info[1] is not None:
            exc = describe_exception(record.exc_info)
            head += f"\n  {exc['type']}: {exc.get('message', '(message not logged)')}"
            head += "".join(f"\n    {frame}" for frame in exc["stack"])
        return without_addresses(head)


class RequestIdFilter(logging.Filter):
    """Adds the request id to every record made during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


def configure(fmt: str, level: str) -> None:
    """Send all logs to stderr in ``fmt`` ("json" or "text"), replacing other handlers."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_indgang", False):
            root.removeHandler(old)
    handler._indgang = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # The dev server's access lines carry the client's address and the full path.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


access_log = logging.getLogger("portal.access")


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id() or ""
    started = g.get("request_started")
    access_log.info(
        "request",
        extra={
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None,
            "status": response.status_code,
            "bytes": response.content_length,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Configure logging once per process, and give every request an id and an access line."""
    configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    app.before_request(_start)
    app.after_request(_finish)
