"""How each journey heard the child: one participation-record builder (Lundy) per journey.

The journeys' use cases build the record here from the answers; the record's types and
their JSON are portal/inquiries/lundy.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from portal.inquiries.lundy import Audience, Influence, Lundy, Space, Voice


def asked_for_help(
    *, anonymous: bool, safe_now: str, message: str, topics: Sequence[str], wants_answer: bool
) -> Lundy:
    """A child asked for help: read by reception; the answer they want, if any."""
    return Lundy(
        space=Space(channel="portal", anonymous=anonymous, safe_now=safe_now),
        voice=Voice(own_words=message, topics=tuple(topics)),
        audience=Audience(read_by="reception"),
        influence=Influence(wants_answer=wants_answer),
    )


def had_their_say(
    *,
    young: bool,
    how: Sequence[str],
    with_whom: str,
    feel_safe: str,
    feelings: Mapping[str, str | None],
    own_words: Mapping[str, str],
    rather_to_a_person: bool,
    adviser_or_case: str,
    parents_may_see: str | None,
    hear_back: Sequence[str],
    feedback_due: str,
) -> Lundy:
    """A child had their say: a young child (6-9) on feeling scales with pictures, older
    children in open questions; read by their adviser when they named one."""
    return Lundy(
        space=Space(
            how=tuple(how),
            with_whom=with_whom,
            feel_safe=feel_safe,
            told_they_need_not_answer=True,
        ),
        voice=Voice(
            format="feeling scales with pictures" if young else "open questions",
            feelings=dict(feelings) if young else {},
            own_words=dict(own_words),
            rather_to_a_person=rather_to_a_person,
        ),
        audience=Audience(
            read_by="adviser" if adviser_or_case else "reception",
            adviser_or_case=adviser_or_case,
            parents_may_see=parents_may_see,
        ),
        influence=Influence(hear_back=tuple(hear_back), feedback_due=feedback_due),
    )


def told_by_parent(*, child_view: str | None, child_knows: str | None) -> Lundy:
    """A parent's application: the child's view as the parent told it."""
    return Lundy(
        space=Space(channel="portal", heard_through="parent"),
        voice=Voice(own_words=child_view, told_by="parent"),
        audience=Audience(read_by="reception", child_knows=child_knows),
        influence=Influence(),
    )


def asked_by_adviser(
    *, own_words: Mapping[str, str], adviser: str, wants_answer: bool, feedback_due: str
) -> Lundy:
    """A child answered their adviser's invitation: heard on the portal by the adviser who
    asked, in the child's own words by question, told the outcome by the date asked for."""
    return Lundy(
        space=Space(channel="portal", how=("invitation",), told_they_need_not_answer=True),
        voice=Voice(format="open questions", own_words=dict(own_words)),
        audience=Audience(read_by="adviser", adviser_or_case=adviser),
        influence=Influence(wants_answer=wants_answer, feedback_due=feedback_due),
    )
