"""Delivering a record to the case system: a signed webhook, or a file in a folder.

Folder: one file per record, written atomically, encrypted for the bridge with age
(docs/deployment.md, "The case-system folder", says how the bridge decrypts and
acknowledges; the retention run deletes acknowledged and old files).

Webhook: POST the record as JSON with
  Idempotency-Key: the event's key (the same on every retry),
  X-Indgang-Timestamp: Unix seconds,
  X-Indgang-Signature: v1=HMAC-SHA256(secret, "<timestamp>.<body>") in hex,
over TLS with certificate checks on. 2xx is delivered; network errors, timeouts, 429 and
5xx are retried; any other answer is refused for good (dead, with the reason).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import requests
from pyrage import x25519

from portal.core.context import Context
from portal.json_types import JSONObject, required
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Failed, Outcome, Retry

CHANNEL = "casesystem"
AGE_SUFFIX = ".age"
log = logging.getLogger(__name__)


def warn_if_unsealed(cfg: Mapping[str, Any]) -> None:
    """Plain files in the folder are for development only: say so at start-up (production
    refuses them, portal/config.py). ``cfg``: the app's settings."""
    if (
        cfg["PORTAL_ENV"] == "development"
        and cfg["CASE_SYSTEM_ADAPTER"] == "folder"
        and not cfg["CASE_SYSTEM_FOLDER_RECIPIENTS"]
    ):
        log.warning(
            "Development only: CASE_SYSTEM_ADAPTER=folder writes case records unencrypted, "
            "CPR numbers included, into %s and keeps them until the bridge acknowledges "
            "them. Production needs CASE_SYSTEM_FOLDER_RECIPIENTS and "
            "RETENTION_CASE_SYSTEM_FILES_DAYS (docs/deployment.md).",
            cfg["CASE_SYSTEM_FOLDER"],
        )


@dataclass(frozen=True)
class QueuedRecord:
    """A record in the outbox (queued as a record_types.CaseRecord): its JSON as it was
    made, delivered byte for byte on every retry, and its type, which names the file."""

    record_type: str
    record: Mapping[str, Any]

    def to_json(self) -> JSONObject:
        return dict(self.record)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QueuedRecord:
        return cls(record_type=required(data, "record_type", str, "record"), record=data)


def body_of(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def post(cfg: Mapping[str, Any], event: OutboxEvent, record: Mapping[str, Any]) -> Outcome:
    body, timestamp = body_of(record), str(int(time.time()))
    try:
        response = requests.post(
            cfg["CASE_SYSTEM_URL"],
            data=body,
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": event.key,
                "X-Indgang-Timestamp": timestamp,
                "X-Indgang-Signature": signature(cfg["CASE_SYSTEM_SECRET"], timestamp, body),
            },
            timeout=cfg["CASE_SYSTEM_TIMEOUT_SECONDS"],
            verify=cfg["CASE_SYSTEM_CA_FILE"] or True,
            allow_redirects=False,
        )
    except requests.Timeout:
        return Retry("the case system did not answer in time")
    except requests.RequestException as exc:
        return Retry(f"the case system was not reached: {type(exc).__name__}")
    status = response.status_code
    if 200 <= status < 300:
        return Delivered()
    if status == 429 or status >= 500:
        return Retry(f"the case system answered {status}")
    return Failed(f"the case system refused the record ({status}): {response.text[:200]}")


def sealed_for_bridge(body: bytes, recipients: tuple[str, ...]) -> bytes:
    """The body encrypted for the bridge's age public keys (age v1, X25519): the bridge
    decrypts with `age --decrypt -i bridge.key FILE` or any age implementation."""
    return pyrage.encrypt(body, [x25519.Recipient.from_str(r) for r in recipients])


def drop(cfg: Mapping[str, Any], event: OutboxEvent, queued: QueuedRecord) -> Outcome:
    """Write the record atomically: whoever reads the folder never sees half a file.
    Encrypted for the bridge (``<record type>-<event id>.json.age``) when its public key is
    configured, as production requires; else plain JSON, for development."""
    folder = Path(cfg["CASE_SYSTEM_FOLDER"])
    body, recipients = body_of(queued.record), cfg["CASE_SYSTEM_FOLDER_RECIPIENTS"]
    name = f"{queued.record_type}-{event.id}.json"
    if recipients:
        body, name = sealed_for_bridge(body, recipients), name + AGE_SUFFIX
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        partial = folder / f".{target.name}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(target)
    except OSError as exc:
        return Retry(f"the folder could not be written: {type(exc).__name__}")
    return Delivered()


def deliver(ctx: Context, event: OutboxEvent, queued: QueuedRecord) -> Outcome:
    """The channel's delivery (registered in portal/outbox/handlers.py)."""
    adapter = ctx.settings["CASE_SYSTEM_ADAPTER"]
    if adapter == "webhook":
        return post(ctx.settings, event, queued.record)
    if adapter == "folder":
        return drop(ctx.settings, event, queued)
    return Failed(f"CASE_SYSTEM_ADAPTER is {adapter!r}: nothing delivers records")
