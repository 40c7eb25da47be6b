"""The participation note (inddragelsesnotat): how the child took part in one contact with
the adviser, in person or through the portal, with the child's views in the child's own
words and how they will be weighed.

Written sealed, in the caller's unit of work, and audited; the case-system feed makes it
a participation record (portal.casesystem.records.note_record). The adviser who writes it
heard the child: they join the Audience of the case's own participation record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.casework import drafts, rules, services
from portal.casework.models import NOTE_FORMS, ParticipationNote
from portal.casework.rules import CaseworkError
from portal.core.context import Context
from portal.core.text import N_
from portal.inquiries.models import Inquiry, new_id
from portal.staff import audit

# From 10, a child is a party in the cases Barnets lov § 3 lists.
PARTY_AGE = 10
HEAR_AS_PARTY = N_(
    "A child of 10 or more is a party in this case (§ 3). Hear the child as a party, "
    'then answer yes to "The child was heard as a party".'
)
CHOOSE_FORM = N_("Choose how the child took part.")
WRITE_VIEWS = N_("Write the child's views and how they will be weighed.")


@dataclass(frozen=True)
class NoteInput:
    """What the adviser records about one contact with the child."""

    form: str  # NOTE_FORMS
    met_at: datetime  # when the contact was
    place: str
    present: str  # who else was there
    bisidder_present: bool
    told_purpose: bool
    offered_bisidder: bool
    child_age: int | None
    party_case: bool  # the case is one where a child of 10 or more is a party (§ 3)
    heard_as_party: bool
    views: str  # in the child's own words
    weighing: str  # how they will be weighed


def heard_as_party_if_due(given: NoteInput) -> bool:
    """§ 3: a child of 10 or more in a case where they are a party is heard as a party."""
    due = given.party_case and given.child_age is not None and given.child_age >= PARTY_AGE
    return not due or given.heard_as_party


def record_note(ctx: Context, case: Inquiry, given: NoteInput) -> ParticipationNote:
    """Record how the child took part; refused (CaseworkError) when a child of 10 or more
    in a § 3 case was not heard as a party."""
    s, user, now = ctx.session, services.staff_of(ctx), ctx.now
    rules.require(rules.NOTE, case, user)
    if given.form not in NOTE_FORMS:
        raise CaseworkError(CHOOSE_FORM)
    if not given.views.strip() or not given.weighing.strip():
        raise CaseworkError(WRITE_VIEWS)
    if not heard_as_party_if_due(given):
        raise CaseworkError(HEAR_AS_PARTY)
    row = ParticipationNote(
        id=new_id(),
        inquiry_id=case.id,
        user_id=user.id,
        at=now,
        met_at=given.met_at,
        form=given.form,
        bisidder_present=given.bisidder_present,
        told_purpose=given.told_purpose,
        offered_bisidder=given.offered_bisidder,
        child_age=given.child_age,
        party_case=given.party_case,
        heard_as_party=given.heard_as_party,
    )
    table = "participation_note"
    row.place = ctx.cipher.encrypt(given.place, table=table, column="place", row_id=row.id)
    row.present = ctx.cipher.encrypt(given.present, table=table, column="present", row_id=row.id)
    row.views = ctx.cipher.encrypt(given.views, table=table, column="views", row_id=row.id)
    row.weighing = ctx.cipher.encrypt(given.weighing, table=table, column="weighing", row_id=row.id)
    s.add(row)
    if case.participation is not None and case.anonymised_at is None:
        services.add_audience(ctx, case.participation, user)
    audit.log(ctx, "note_recorded", inquiry=case, detail=given.form)
    drafts.discard(s, user.id, case.id, "note")  # what it held is recorded
    return row
