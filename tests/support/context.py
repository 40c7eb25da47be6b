"""A Context for a test that writes through a session of its own, at a moment of its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from portal import current
from portal.core.context import Context


def context(s: Session, now: datetime, *, locale: str = "da") -> Context:
    """This app's context (inside its app context), writing through ``s`` at ``now``."""
    return replace(current.context(), session=s, now=now, locale=locale)
