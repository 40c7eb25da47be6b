"""The answers of the invented inquiries, with the journeys' field names and choice values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

Answers = dict[str, Any]


def dmy(now: datetime, years: int, day: int, month: int) -> str:
    """A birth date ``years`` before now, as the forms take it (24-12-2015)."""
    return f"{day:02d}-{month:02d}-{now.year - years}"


def asked(
    *,
    topics: list[str],
    age_band: str,
    message: str,
    safe: str = "yes",
    wants_answer: str = "yes",
    name: str = "",
    school: str = "",
    phone: str = "",
) -> Answers:
    """portal/ask/forms.py."""
    answers: Answers = {
        "safe": safe,
        "topics": topics,
        "message": message,
        "wants_answer": wants_answer,
        "age_band": age_band,
        "identity": "named" if name else "anonymous",
    }
    if name:
        answers.update(name=name, school=school, phone=phone)
    return answers


def applied(
    *,
    applicant: str,
    support: str,
    child_name: str,
    child_birth_date: str,
    district: str,
    reason: str,
    name: str,
    phone: str = "",
    email: str = "",
    child_view: str = "",
    child_knows: str = "yes",
    consent_to: tuple[str, ...] = ("school",),
) -> Answers:
    """portal/apply/forms.py (no CPR step: the demo has no 'disability' application); the
    consent names whom we may ask (``consent_to``), or none was given."""
    answers: Answers = {
        "applicant": applicant,
        "support": support,
        "child_name": child_name,
        "child_birth_date": child_birth_date,
        "district": district,
        "reason": reason,
        "name": name,
        "phone": phone,
        "email": email,
        "may_ask": "yes" if consent_to else "no",
    }
    if consent_to:
        answers.update(sources=list(consent_to), other_source="")
    if applicant == "parent":
        answers.update(child_view=child_view, child_knows=child_knows)
    return answers


def a_child(name: str, age: str, address: str, school: str, district: str | None) -> Answers:
    """The report's ChildForm; ``None`` is "I do not know" the district."""
    return {
        "child_name": name,
        "child_age": age,
        "child_address": address,
        "child_school": school,
        "district": district or "unknown",
    }


def _concern(
    child: Answers,
    *,
    danger: str,
    concern: str,
    child_words: str,
    actions: str,
    parents_know: str,
    child_knows: str,
) -> Answers:
    return {
        "danger": danger,
        **child,
        "concern": concern,
        "child_words": child_words,
        "actions": actions,
        "parents_know": parents_know,
        "child_knows": child_knows,
    }


def professional(
    *,
    danger: str,
    name: str,
    workplace: str,
    role: str,
    email: str,
    child: Answers,
    concern: str,
    parents_know: str,
    child_knows: str,
    phone: str = "",
    child_words: str = "",
    actions: str = "",
) -> Answers:
    """portal/report/forms.py, a professional reporter."""
    return {
        "reporter": "professional",
        "name": name,
        "workplace": workplace,
        "role": role,
        "email": email,
        "phone": phone,
        **_concern(
            child,
            danger=danger,
            concern=concern,
            child_words=child_words,
            actions=actions,
            parents_know=parents_know,
            child_knows=child_knows,
        ),
    }


def citizen(
    *,
    danger: str,
    child: Answers,
    concern: str,
    parents_know: str,
    child_knows: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    child_words: str = "",
    actions: str = "",
) -> Answers:
    """portal/report/forms.py, a private person, anonymous unless a name is given."""
    answers: Answers = {"reporter": "citizen", "identity": "named" if name else "anonymous"}
    if name:
        answers.update(name=name, phone=phone, email=email)
    answers.update(
        _concern(
            child,
            danger=danger,
            concern=concern,
            child_words=child_words,
            actions=actions,
            parents_know=parents_know,
            child_knows=child_knows,
        )
    )
    return answers


def said(
    *,
    age_band: str,
    how: list[str] | None = None,
    with_whom: str = "",
    feel_safe: str = "",
    feelings: dict[str, str | None] | None = None,
    good: str = "",
    hard: str = "",
    wish: str = "",
    to_a_person: bool = False,
    adviser: str = "",
    parents_may_see: str | None = None,
    hear_back: list[str] | None = None,
) -> Answers:
    """portal/say/forms.py; skipped questions as the forms store them ("", None, [])."""
    answers: Answers = {
        "age_band": age_band,
        "how": how or [],
        "with_whom": with_whom,
        "feel_safe": feel_safe,
        "good": good,
        "hard": hard,
        "wish": wish,
        "to_a_person": ["yes"] if to_a_person else [],
        "adviser": adviser,
        "parents_may_see": parents_may_see,
        "hear_back": hear_back or [],
    }
    if age_band == "6-9":  # the feeling scales are asked of the youngest only
        scales = feelings or {}
        answers.update({k: scales.get(k) for k in ("home", "school", "friends", "free_time")})
    return answers


def advised(
    *,
    asker: str,
    question: str,
    age_band: str | None = None,
    topics: list[str] | None = None,
    wants_answer: str = "yes",
) -> Answers:
    """portal/advice/forms.py: no name anywhere; skipped questions as the forms store them."""
    return {
        "asker": asker,
        "age_band": age_band,
        "topics": topics or [],
        "question": question,
        "wants_answer": wants_answer,
    }
