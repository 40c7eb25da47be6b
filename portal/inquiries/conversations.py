"""Coming back to a conversation: find it by its six words; new words from staff.

Only the whole passphrase finds anything (its keyed hash, portal.security.passphrases),
and every wrong try is answered alike and takes the same time (one argon2 check), so
someone who knows nothing, or three of the words, can neither tell that a conversation
exists nor slow its owner down: guessing is limited per client and in total by the
conversation page's rate limits, never per conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.inquiries.models import Conversation, RetiredPassphrase
from portal.security import passphrases
from portal.working_days import TZ


@dataclass(frozen=True)
class Opened:
    conversation_id: str


@dataclass(frozen=True)
class Changed:
    """Words staff have replaced: the child is told so, and how to get the new ones."""


def find(ctx: Context, typed: str) -> Opened | Changed | None:
    """The conversation these words open; Changed for words staff replaced; None if no match.

    One indexed look-up by the keyed hash of the whole passphrase; the look-ups for words
    from before migration 0009 run for every try that is not the right one. Exactly one
    argon2 check runs, on the stored hash or a dummy one. A conversation from before gets
    its keyed hash when its words open it.
    """
    s, pepper = ctx.session, pepper_of(ctx)
    phrase = passphrases.normalize(typed) or ""
    key = passphrases.passphrase_key(phrase, pepper)
    found = s.scalars(select(Conversation).where(Conversation.passphrase_key == key)).first()
    if found is not None:
        opened = passphrases.verify(found.passphrase_hash, phrase, pepper)
        return Opened(found.id) if opened else None
    replaced = s.scalars(
        select(RetiredPassphrase.id).where(RetiredPassphrase.passphrase_key == key)
    ).first()
    legacy = passphrases.legacy_lookup_key(phrase, pepper)
    old_conversations = s.scalars(
        select(Conversation).where(Conversation.legacy_lookup == legacy)
    ).all()
    old_replaced = s.scalars(
        select(RetiredPassphrase).where(RetiredPassphrase.legacy_lookup == legacy)
    ).all()
    if replaced is not None or not (old_conversations or old_replaced):
        passphrases.verify(None, phrase, pepper)
        return Changed() if replaced is not None else None
    # Three right words of a conversation from before: its hash decides (one check, as
    # for any other try, unless two such conversations share their first three words).
    for conversation in old_conversations:
        if passphrases.verify(conversation.passphrase_hash, phrase, pepper):
            conversation.passphrase_key, conversation.legacy_lookup = key, None
            return Opened(conversation.id)
    for retired in old_replaced:
        if passphrases.verify(retired.passphrase_hash, phrase, pepper):
            retired.passphrase_key, retired.legacy_lookup, retired.passphrase_hash = key, None, None
            return Changed()
    return None


def pepper_of(ctx: Context) -> str:
    """The secret key the words are hashed with (portal.security.passphrases)."""
    return passphrases.pepper(ctx.settings)


def start(ctx: Context, conversation: Conversation) -> str:
    """Give a new conversation its words, in the language of the person writing (the list
    of ``ctx.locale``); returns them (shown once, never stored)."""
    pepper = pepper_of(ctx)
    phrase = _new_phrase(ctx.session, pepper, ctx.locale)
    _store(conversation, phrase, pepper)
    return phrase


def new_words(ctx: Context, conversation: Conversation) -> str:
    """Replace the conversation's words now: the old ones are kept only to say they were
    changed. Returns the new words (shown once, never stored); the caller ends the
    conversation's sessions. The words are in the language of whoever makes them (staff
    read them out or hand them over)."""
    s, pepper = ctx.session, pepper_of(ctx)
    # Words from before migration 0009 are known only by their old look-up and hash.
    legacy = conversation.passphrase_key is None
    s.add(
        RetiredPassphrase(
            conversation_id=conversation.id,
            passphrase_key=conversation.passphrase_key,
            legacy_lookup=conversation.legacy_lookup if legacy else None,
            passphrase_hash=conversation.passphrase_hash if legacy else None,
            retired_at=ctx.now,
        )
    )
    phrase = _new_phrase(s, pepper, ctx.locale)
    _store(conversation, phrase, pepper)
    return phrase


def _new_phrase(s: Session, pepper: str, locale: str) -> str:
    """Six new words that no conversation has, and none had (a clash is one in 2^66)."""
    # Not flushed first: the conversation being given its words may not have them yet.
    with s.no_autoflush:
        while True:
            phrase = passphrases.generate(locale)
            key = passphrases.passphrase_key(passphrases.canonical(phrase), pepper)
            taken = s.scalar(select(Conversation.id).where(Conversation.passphrase_key == key))
            retired = s.scalar(
                select(RetiredPassphrase.id).where(RetiredPassphrase.passphrase_key == key)
            )
            if taken is None and retired is None:
                return phrase


def _store(conversation: Conversation, shown: str, pepper: str) -> None:
    """Keep the words as they are typed back (``passphrases.canonical``): one form
    whatever the keyboard, and a Danish passphrase exactly as before."""
    phrase = passphrases.canonical(shown)
    conversation.passphrase_key = passphrases.passphrase_key(phrase, pepper)
    conversation.legacy_lookup = None
    conversation.passphrase_hash = passphrases.hash_passphrase(phrase, pepper)


def answer_due(conversation: Conversation) -> date | None:
    """The day we promise the next answer by: the promise of the message that waits
    (portal.inquiries.promises), else the feedback date of a consultation; None if nothing
    waits."""
    inquiry = conversation.inquiry
    if inquiry.answer_due is not None:
        return inquiry.answer_due.astimezone(TZ).date()
    if (
        inquiry.closed_at is None
        and inquiry.feedback_due is not None
        and inquiry.feedback_given_at is None
    ):
        return inquiry.feedback_due.astimezone(TZ).date()
    return None
