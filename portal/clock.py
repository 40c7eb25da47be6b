"""The current time, from one place, so tests and demos can set the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app


def system_now() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


def now() -> datetime:
    """The app's clock (config CLOCK), aware UTC."""
    clock: Callable[[], datetime] = current_app.config.get("CLOCK", system_now)
    return clock()
