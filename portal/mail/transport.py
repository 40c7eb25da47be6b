"""Getting a message out: an SMTP server, or a folder a person trying the portal can read."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from pathlib import Path
from typing import Any


class TemporaryMailError(Exception):
    """Try again later: a 4xx reply, a refused or dropped connection, a timeout."""


class PermanentMailError(Exception):
    """The server refused the message for good (a 5xx reply)."""


def _smtp_error(exc: smtplib.SMTPException) -> Exception:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in exc.recipients.values()]
        code = min(codes) if codes else None
    if isinstance(code, int) and 500 <= code < 600:
        return PermanentMailError(f"the mail server refused the message ({code})")
    if isinstance(code, int):
        return TemporaryMailError(f"the mail server asked us to try later ({code})")
    return TemporaryMailError(f"the mail server did not take the message: {type(exc).__name__}")


def send_smtp(cfg: Mapping[str, Any], message: EmailMessage) -> None:
    security = cfg["MAIL_SECURITY"]
    timeout = cfg["MAIL_TIMEOUT_SECONDS"]
    context = ssl.create_default_context(cafile=cfg["MAIL_CA_FILE"] or None)
    try:
        client: smtplib.SMTP
        if security == "ssl":
            client = smtplib.SMTP_SSL(
                cfg["MAIL_HOST"], cfg["MAIL_PORT"], timeout=timeout, context=context
            )
        else:
            client = smtplib.SMTP(cfg["MAIL_HOST"], cfg["MAIL_PORT"], timeout=timeout)
        with client:
            if security == "starttls":
                client.starttls(context=context)
            if cfg["MAIL_USERNAME"]:
                client.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            client.send_message(message)
    except smtplib.SMTPException as exc:
        raise _smtp_error(exc) from exc
    except OSError as exc:  # refused, reset, unreachable, timed out, TLS failures
        raise TemporaryMailError(f"the mail server was not reached: {type(exc).__name__}") from exc


def write_to_folder(message: EmailMessage, folder: Path) -> Path:
    """Write the message as an .eml file, atomically, owner-readable only."""
    folder.mkdir(parents=True, exist_ok=True)
    name = str(message["Message-ID"]).strip("<>").replace("/", "_").replace("@", "_at_")
    target = folder / f"{name}.eml"
    partial = folder / f".{name}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(message.as_bytes())
    partial.replace(target)
    return target


def send(cfg: Mapping[str, Any], message: EmailMessage) -> None:
    """Send through the backend the settings ``cfg`` name; TemporaryMailError or
    PermanentMailError on failure."""
    if cfg["MAIL_BACKEND"] == "smtp":
        send_smtp(cfg, message)
    else:
        write_to_folder(message, Path(cfg["MAIL_FOLDER"]))
