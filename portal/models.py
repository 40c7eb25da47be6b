"""Imports every model so that Base.metadata (and Alembic) sees the whole schema."""

from portal.districts import District
from portal.inquiries.models import Conversation, Draft, Inquiry, Message, ParticipationRecord

__all__ = ["Conversation", "District", "Draft", "Inquiry", "Message", "ParticipationRecord"]
