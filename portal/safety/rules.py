"""Which answers make an inquiry a possible safety case (no Flask: the caller passes the list)."""

from __future__ import annotations

from collections.abc import Iterable

from portal.safety.screening import ScreeningList

# "Are you safe right now?" answers, and "What is it about?" topics, that raise the flag.
UNSAFE_ANSWERS = {"no": "not_safe", "unsure": "unsure_safe"}
HURT_TOPICS = {
    "hurt": "topic_hurt",
    "self_harm": "topic_self_harm",
    # A family asking for advice (portal/advice): about violence, or a child's self-harm.
    "violence": "topic_violence",
    "child_self_harm": "topic_child_self_harm",
}


def reasons_for(
    screening: ScreeningList,
    *,
    safe: str | None = None,
    topics: Iterable[str] = (),
    texts: Iterable[str | None] = (),
    later_message: bool = False,
) -> list[str]:
    """The reasons (portal.safety.models.REASONS) in what a child (or a family asking for
    advice) answered and wrote; an empty list when none. ``later_message``: the texts are a
    message in a conversation."""
    reasons = []
    if safe in UNSAFE_ANSWERS:
        reasons.append(UNSAFE_ANSWERS[safe])
    reasons += [HURT_TOPICS[t] for t in HURT_TOPICS if t in set(topics)]
    if screening.screen_all(t for t in texts if t):
        reasons.append("message_words" if later_message else "words")
    return reasons
