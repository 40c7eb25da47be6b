"""The leaders' figures: counts and timestamps only, aggregated in SQL.

Nothing here selects a sealed column (answers, Lundy records, messages, reasoning): the
figures are counts, and the only values read row by row are the timestamps a median
needs. Weeks are ISO weeks in Europe/Copenhagen time; their boundaries are computed
here and handed to the database as a CASE expression, so the same GROUP BY works on
SQLite and PostgreSQL (which share no week function).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Integer, and_, case, exists, func, literal, select
from sqlalchemy.orm import QueryableAttribute, Session

from portal.casework.models import KINDS
from portal.districts import District
from portal.inquiries import kinds
from portal.inquiries.models import AnswerWait, Conversation, Inquiry, ParticipationRecord
from portal.safety.models import SafetyFlag
from portal.working_days import TZ

PERIOD_WEEKS = (4, 8, 13, 26, 52)
SAFETY_MONTHS = 12  # the safety line's table: this month and the eleven before it
DEFAULT_WEEKS = 8
AGE_BANDS = ("6-9", "10-13", "14-17")
NO_BAND = "(none)"  # in a query only: a participation record without an age band


def chosen(raw: str | None, offered: Sequence[int], default: int) -> int:
    """A period length asked for in the query string, if it is one ``offered``; else
    ``default``."""
    try:
        number = int(raw or "")
    except ValueError:
        return default
    return number if number in offered else default


def weeks_from(raw: str | None) -> int:
    """The number of weeks asked for in the query string; anything else gives the default."""
    return chosen(raw, PERIOD_WEEKS, DEFAULT_WEEKS)


@dataclass(frozen=True)
class Period:
    """``weeks`` whole ISO weeks, the last one being the current week, up to ``end`` (now)."""

    weeks: int
    end: datetime
    # Monday 00:00 Copenhagen time of each week, oldest first.
    week_starts: tuple[datetime, ...]

    @classmethod
    def ending(cls, now: datetime, weeks: int) -> Period:
        """The period of ``weeks`` ISO weeks that ends at ``now``."""
        today = now.astimezone(TZ).date()
        monday = today - timedelta(days=today.weekday())
        mondays = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
        # Combined in local time, so a week with a DST change is 167 or 169 hours long.
        return cls(weeks, now, tuple(datetime.combine(d, time(), TZ) for d in mondays))

    @property
    def start(self) -> datetime:
        """Monday 00:00 (Copenhagen) of the first week."""
        return self.week_starts[0]

    @property
    def week_dates(self) -> tuple[date, ...]:
        """The Monday of each week."""
        return tuple(w.date() for w in self.week_starts)

    def received(self) -> ColumnElement[bool]:
        """Inquiries received in the period."""
        return and_(Inquiry.received_at >= self.start, Inquiry.received_at <= self.end)

    def week_index(self) -> ColumnElement[int]:
        """0 for the first week of the period, 1 for the next, ... (for received_at)."""
        boundaries = self.week_starts[1:]
        if not boundaries:
            return literal(0, Integer)
        return case(
            *((Inquiry.received_at < b, i) for i, b in enumerate(boundaries)),
            else_=len(boundaries),
        )


@dataclass(frozen=True)
class DeadlineShare:
    """How one legal clock went for the inquiries of the period."""

    on_time: int  # done by the deadline
    late: int  # done after it
    overdue: int  # not done, deadline passed
    running: int  # not done, deadline still ahead: not counted in the share

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def share(self) -> float | None:
        """On time out of those whose outcome is known; None when there are none."""
        return self.on_time / self.counted if self.counted else None


@dataclass(frozen=True)
class ReplyTimes:
    """Time from receipt to the first reply in the conversation, for one kind (or all)."""

    kind: str | None  # None: all kinds
    replied: int
    waiting: int  # a conversation, but no reply yet
    median: timedelta | None


@dataclass(frozen=True)
class ConsultationFeedback:
    """Consultations (Have your say) closed with feedback to the child."""

    closed_with_feedback: int
    closed_without_feedback: int
    open_overdue: int  # open, and the promised feedback date has passed
    open_running: int  # open, feedback date ahead (or none set)

    @property
    def closed(self) -> int:
        return self.closed_with_feedback + self.closed_without_feedback

    @property
    def share(self) -> float | None:
        """Closed with feedback out of all closed; None when none are closed."""
        return self.closed_with_feedback / self.closed if self.closed else None


@dataclass(frozen=True)
class Promises:
    """Messages from children and families waiting for an answer in the period: answered by
    the day they were promised, later, or not yet although the day has passed."""

    on_time: int
    late: int
    overdue: int  # not answered, the promised day has passed

    @property
    def share(self) -> float | None:
        """Answered on time out of those whose outcome is known; None when there are none."""
        counted = self.on_time + self.late + self.overdue
        return self.on_time / counted if counted else None


@dataclass(frozen=True)
class AfterClosing:
    """Messages that came after a case was closed (and opened it again), in the period."""

    messages: int
    answered: int
    median_to_answer: timedelta | None


@dataclass(frozen=True)
class SafetyMonth:
    """The safety line in one calendar month (Copenhagen): flags raised, how soon a person
    opened the case after the words arrived, and how many alerts had to go again."""

    month: date  # its first day
    flagged: int
    opened: int  # of those, opened by a member of staff (so far)
    median_to_open: timedelta | None
    p90_to_open: timedelta | None
    escalated: int


@dataclass(frozen=True)
class Figures:
    """Everything the figures page shows, for one period."""

    period: Period
    kinds: tuple[str, ...]
    by_week: dict[str, list[int]]  # kind -> count per week of the period
    districts: list[tuple[str | None, str]]  # (slug, name); None is "no district yet"
    by_district: dict[str | None, dict[str, int]]  # slug -> kind -> count
    assessment: DeadlineShare
    receipt: DeadlineShare
    replies: list[ReplyTimes]  # one per kind with any conversation, then all kinds
    consultations: ConsultationFeedback
    age_bands: list[tuple[str | None, int]]  # None: not given
    safety: list[SafetyMonth]  # oldest month first
    promises: Promises
    after_closing: AfterClosing

    @property
    def week_totals(self) -> list[int]:
        """All kinds together, per week."""
        return [sum(week) for week in zip(*self.by_week.values(), strict=True)]

    @property
    def total(self) -> int:
        return sum(self.week_totals)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    # COUNT of a CASE that is NULL otherwise: portable, unlike FILTER on older SQLite.
    return func.count(case((condition, 1)))


def by_week(s: Session, period: Period) -> dict[str, list[int]]:
    """Inquiries received per ISO week of the period, by kind."""
    weekly = (
        select(Inquiry.kind.label("kind"), period.week_index().label("week"))
        .where(period.received())
        .subquery()
    )
    # Grouped by the subquery's columns: PostgreSQL cannot tell that a CASE with bound
    # parameters in SELECT and in GROUP BY is the same expression.
    rows = s.execute(
        select(weekly.c.kind, weekly.c.week, func.count()).group_by(weekly.c.kind, weekly.c.week)
    )
    counts: dict[str, list[int]] = {kind: [0] * period.weeks for kind in KINDS}
    for kind, week, number in rows:
        counts.setdefault(kind, [0] * period.weeks)[int(week)] += number
    return counts


def by_district(s: Session, period: Period) -> dict[str | None, dict[str, int]]:
    """Inquiries received in the period by district (None: not yet placed) and kind."""
    rows = s.execute(
        select(Inquiry.district_slug, Inquiry.kind, func.count())
        .where(period.received())
        .group_by(Inquiry.district_slug, Inquiry.kind)
    )
    counts: dict[str | None, dict[str, int]] = {}
    for slug, kind, number in rows:
        counts.setdefault(slug, {})[kind] = number
    return counts


def districts(s: Session, used: Sequence[str | None]) -> list[tuple[str | None, str]]:
    """Active districts and any retired one with inquiries, by name; then None (no district)."""
    rows = s.execute(select(District.slug, District.name, District.active).order_by(District.name))
    found: list[tuple[str | None, str]] = [
        (slug, name) for slug, name, active in rows if active or slug in used
    ]
    return [*found, (None, "")]


def deadline_share(
    s: Session,
    period: Period,
    due: QueryableAttribute[datetime | None],
    done: QueryableAttribute[datetime | None],
) -> DeadlineShare:
    """A legal clock (deadline column, done-at column) over the period's reports of concern."""
    row = s.execute(
        select(
            _count_if(and_(done.is_not(None), done <= due)),
            _count_if(and_(done.is_not(None), done > due)),
            _count_if(and_(done.is_(None), due < period.end)),
            _count_if(and_(done.is_(None), due >= period.end)),
        ).where(
            period.received(),
            Inquiry.kind == kinds.REPORT_OF_CONCERN.id,
            due.is_not(None),
        )
    ).one()
    return DeadlineShare(*row)


def median(durations: list[timedelta]) -> timedelta | None:
    """The middle duration (the mean of the middle two for an even count); None if none."""
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def reply_times(s: Session, period: Period) -> list[ReplyTimes]:
    """Median time to the first reply, by kind and for all; and how many still wait."""
    replied = s.execute(
        select(Inquiry.kind, Inquiry.received_at, Inquiry.first_reply_at).where(
            period.received(), Inquiry.first_reply_at.is_not(None)
        )
    )
    durations: dict[str, list[timedelta]] = {}
    for kind, received_at, first_reply_at in replied:
        assert first_reply_at is not None  # by the WHERE clause
        durations.setdefault(kind, []).append(first_reply_at - received_at)
    # Asked of each inquiry of the period (an index lookup) rather than joined: a join may
    # read every conversation ever opened, however short the period.
    has_conversation = exists().where(Conversation.inquiry_id == Inquiry.id)
    waiting: dict[str, int] = {
        kind: number
        for kind, number in s.execute(
            select(Inquiry.kind, _count_if(has_conversation))
            .where(period.received(), Inquiry.first_reply_at.is_(None))
            .group_by(Inquiry.kind)
        )
        if number
    }
    kinds = [k for k in (*KINDS, *sorted(set(durations) - set(KINDS))) if k in durations]
    kinds += [k for k in sorted(waiting) if k not in kinds]
    rows = [
        ReplyTimes(k, len(durations.get(k, [])), waiting.get(k, 0), median(durations.get(k, [])))
        for k in kinds
    ]
    everything = [d for ds in durations.values() for d in ds]
    rows.append(ReplyTimes(None, len(everything), sum(waiting.values()), median(everything)))
    return rows


def consultation_feedback(s: Session, period: Period) -> ConsultationFeedback:
    """Consultations of the period: closed with or without feedback; open past the date."""
    closed = Inquiry.closed_at.is_not(None)
    given = Inquiry.feedback_given_at.is_not(None)
    row = s.execute(
        select(
            _count_if(and_(closed, given)),
            _count_if(and_(closed, Inquiry.feedback_given_at.is_(None))),
            _count_if(and_(~closed, Inquiry.feedback_due < period.end)),
            _count_if(
                and_(
                    ~closed,
                    (Inquiry.feedback_due.is_(None)) | (Inquiry.feedback_due >= period.end),
                )
            ),
        ).where(period.received(), Inquiry.kind == kinds.CONSULTATION.id)
    ).one()
    return ConsultationFeedback(*row)


def age_bands(s: Session, period: Period) -> list[tuple[str | None, int]]:
    """Participation records of the period's inquiries, by the child's age band."""
    # The record of each inquiry of the period, looked up by its unique inquiry_id (not
    # joined, for the reason in reply_times); NULL when there is none, NO_BAND for a record
    # without an age band.
    band = (
        select(func.coalesce(ParticipationRecord.age_band, NO_BAND))
        .where(ParticipationRecord.inquiry_id == Inquiry.id)
        .scalar_subquery()
    )
    records = select(band.label("band")).where(period.received()).subquery()
    counts: dict[str | None, int] = {
        None if found == NO_BAND else found: number
        for found, number in s.execute(
            select(records.c.band, func.count())
            .where(records.c.band.is_not(None))
            .group_by(records.c.band)
        )
    }
    others = sorted(band for band in counts if band is not None and band not in AGE_BANDS)
    return [(band, counts.get(band, 0)) for band in (*AGE_BANDS, *others, None)]


def percentile(durations: list[timedelta], share: float) -> timedelta | None:
    """The nearest-rank percentile (share 0.9: the time 90 % stayed within); None if none."""
    if not durations:
        return None
    ordered = sorted(durations)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil, at least the first
    return ordered[int(rank) - 1]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(first: date, count: int) -> list[date]:
    months = [first]
    while len(months) < count:
        previous = months[-1] - timedelta(days=1)
        months.append(previous.replace(day=1))
    return months[::-1]


def safety_by_month(s: Session, now: datetime, months: int = SAFETY_MONTHS) -> list[SafetyMonth]:
    """The safety line per calendar month, this month and the ``months`` - 1 before it."""
    firsts = _months_back(_month_start(now.astimezone(TZ).date()), months)
    start = datetime.combine(firsts[0], time(), TZ)
    rows = s.execute(
        select(SafetyFlag.raised_at, SafetyFlag.seen_at, SafetyFlag.escalated_at).where(
            SafetyFlag.raised_at >= start, SafetyFlag.raised_at <= now
        )
    )
    flagged: dict[date, int] = {}
    escalated: dict[date, int] = {}
    to_open: dict[date, list[timedelta]] = {}
    for raised_at, seen_at, escalated_at in rows:
        month = _month_start(raised_at.astimezone(TZ).date())
        flagged[month] = flagged.get(month, 0) + 1
        escalated[month] = escalated.get(month, 0) + (escalated_at is not None)
        if seen_at is not None:
            to_open.setdefault(month, []).append(seen_at - raised_at)
    return [
        SafetyMonth(
            month=m,
            flagged=flagged.get(m, 0),
            opened=len(to_open.get(m, [])),
            median_to_open=median(to_open.get(m, [])),
            p90_to_open=percentile(to_open.get(m, []), 0.9),
            escalated=escalated.get(m, 0),
        )
        for m in firsts
    ]


def promises_kept(s: Session, period: Period) -> Promises:
    """The waits for an answer that began in the period (portal.inquiries.promises)."""
    answered, due, since = AnswerWait.answered_at, AnswerWait.due, AnswerWait.since
    row = s.execute(
        select(
            _count_if(and_(answered.is_not(None), answered <= due)),
            _count_if(and_(answered.is_not(None), answered > due)),
            _count_if(and_(answered.is_(None), due < period.end)),
        ).where(since >= period.start, since <= period.end)
    ).one()
    return Promises(*row)


def after_closing(s: Session, period: Period) -> AfterClosing:
    """Messages after closing in the period, and the median time until they were answered."""
    rows = s.execute(
        select(AnswerWait.since, AnswerWait.answered_at).where(
            AnswerWait.after_closing.is_(True),
            AnswerWait.since >= period.start,
            AnswerWait.since <= period.end,
        )
    ).all()
    answered = [done - at for at, done in rows if done is not None]
    return AfterClosing(len(rows), len(answered), median(answered))


def figures(s: Session, now: datetime, weeks: int) -> Figures:
    """All the figures for the ``weeks`` ISO weeks up to ``now``."""
    period = Period.ending(now, weeks)
    weekly = by_week(s, period)
    placed = by_district(s, period)
    return Figures(
        period=period,
        kinds=tuple(weekly),
        by_week=weekly,
        districts=districts(s, list(placed)),
        by_district=placed,
        assessment=deadline_share(s, period, Inquiry.assess_by, Inquiry.assessed_at),
        receipt=deadline_share(s, period, Inquiry.receipt_due, Inquiry.receipt_sent_at),
        replies=reply_times(s, period),
        consultations=consultation_feedback(s, period),
        age_bands=age_bands(s, period),
        safety=safety_by_month(s, now),
        promises=promises_kept(s, period),
        after_closing=after_closing(s, period),
    )
