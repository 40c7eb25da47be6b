"""Imports every model so that Base.metadata (and Alembic) sees the whole schema."""

from portal.apply.models import Consent
from portal.casesystem.models import CaseSystemAck, CaseSystemClient
from portal.casework.models import (
    Assessment,
    ChildFeedback,
    Conversion,
    FeltHeard,
    ParticipationNote,
    ReporterFeedback,
    StaffDraft,
    Triage,
)
from portal.districts import District
from portal.inquiries.models import (
    AnswerWait,
    Conversation,
    Draft,
    Inquiry,
    Message,
    ParticipationRecord,
)
from portal.invitations.models import Invitation
from portal.outbox.models import OutboxEvent
from portal.push.models import PushSubscription, StaffPushSubscription
from portal.safety.models import SafetyFlag
from portal.staff.models import (
    AuditEntry,
    AuditPurge,
    RecoveryCode,
    StaffDistrict,
    StaffSession,
    StaffUser,
)
from portal.visits.models import VisitorSession

__all__ = [
    "AnswerWait",
    "Assessment",
    "AuditEntry",
    "AuditPurge",
    "CaseSystemAck",
    "CaseSystemClient",
    "ChildFeedback",
    "Consent",
    "Conversation",
    "Conversion",
    "District",
    "Draft",
    "FeltHeard",
    "Inquiry",
    "Invitation",
    "Message",
    "OutboxEvent",
    "ParticipationNote",
    "ParticipationRecord",
    "PushSubscription",
    "RecoveryCode",
    "ReporterFeedback",
    "SafetyFlag",
    "StaffDistrict",
    "StaffDraft",
    "StaffPushSubscription",
    "StaffSession",
    "StaffUser",
    "Triage",
    "VisitorSession",
]
