"""Demo data (placeholder)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session


def seed(s: Session, now: datetime) -> str:
    return "nothing seeded yet"
