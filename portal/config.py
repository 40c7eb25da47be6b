"""Settings from the environment; the defaults give the embedded setup."""

from __future__ import annotations

import base64
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from limits import parse_many

from portal.core.errors import ConfigError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent

# Secrets the portal needs. In production each must come from the environment;
# the embedded default generates missing ones into instance/ and warns.
SECRETS: dict[str, Callable[[], str]] = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(48),
    "FIELD_ENCRYPTION_KEYS": lambda: (
        f"k1:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"
    ),
    # Mixed into every conversation passphrase before hashing: a stolen database alone
    # does not let anyone test passphrases.
    "PASSPHRASE_PEPPER": lambda: secrets.token_urlsafe(32),
    # Signs web push requests (VAPID, P-256). `flask --app wsgi push keys` makes one.
    "VAPID_PRIVATE_KEY": lambda: _new_vapid_key(),
}


def _new_vapid_key() -> str:
    from portal.push.vapid import new_private_key

    return new_private_key()


# The push services of the browsers people use; a subscription elsewhere is refused, so
# the server never posts to an address a visitor made up.
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
)


# How long each kind of data stays, in days (portal/retention.py says why).
RETENTION_SETTINGS = (
    "RETENTION_CLOSED_DAYS",
    "RETENTION_UNCLOSED_DAYS",
    "RETENTION_DRAFT_DAYS",
    "RETENTION_OUTBOX_DAYS",
    "RETENTION_OUTBOX_DEAD_DAYS",
    "RETENTION_STAFF_SESSION_DAYS",
    "RETENTION_AUDIT_DAYS",
)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}.")


def _instance_secret(instance: Path, name: str) -> str:
    """Read a generated secret from instance/, creating it on first use."""
    path = instance / f"{name.lower()}.secret"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = SECRETS[name]()
    # Owner-only from the first byte: the file holds a key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    log.warning(
        "%s was not set; generated one into %s. Set it in the environment for production.",
        name,
        path,
    )
    return value


def _check_rate_limit(name: str, value: Any) -> None:
    """A rate limit the limiter can read, like "10 per minute;100 per hour"."""
    try:
        parsed = parse_many(value) if isinstance(value, str) else []
    except ValueError:
        parsed = []
    if not parsed:
        raise ConfigError(
            f"{name} must be a rate limit like '10 per minute' (several: '10 per minute;"
            f"100 per hour'), got {value!r}."
        )


def _check_push_hosts(cfg: dict[str, Any]) -> None:
    from portal.push.endpoints import setting_problem

    for host in cfg["PUSH_SERVICE_HOSTS"]:
        problem = setting_problem(host, cfg["PORTAL_ENV"])
        if problem:
            raise ConfigError(f"PUSH_SERVICE_HOSTS: {problem}.")


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from the environment and optional overrides."""
    overrides = dict(overrides or {})
    env = overrides.pop("PORTAL_ENV", os.environ.get("PORTAL_ENV", "development"))
    if env not in {"development", "production", "test"}:
        raise ConfigError(f"PORTAL_ENV must be development, production or test, got {env!r}.")
    instance = Path(
        overrides.pop("INSTANCE_PATH", os.environ.get("INSTANCE_PATH", ROOT / "instance"))
    )

    cfg: dict[str, Any] = {
        "PORTAL_ENV": env,
        "INSTANCE_PATH": instance,
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance / 'indgang.sqlite3'}",
        "MUNICIPALITY_PROFILE": Path(
            os.environ.get("MUNICIPALITY_PROFILE", ROOT / "content" / "municipality.toml")
        ),
        "CONTENT_PATH": Path(os.environ.get("CONTENT_PATH", ROOT / "content")),
        # Off only for `python -m portal.content`, which loads the content itself.
        "LOAD_CONTENT": True,
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        # Per client IP, on every form sent (POST); see portal/extensions.py.
        "RATELIMIT_DEFAULT": os.environ.get("RATELIMIT_DEFAULT", "120 per minute"),
        # X-RateLimit-* on every response would cost two more Redis round trips per page;
        # a refused request still gets Retry-After (portal/errors.py).
        "RATELIMIT_HEADERS_ENABLED": False,
        # If Redis is down, count in each process's memory instead of failing requests.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Always explicit: the limiter object is shared, and without the key an app would
        # inherit whatever the previous app in this process set.
        "RATELIMIT_ENABLED": True,
        # Forms carry text, never files; a generous bound still stops abuse.
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_BYTES", 256 * 1024),
        "MAX_FORM_MEMORY_SIZE": _env_int("MAX_CONTENT_BYTES", 256 * 1024),
        # Number of reverse proxies in front of the app whose X-Forwarded-* we trust.
        "TRUSTED_PROXY_COUNT": _env_int("TRUSTED_PROXY_COUNT", 0),
        # Logs go to stderr: "json" (one object per line, for a log collector) or "text".
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if env == "production" else "text"),
        "LOG_LEVEL": (os.environ.get("LOG_LEVEL") or "INFO").upper(),
        "SESSION_COOKIE_NAME": "indgang_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": _env_int("SESSION_LIFETIME_SECONDS", 2 * 60 * 60),
        "WTF_CSRF_TIME_LIMIT": _env_int("CSRF_TIME_LIMIT_SECONDS", 2 * 60 * 60),
        "LANGUAGE_COOKIE_MAX_AGE_SECONDS": 365 * 24 * 60 * 60,
        # An open conversation closes after this long without a request.
        "CONVERSATION_IDLE_SECONDS": _env_int("CONVERSATION_IDLE_SECONDS", 15 * 60),
        # A child who has their say hears back within this many days (Lundy: Influence).
        "CONSULTATION_FEEDBACK_DAYS": _env_int("CONSULTATION_FEEDBACK_DAYS", 14),
        # § 138 names no deadline for telling a professional reporter what came of a report;
        # this is the municipality's own target, in calendar days.
        "REPORTER_FEEDBACK_DAYS": _env_int("REPORTER_FEEDBACK_DAYS", 30),
        # Staff sessions: ended after this long without a request, and at most this long.
        "STAFF_IDLE_SECONDS": _env_int("STAFF_IDLE_SECONDS", 30 * 60),
        "STAFF_SESSION_SECONDS": _env_int("STAFF_SESSION_SECONDS", 10 * 60 * 60),
        # Login attempts per client IP, every step of logging in counted together (accounts
        # are also slowed; see portal/staff/throttle.py).
        "STAFF_LOGIN_RATE_LIMIT": os.environ.get(
            "STAFF_LOGIN_RATE_LIMIT", "10 per minute;100 per hour"
        ),
        # Tries of the six words that open no conversation, per client IP, and from all
        # clients together (never per conversation: that would let a guesser lock the
        # child out; portal/inquiries/conversations.py).
        "PASSPHRASE_RATE_LIMIT": os.environ.get("PASSPHRASE_RATE_LIMIT", "10 per minute"),
        # The total is far above what children mistyping need, and short-windowed: whoever
        # floods it slows everyone for a minute at a time, and 66-bit words stay unguessable.
        "PASSPHRASE_GLOBAL_RATE_LIMIT": os.environ.get(
            "PASSPHRASE_GLOBAL_RATE_LIMIT", "60 per minute"
        ),
        # The address of the portal as people reach it, for links in emails.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Delivery of emails and pushes (portal/outbox): a claimed event is another
        # worker's after the lease; retries back off from base to cap (full jitter) and
        # stop after the horizon, when the event is dead and shown to staff.
        "OUTBOX_LEASE_SECONDS": _env_int("OUTBOX_LEASE_SECONDS", 5 * 60),
        "OUTBOX_BACKOFF_BASE_SECONDS": _env_int("OUTBOX_BACKOFF_BASE_SECONDS", 30),
        "OUTBOX_BACKOFF_CAP_SECONDS": _env_int("OUTBOX_BACKOFF_CAP_SECONDS", 15 * 60),
        "OUTBOX_RETRY_HORIZON_SECONDS": _env_int("OUTBOX_RETRY_HORIZON_SECONDS", 24 * 60 * 60),
        "OUTBOX_POLL_SECONDS": _env_int("OUTBOX_POLL_SECONDS", 1),
        # Email: "folder" writes each message into instance/mail/ (the embedded default);
        # "smtp" sends through MAIL_HOST. MAIL_SECURITY is starttls, ssl or none.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "folder"),
        "MAIL_HOST": os.environ.get("MAIL_HOST", "localhost"),
        "MAIL_PORT": _env_int("MAIL_PORT", 587),
        "MAIL_SECURITY": os.environ.get("MAIL_SECURITY", "starttls"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", ""),
        "MAIL_TIMEOUT_SECONDS": _env_int("MAIL_TIMEOUT_SECONDS", 20),
        # A CA bundle to trust for the mail server (an internal CA); else the system's.
        "MAIL_CA_FILE": os.environ.get("MAIL_CA_FILE", ""),
        "MAIL_FOLDER": Path(os.environ.get("MAIL_FOLDER", instance / "mail")),
        # Web push: the contact push services may use (VAPID "sub"), how long a push
        # waits for an offline phone, and which push services we post to (host suffixes,
        # https on port 443 only; in test and development an IP address listed here is a
        # push service on this machine, reached over http on any port: portal/push/endpoints.py).
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", ""),
        "PUSH_TTL_SECONDS": _env_int("PUSH_TTL_SECONDS", 4 * 24 * 60 * 60),
        "PUSH_TIMEOUT_SECONDS": _env_int("PUSH_TIMEOUT_SECONDS", 10),
        "PUSH_SERVICE_HOSTS": tuple(
            h.strip().lower()
            for h in os.environ.get("PUSH_SERVICE_HOSTS", ",".join(PUSH_SERVICE_HOSTS)).split(",")
            if h.strip()
        ),
        # The case system: "folder" drops one JSON file per record into CASE_SYSTEM_FOLDER
        # (the embedded default; a bridge or SFTP job takes them on), "webhook" posts each
        # record to CASE_SYSTEM_URL signed with CASE_SYSTEM_SECRET, "pull" keeps them for
        # the case system to fetch at /api/v1/records, "none" sends nothing.
        "CASE_SYSTEM_ADAPTER": os.environ.get("CASE_SYSTEM_ADAPTER", "folder"),
        "CASE_SYSTEM_FOLDER": Path(os.environ.get("CASE_SYSTEM_FOLDER", instance / "casesystem")),
        # The bridge's age public keys (age1..., comma-separated): the folder's files are
        # encrypted for them. Without, the files are plain JSON: development only.
        "CASE_SYSTEM_FOLDER_RECIPIENTS": tuple(
            r.strip()
            for r in os.environ.get("CASE_SYSTEM_FOLDER_RECIPIENTS", "").split(",")
            if r.strip()
        ),
        # Days a file stays in the folder if the bridge has not acknowledged it (an
        # acknowledged one goes at the next retention run). Unset: kept (development only).
        "RETENTION_CASE_SYSTEM_FILES_DAYS": _env_int("RETENTION_CASE_SYSTEM_FILES_DAYS", 0) or None,
        "CASE_SYSTEM_URL": os.environ.get("CASE_SYSTEM_URL", ""),
        "CASE_SYSTEM_SECRET": os.environ.get("CASE_SYSTEM_SECRET", ""),
        "CASE_SYSTEM_CA_FILE": os.environ.get("CASE_SYSTEM_CA_FILE", ""),
        "CASE_SYSTEM_TIMEOUT_SECONDS": _env_int("CASE_SYSTEM_TIMEOUT_SECONDS", 10),
        # The pull API's clients are in the database (`flask --app wsgi casesystem client`);
        # refused tokens per client IP before the API answers 429.
        "CASE_SYSTEM_API_REFUSAL_LIMIT": os.environ.get(
            "CASE_SYSTEM_API_REFUSAL_LIMIT", "10 per minute"
        ),
        # Retention, in days (`flask --app wsgi retention run`; why each default is what it
        # is: portal/retention.py and README). The portal is a channel: the case system
        # keeps the record, so the portal keeps personal data only while it is needed.
        "RETENTION_CLOSED_DAYS": _env_int("RETENTION_CLOSED_DAYS", 90),
        "RETENTION_UNCLOSED_DAYS": _env_int("RETENTION_UNCLOSED_DAYS", 180),
        "RETENTION_DRAFT_DAYS": _env_int("RETENTION_DRAFT_DAYS", 1),
        "RETENTION_OUTBOX_DAYS": _env_int("RETENTION_OUTBOX_DAYS", 30),
        "RETENTION_OUTBOX_DEAD_DAYS": _env_int("RETENTION_OUTBOX_DEAD_DAYS", 90),
        "RETENTION_STAFF_SESSION_DAYS": _env_int("RETENTION_STAFF_SESSION_DAYS", 30),
        "RETENTION_AUDIT_DAYS": _env_int("RETENTION_AUDIT_DAYS", 5 * 365 + 1),
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 60 * 60,
        "TESTING": env == "test",
    }

    missing = [name for name in SECRETS if not os.environ.get(name) and name not in overrides]
    if env == "production" and missing:
        raise ConfigError(
            "PORTAL_ENV=production needs these secrets in the environment: "
            + ", ".join(missing)
            + ". See README.md, section Configuration."
        )
    for name in SECRETS:
        cfg[name] = os.environ.get(name) or (
            None if name in overrides else _instance_secret(instance, name)
        )

    cfg.update(overrides)
    for name in RETENTION_SETTINGS:
        if not isinstance(cfg[name], int) or cfg[name] < 1:
            raise ConfigError(f"{name} must be a whole number of days, 1 or more.")
    if cfg["LOG_FORMAT"] not in {"json", "text"}:
        raise ConfigError(f"LOG_FORMAT must be json or text, got {cfg['LOG_FORMAT']!r}.")
    if cfg["LOG_LEVEL"] not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(
            f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {cfg['LOG_LEVEL']!r}."
        )
    for name in ("PASSPHRASE_RATE_LIMIT", "PASSPHRASE_GLOBAL_RATE_LIMIT"):
        _check_rate_limit(name, cfg[name])
    if cfg["MAIL_BACKEND"] not in {"folder", "smtp"}:
        raise ConfigError(f"MAIL_BACKEND must be folder or smtp, got {cfg['MAIL_BACKEND']!r}.")
    if cfg["MAIL_SECURITY"] not in {"starttls", "ssl", "none"}:
        raise ConfigError(
            f"MAIL_SECURITY must be starttls, ssl or none, got {cfg['MAIL_SECURITY']!r}."
        )
    longest = max(
        cfg["CASE_SYSTEM_TIMEOUT_SECONDS"], cfg["PUSH_TIMEOUT_SECONDS"], cfg["MAIL_TIMEOUT_SECONDS"]
    )
    if cfg["OUTBOX_LEASE_SECONDS"] < 2 * longest:
        raise ConfigError(
            f"OUTBOX_LEASE_SECONDS ({cfg['OUTBOX_LEASE_SECONDS']}) must be at least twice the "
            f"longest delivery timeout ({longest} s), or another worker could take over an "
            "event while it is being delivered."
        )
    if os.environ.get("CASE_SYSTEM_API_CLIENTS") or "CASE_SYSTEM_API_CLIENTS" in cfg:
        raise ConfigError(
            "CASE_SYSTEM_API_CLIENTS is no longer read: each pull-API client now has a scope "
            "and is kept in the database. Add each with `flask --app wsgi casesystem client "
            "add NAME --districts ... --kinds ...`, give it the new token, and unset "
            "CASE_SYSTEM_API_CLIENTS."
        )
    if cfg["CASE_SYSTEM_ADAPTER"] not in {"folder", "webhook", "pull", "none"}:
        raise ConfigError(
            "CASE_SYSTEM_ADAPTER must be folder, webhook, pull or none, "
            f"got {cfg['CASE_SYSTEM_ADAPTER']!r}."
        )
    if cfg["CASE_SYSTEM_ADAPTER"] == "webhook" and not (
        cfg["CASE_SYSTEM_URL"] and cfg["CASE_SYSTEM_SECRET"]
    ):
        raise ConfigError(
            "CASE_SYSTEM_ADAPTER=webhook needs CASE_SYSTEM_URL and CASE_SYSTEM_SECRET "
            "(the key both sides sign with)."
        )
    if env == "production" and cfg["MAIL_BACKEND"] == "smtp" and not cfg["MAIL_FROM"]:
        raise ConfigError("MAIL_BACKEND=smtp needs MAIL_FROM, the address emails come from.")
    _check_case_system_folder(cfg)
    _check_push_hosts(cfg)
    given = os.environ.get("PUBLIC_URL") or overrides.get("PUBLIC_URL")
    if env == "production" and not (given and str(cfg["PUBLIC_URL"]).startswith("https://")):
        raise ConfigError(
            "PORTAL_ENV=production needs PUBLIC_URL, the https:// address people reach the "
            f"portal at (links in emails and alerts lead there), got {cfg['PUBLIC_URL']!r}."
        )
    if env == "production" and cfg["CASE_SYSTEM_ADAPTER"] == "folder":
        missing = [
            name
            for name in ("CASE_SYSTEM_FOLDER_RECIPIENTS", "RETENTION_CASE_SYSTEM_FILES_DAYS")
            if not cfg[name]
        ]
        if missing:
            raise ConfigError(
                "In production CASE_SYSTEM_ADAPTER=folder needs "
                + " and ".join(missing)
                + ": the records (CPR numbers included) are encrypted for the bridge's age "
                "public key (the bridge makes its key pair with `age-keygen -o bridge.key`) "
                "and deleted once acknowledged or after the period. See docs/deployment.md, "
                "section The case-system folder."
            )
    return cfg


def _check_case_system_folder(cfg: dict[str, Any]) -> None:
    """The folder's recipients are age public keys; its retention period is a day or more."""
    from pyrage import RecipientError, x25519

    for recipient in cfg["CASE_SYSTEM_FOLDER_RECIPIENTS"]:
        try:
            x25519.Recipient.from_str(recipient)
        except RecipientError:
            raise ConfigError(
                f"CASE_SYSTEM_FOLDER_RECIPIENTS: {recipient[:12]!r}... is not an age public key "
                "(age1...): give the bridge's, from `age-keygen -y bridge.key`."
            ) from None
    days = cfg["RETENTION_CASE_SYSTEM_FILES_DAYS"]
    if days is not None and (not isinstance(days, int) or days < 1):
        raise ConfigError(
            "RETENTION_CASE_SYSTEM_FILES_DAYS must be a whole number of days, 1 or more."
        )
