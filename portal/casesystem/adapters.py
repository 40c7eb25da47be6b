"""Delivering a record to the case system: a signed webhook, or a file in a folder.

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
import os
import time
from pathlib import Path
from typing import Any

import requests
from flask import current_app
from sqlalchemy.orm import Session

from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Failed, Outcome, Retry, handler

CHANNEL = "casesystem"


def body_of(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def post(event: OutboxEvent, record: dict[str, Any]) -> Outcome:
    cfg = current_app.config
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


def drop(event: OutboxEvent, record: dict[str, Any]) -> Outcome:
    """Write the record atomically: whoever reads the folder never sees half a file."""
    folder = Path(current_app.config["CASE_SYSTEM_FOLDER"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{record['record_type']}-{event.id}.json"
        partial = folder / f".{target.name}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body_of(record))
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(target)
    except OSError as exc:
        return Retry(f"the folder could not be written: {type(exc).__name__}")
    return Delivered()


@handler(CHANNEL)
def deliver(_s: Session, event: OutboxEvent, record: dict[str, Any]) -> Outcome:
    adapter = current_app.config["CASE_SYSTEM_ADAPTER"]
    if adapter == "webhook":
        return post(event, record)
    if adapter == "folder":
        return drop(event, record)
    return Failed(f"CASE_SYSTEM_ADAPTER is {adapter!r}: nothing delivers records")
