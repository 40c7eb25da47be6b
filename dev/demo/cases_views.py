"""Invented children's views, asked for by their advisers with a code ("Ask the child")."""

from __future__ import annotations

from sqlalchemy import select

from dev.demo.replay import Replay
from portal.inquiries.models import Inquiry


def add_views(demo: Replay) -> None:
    """An adviser asked a child before a decision and the child answered the next day, with
    secret words; another code, on a second case, still waits for the child."""
    cases = demo.s.scalars(
        select(Inquiry)
        .where(Inquiry.kind == "application", Inquiry.closed_at.is_(None))
        .order_by(Inquiry.received_at)
    ).all()
    if not cases:
        return
    demo.childs_view(
        cases[0],
        demo.nord,
        demo.ago(days=3),
        demo.ago(days=2, hours=5),
        {
            "question_set": "before_decision",
            "decision_think": "Jeg vil gerne have hjælpen. Men ikke hvis jeg skal skifte skole.",
            "decision_matters": "At jeg kan blive i min klasse og se mine venner.",
            "decision_worry": "",
            "write_back": "yes",
        },
        reason="Vi skal beslutte, hvilken hjælp du skal have. Hvad er vigtigt for dig?",
        needed_by=demo.ago(days=-10).date(),
    )
    if len(cases) > 1:
        demo.childs_view(
            cases[1],
            demo.syd,
            demo.ago(days=1),
            None,
            {"question_set": "before_meeting"},
            reason="Vi skal holde møde med dig og din mor i næste uge. Hvad vil du tale om?",
            needed_by=demo.ago(days=-7).date(),
        )
