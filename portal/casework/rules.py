"""The casework rules: which step may be taken on a case in which state, by which role.

One table, ``ACTIONS``: for each step the roles that take it and the checks it waits for,
in the order they are told. Each check says, when it fails, what to do first, and how far
it reaches (``Level``): whether the step still applies to the case at all, whether
something else comes first, or whether the case page offers the step anyway and explains
on the press (closing before the receipt to the reporter is recorded).

The services call ``require`` before a step; the step's page asks ``applies`` (a page whose
step no longer applies goes back to the case); the case page shows its buttons by
``offered_actions``. Who may open a case at all is the access policy
(``portal.staff.policy.POLICY``), asked before any of this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from portal.casework.models import REPORT_OUTCOMES, SAFETY_OUTCOMES
from portal.core.text import N_, Message
from portal.inquiries import kinds
from portal.inquiries.models import Inquiry
from portal.staff.models import StaffUser
from portal.staff.policy import CASEWORKERS

REPORT = kinds.REPORT
# Kinds where a child speaks for themself and gets the Lundy feedback before closing.
CHILD_KINDS = kinds.CHILDS_OWN

ASSESS = "assess"
TRIAGE = "triage"
ASSIGN = "assign"
CONVERT = "convert"
REPLY = "reply"
CLOSE = "close"
RECEIPT = "receipt"
REPORTER_FEEDBACK = "reporter_feedback"
NEW_WORDS = "new_words"
# Hearing the child: the participation note, the decision with its feedback, the invitation.
NOTE = "note"
DECISION = "decision"
INVITE = "invite"


class CaseworkError(ValueError):
    """The step cannot be taken now; the message (translated when shown) says what first."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class Level(Enum):
    """How far a failed check reaches."""

    # The step does not apply to the case: no button, its page goes back to the case, and
    # the service refuses.
    APPLIES = "applies"
    # Something else comes first: no button; the step's page still opens (what is typed
    # there is kept) and sending it is refused with the message.
    FIRST = "first"
    # The case page offers the step; pressing it is refused with the message.
    ON_PRESS = "on_press"


# A condition on the state of a case.
Condition = Callable[[Inquiry], bool]


@dataclass(frozen=True)
class Check:
    """A condition of a step, and what to do first when it does not hold."""

    holds: Condition
    message: Message
    level: Level = Level.FIRST


@dataclass(frozen=True)
class Rule:
    """Who takes a step, what it waits for (in the order told), and when it is done
    already (the case page no longer offers it; taking it again changes nothing)."""

    roles: tuple[str, ...]
    checks: tuple[Check, ...]
    done: Condition | None = None


# -- the state of a case, as the rules read it -------------------------------------------


def childs_own(inquiry: Inquiry) -> bool:
    """A child spoke for themself (also when staff made it a report of concern since): the
    case ends with feedback to the child, not by closing."""
    return inquiry.form_kind in CHILD_KINDS


def flagged(inquiry: Inquiry) -> bool:
    """A possible danger waits for its assessment (``safety_flagged_at`` is set exactly while
    a safety flag is open: portal.safety.services.raise_flag and end_flag)."""
    return inquiry.safety_flagged_at is not None


def assessment_outcomes(inquiry: Inquiry) -> tuple[str, ...]:
    """What a 24-hour assessment of this inquiry can conclude now; () when none is due."""
    if inquiry.closed_at is not None:
        return ()
    if inquiry.kind == REPORT:
        return REPORT_OUTCOMES if inquiry.assessed_at is None or flagged(inquiry) else ()
    return SAFETY_OUTCOMES if flagged(inquiry) else ()


def _open(inquiry: Inquiry) -> bool:
    return inquiry.closed_at is None


def _assessment_due(inquiry: Inquiry) -> bool:
    return bool(assessment_outcomes(inquiry))


def _not_assessed_already(inquiry: Inquiry) -> bool:
    """Not a report whose assessment is behind it (and no new danger to assess)."""
    return _assessment_due(inquiry) or not (
        inquiry.kind == REPORT and inquiry.assessed_at is not None
    )


def _report_assessed(inquiry: Inquiry) -> bool:
    """Not a report whose 24-hour assessment is still to be made."""
    return inquiry.kind != REPORT or inquiry.assessed_at is not None


def _no_danger(inquiry: Inquiry) -> bool:
    return not flagged(inquiry)


def _not_report(inquiry: Inquiry) -> bool:
    return inquiry.kind != REPORT


def _has_conversation(inquiry: Inquiry) -> bool:
    return inquiry.conversation is not None


def _not_anonymised(inquiry: Inquiry) -> bool:
    return inquiry.anonymised_at is None


def _not_family_advice(inquiry: Inquiry) -> bool:
    """Anonymous advice to a family (§ 29) has no child's case to decide or note on."""
    return inquiry.kind != kinds.FAMILY_ADVICE.id


def _not_waiting_for_feedback(inquiry: Inquiry) -> bool:
    """Not a child's own case before its feedback (that is what closes it)."""
    return not childs_own(inquiry) or inquiry.feedback_given_at is not None


def _triaged_or_answered(inquiry: Inquiry) -> bool:
    return inquiry.triaged_at is not None or inquiry.feedback_given_at is not None


def _receipt_recorded(inquiry: Inquiry) -> bool:
    return inquiry.receipt_due is None or inquiry.receipt_sent_at is not None


def _receipt_due(inquiry: Inquiry) -> bool:
    return inquiry.receipt_due is not None


def _receipt_sent(inquiry: Inquiry) -> bool:
    return inquiry.receipt_sent_at is not None


def _reporter_feedback_due(inquiry: Inquiry) -> bool:
    return inquiry.reporter_feedback_due is not None


def _no_reporter_feedback_yet(inquiry: Inquiry) -> bool:
    return inquiry.reporter_feedback_at is None


def _triaged(inquiry: Inquiry) -> bool:
    return inquiry.triaged_at is not None


def _has_a_child(inquiry: Inquiry) -> bool:
    """A case about a child who can be asked: not a family's anonymous question, and not a
    child's view given for another case (the child is asked on that case)."""
    return inquiry.kind != kinds.FAMILY_ADVICE.id and inquiry.form_kind != kinds.CHILDS_VIEW.id


APPLIES, FIRST, ON_PRESS = Level.APPLIES, Level.FIRST, Level.ON_PRESS
CLOSED = N_("The case is closed.")
DANGER_FIRST = N_("Assess the possible danger first.")
REPORT_FIRST = N_("Assess the report first: is acute action needed?")
NO_CHILDS_CASE = N_("Anonymous advice has no child's case to record this on.")

# The steps of casework. Every check of a step is listed in the order its message is told.
ACTIONS: dict[str, Rule] = {
    # The 24-hour assessment (§ 136) of a report of concern, or of a possible danger.
    ASSESS: Rule(
        CASEWORKERS,
        (
            Check(_not_assessed_already, N_("This report has already been assessed."), APPLIES),
            Check(
                _assessment_due,
                N_("Only reports of concern and possible safety cases are assessed."),
                APPLIES,
            ),
        ),
    ),
    # Route, district and adviser; may be taken again.
    TRIAGE: Rule(
        CASEWORKERS,
        (
            Check(_open, CLOSED),
            Check(_report_assessed, REPORT_FIRST),
            Check(_no_danger, DANGER_FIRST),
        ),
    ),
    # Give the case to the adviser the child named, in one click.
    ASSIGN: Rule(("reception", "leader"), (Check(_open, CLOSED),)),
    # Treat any inquiry as a report of concern.
    CONVERT: Rule(
        CASEWORKERS,
        (
            Check(_not_report, N_("This is already a report of concern.")),
            Check(_open, CLOSED),
        ),
    ),
    # A message into the conversation.
    REPLY: Rule(
        CASEWORKERS,
        (
            Check(_has_conversation, N_("This inquiry has no conversation to answer in."), APPLIES),
            Check(_open, CLOSED, APPLIES),
        ),
    ),
    # Close a report or application in the portal (the case goes on in the case system), or
    # a child's own case once the child has been told a decision.
    CLOSE: Rule(
        CASEWORKERS,
        (
            Check(_open, CLOSED),
            Check(
                _not_waiting_for_feedback,
                N_("Record a decision and tell the child about it before you close the case."),
            ),
            Check(_no_danger, DANGER_FIRST),
            Check(_report_assessed, REPORT_FIRST),
            Check(_triaged_or_answered, N_("Triage the inquiry before closing it.")),
            Check(
                _receipt_recorded,
                N_("Record the receipt to the reporter before closing."),
                ON_PRESS,
            ),
        ),
    ),
    # The receipt to a professional reporter was sent (stops the 6-working-day clock).
    RECEIPT: Rule(
        CASEWORKERS,
        (Check(_receipt_due, N_("No receipt is due on this inquiry.")), Check(_open, CLOSED)),
        done=_receipt_sent,
    ),
    # § 138: the professional reporter is told whether an investigation or support began.
    REPORTER_FEEDBACK: Rule(
        CASEWORKERS,
        (
            Check(_reporter_feedback_due, N_("No § 138 feedback is due on this inquiry."), APPLIES),
            Check(
                _no_reporter_feedback_yet,
                N_("The reporter has already had the § 138 feedback."),
                APPLIES,
            ),
            Check(_open, CLOSED),
            Check(_triaged, N_("Triage the report first: the feedback tells what was decided.")),
        ),
    ),
    # End the conversation on every device and make new secret words.
    NEW_WORDS: Rule(
        CASEWORKERS,
        (
            Check(_has_conversation, N_("This inquiry has no conversation."), APPLIES),
            Check(_not_anonymised, N_("This inquiry has no conversation."), APPLIES),
        ),
    ),
    # -- hearing the child, and the decision with its feedback ---------------------------
    # Inddragelsesnotat: how the child took part in one contact, in the child's own words.
    NOTE: Rule(
        ("adviser", "leader"),
        (
            Check(_open, CLOSED, APPLIES),
            Check(_not_anonymised, N_("This inquiry was anonymised."), APPLIES),
            Check(_not_family_advice, NO_CHILDS_CASE, APPLIES),
        ),
    ),
    # A decision, or the outcome of a meeting, with the feedback to the child (Lundy:
    # Influence): many rounds; none closes the case. A final one needs the child's view
    # before it, or the reason they were not heard (casework/decisions.py).
    DECISION: Rule(
        ("adviser", "leader"),
        (
            Check(_open, CLOSED, APPLIES),
            Check(_not_family_advice, NO_CHILDS_CASE, APPLIES),
            Check(_no_danger, DANGER_FIRST),
            Check(_report_assessed, REPORT_FIRST),
        ),
    ),
    # "Ask the child": a one-time code for the child to give their view on this case.
    INVITE: Rule(
        ("adviser", "leader"),
        (
            Check(_has_a_child, N_("There is no child to ask on this case."), APPLIES),
            Check(_not_anonymised, N_("This case was anonymised."), APPLIES),
            Check(_open, CLOSED, APPLIES),
        ),
    ),
}

NOT_YOUR_ROLE = N_("Your role does not allow this step.")


def roles(action: str) -> tuple[str, ...]:
    """The roles that take ``action`` (what its views' ``staff_required`` names)."""
    return ACTIONS[action].roles


def role_allows(action: str, user: StaffUser) -> bool:
    """Whether ``user``'s role takes ``action`` at all."""
    return user.role in ACTIONS[action].roles


EVERY_LEVEL = frozenset(Level)
APPLYING = frozenset({APPLIES})
NOT_ON_PRESS = frozenset({APPLIES, FIRST})


def _first_failing(action: str, inquiry: Inquiry, levels: frozenset[Level]) -> Check | None:
    return next(
        (
            check
            for check in ACTIONS[action].checks
            if check.level in levels and not check.holds(inquiry)
        ),
        None,
    )


def applies(action: str, inquiry: Inquiry, user: StaffUser) -> bool:
    """The step applies to the case for ``user`` (its page opens), though something may
    come first."""
    return role_allows(action, user) and _first_failing(action, inquiry, APPLYING) is None


def allowed(action: str, inquiry: Inquiry, user: StaffUser) -> bool:
    """``user`` may take the step now: ``require`` passes."""
    return role_allows(action, user) and _first_failing(action, inquiry, EVERY_LEVEL) is None


def offered(action: str, inquiry: Inquiry, user: StaffUser) -> bool:
    """The case page offers the step: it is allowed, or refused only with an explanation
    on the press, and not done already."""
    rule = ACTIONS[action]
    return (
        role_allows(action, user)
        and _first_failing(action, inquiry, NOT_ON_PRESS) is None
        and not (rule.done is not None and rule.done(inquiry))
    )


def allowed_actions(inquiry: Inquiry, user: StaffUser) -> frozenset[str]:
    """Every step ``user`` may take on the case now."""
    return frozenset(action for action in ACTIONS if allowed(action, inquiry, user))


def offered_actions(inquiry: Inquiry, user: StaffUser) -> frozenset[str]:
    """The steps the case page shows ``user`` (its template asks ``"assess" in actions``)."""
    return frozenset(action for action in ACTIONS if offered(action, inquiry, user))


def require(action: str, inquiry: Inquiry, user: StaffUser) -> None:
    """Raise ``CaseworkError`` with what to do first unless ``user`` may take the step now."""
    if not role_allows(action, user):
        raise CaseworkError(NOT_YOUR_ROLE)
    failing = _first_failing(action, inquiry, EVERY_LEVEL)
    if failing is not None:
        raise CaseworkError(failing.message)
