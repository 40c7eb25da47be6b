"""The adviser a child names in "Have your say", found among the active advisers.

A child writes "Sara", "Sara Lindberg" or their case number. An adviser is a candidate if
their first name is among the words (case, accents and Danish letters do not count); the
candidates who
match most of their name win. A case number that another inquiry carries names the adviser
of that case.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.inquiries.models import Inquiry
from portal.safety.screening import normalize
from portal.staff.models import StaffUser

_WORDS = re.compile(r"\w+")
# A child without Danish letters on the phone writes Soren for Søren, Aeblerod for Æblerød.
_PLAIN = str.maketrans({"ø": "o", "æ": "ae"})


def _words(text: str) -> list[str]:
    return [normalize(w).translate(_PLAIN) for w in _WORDS.findall(text) if len(w) >= 2]


def candidates(s: Session, text: str | None) -> list[StaffUser]:
    """The active advisers the text most likely names (none, one, or a tie)."""
    text = (text or "").strip()
    if not text:
        return []
    by_case = s.scalar(
        select(StaffUser)
        .join(Inquiry, Inquiry.assigned_to_id == StaffUser.id)
        .where(Inquiry.case_code == text, StaffUser.active.is_(True))
        .order_by(Inquiry.received_at.desc())
        .limit(1)
    )
    if by_case is not None:
        return [by_case]
    words = set(_words(text))
    scored: list[tuple[int, StaffUser]] = []
    advisers = s.scalars(
        select(StaffUser)
        .where(StaffUser.role == "adviser", StaffUser.active.is_(True))
        .order_by(StaffUser.name)
    )
    for adviser in advisers:
        parts = _words(adviser.name)
        if parts and parts[0] in words:
            scored.append((sum(p in words for p in parts), adviser))
    best = max((score for score, _ in scored), default=0)
    return [adviser for score, adviser in scored if score == best]
