"""The leaders' figures on how children take part: per calendar month and district.

Counts only, aggregated in SQL, as in portal.figures.stats: nothing sealed is read. Months
are calendar months in Europe/Copenhagen time, their boundaries computed here and handed
to the database as a CASE expression (one GROUP BY for SQLite and PostgreSQL). The one
figure read row by row is "told by the day of the decision", which compares two times by
the local day: it reads two timestamps of each decision of the period (decisions are few
beside inquiries). The answers to "did you feel heard?" are shown only for groups of at
least MIN_ANSWERS (see ``hidden``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Integer, and_, case, distinct, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from portal.casework.models import (
    FELT_HEARD_ANSWERS,
    NOTE_FORMS,
    ChildFeedback,
    FeltHeard,
    ParticipationNote,
)
from portal.figures.stats import DeadlineShare, chosen, districts
from portal.inquiries import kinds
from portal.inquiries.models import Inquiry, ParticipationRecord
from portal.working_days import TZ

PERIOD_MONTHS = (3, 6, 12)
DEFAULT_MONTHS = 6
# A group of fewer answers than this is not shown (anonymous to the adviser: issue 21).
MIN_ANSWERS = 5
QUESTIONS = ("said_what_wanted", "listened", "understood")  # FeltHeard's columns
# The age bands of participation notes, from the child's age (a note may be about a baby).
NOTE_BANDS = ("0-5", "6-9", "10-13", "14-17", "18+")
NO_BAND = "(none)"  # in a query only
# The form "the child's own inquiry in the portal" beside the note forms.
OWN_INQUIRY = "own_inquiry"
# How an inquiry came (its route): a child, a parent, a professional, a citizen.
ROUTES = ("child", "parent", "professional", "citizen")


def months_from(raw: str | None) -> int:
    """The number of months asked for in the query string; anything else gives the default."""
    return chosen(raw, PERIOD_MONTHS, DEFAULT_MONTHS)


@dataclass(frozen=True)
class Months:
    """``count`` calendar months (Copenhagen), the last one being this month, up to ``end``."""

    firsts: tuple[date, ...]  # the first day of each month, oldest first
    end: datetime

    @classmethod
    def ending(cls, now: datetime, count: int) -> Months:
        first = now.astimezone(TZ).date().replace(day=1)
        firsts = [first]
        while len(firsts) < count:
            firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
        return cls(tuple(reversed(firsts)), now)

    @property
    def starts(self) -> tuple[datetime, ...]:
        """Midnight (Copenhagen) of the first day of each month."""
        return tuple(datetime.combine(d, time(), TZ) for d in self.firsts)

    @property
    def start(self) -> datetime:
        return self.starts[0]

    @property
    def keys(self) -> tuple[str, ...]:
        """'YYYY-MM' of each month (as FeltHeard keeps them)."""
        return tuple(d.strftime("%Y-%m") for d in self.firsts)

    def within(self, column: InstrumentedAttribute[datetime]) -> ColumnElement[bool]:
        return and_(column >= self.start, column <= self.end)

    def index(self, column: InstrumentedAttribute[datetime]) -> ColumnElement[int]:
        """0 for the first month, 1 for the next, ... (for a time within the months)."""
        boundaries = self.starts[1:]
        if not boundaries:
            return literal(0, Integer)
        return case(*((column < b, i) for i, b in enumerate(boundaries)), else_=len(boundaries))

    def of(self, moment: datetime) -> int:
        """The index of the month ``moment`` falls in."""
        return sum(1 for start in self.starts[1:] if moment >= start)


Group = int | str | None  # a month's index, or a district's slug (None: no district)


@dataclass
class Split:
    """One figure's counts per month and per district (each a tuple of numbers)."""

    by_month: dict[int, tuple[int, ...]] = field(default_factory=dict)
    by_district: dict[str | None, tuple[int, ...]] = field(default_factory=dict)
    total: tuple[int, ...] = ()

    def add(self, month: int, district: str | None, counts: Sequence[int]) -> None:
        zero = (0,) * len(counts)
        self.by_month[month] = _plus(self.by_month.get(month, zero), counts)
        self.by_district[district] = _plus(self.by_district.get(district, zero), counts)
        self.total = _plus(self.total or zero, counts)


def _plus(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _split(rows: Iterable[Sequence[object]], width: int) -> Split:
    """Rows of (month index, district, *counts) into a Split."""
    found = Split(total=(0,) * width)
    for month, district, *counts in rows:
        found.add(int(str(month)), None if district is None else str(district),
                  [int(str(n or 0)) for n in counts])  # fmt: skip
    return found


def decisions(s: Session, months: Months) -> Split:
    """Final decisions: (with a documented view of the child before, with a reason the child
    was not heard, neither recorded), by the month decided and the case's district."""
    rows = (
        select(
            months.index(ChildFeedback.at).label("month"),
            Inquiry.district_slug.label("district"),
            ChildFeedback.view_basis.label("basis"),
        )
        .join(Inquiry, Inquiry.id == ChildFeedback.inquiry_id)
        .where(months.within(ChildFeedback.at), ChildFeedback.final.is_(True))
        .subquery()
    )
    return _split(
        s.execute(
            select(
                rows.c.month,
                rows.c.district,
                _count_if(rows.c.basis == "view"),
                _count_if(rows.c.basis == "not_heard"),
                _count_if(rows.c.basis.is_(None)),
            ).group_by(rows.c.month, rows.c.district)
        ),
        3,
    )


def view_share(counts: tuple[int, ...]) -> float | None:
    """Decisions with the child's view before them, out of all final decisions."""
    return counts[0] / sum(counts) if counts and sum(counts) else None


def told(s: Session, months: Months) -> dict[Group, DeadlineShare]:
    """Feedback to the child by the day of the decision (Copenhagen), for every decision or
    meeting of the period: told by then, later, not told and the day is over, not told and
    the day not yet over. Keys: month indexes, districts, and "all"."""
    rows = s.execute(
        select(ChildFeedback.at, ChildFeedback.told_at, Inquiry.district_slug)
        .join(Inquiry, Inquiry.id == ChildFeedback.inquiry_id)
        .where(months.within(ChildFeedback.at))
    )
    tallies: dict[Group, list[int]] = {}
    for at, told_at, district in rows:
        day_ends = datetime.combine(at.astimezone(TZ).date() + timedelta(days=1), time(), TZ)
        if told_at is not None:
            column = 0 if told_at < day_ends else 1
        else:
            column = 2 if months.end >= day_ends else 3
        for key in (months.of(at), district, "all"):
            tallies.setdefault(key, [0, 0, 0, 0])[column] += 1
    return {key: DeadlineShare(*counts) for key, counts in tallies.items()}


@dataclass(frozen=True)
class Answers:
    """The answers to one question in one group: yes, a bit, no."""

    yes: int
    partly: int
    no: int

    @property
    def count(self) -> int:
        return self.yes + self.partly + self.no


def felt_heard(s: Session, months: Months) -> Split:
    """Answers to "did you feel heard?": per question, yes / a bit / no (9 numbers), by the
    month answered and the case's district. Not yet hidden: see ``hidden``."""
    columns = [
        _count_if(getattr(FeltHeard, question) == answer)
        for question in QUESTIONS
        for answer in FELT_HEARD_ANSWERS
    ]
    rows = s.execute(
        select(FeltHeard.month, FeltHeard.district_slug, *columns)
        .where(FeltHeard.month.in_(months.keys))
        .group_by(FeltHeard.month, FeltHeard.district_slug)
    )
    return _split(((months.keys.index(month), *rest) for month, *rest in rows), len(columns))


def answers_of(counts: tuple[int, ...]) -> list[Answers]:
    """The nine numbers of a felt-heard group as one Answers per question."""
    counts = counts or (0,) * 9
    return [Answers(*counts[i * 3 : i * 3 + 3]) for i in range(len(QUESTIONS))]


def hidden(counts: Sequence[int]) -> list[bool]:
    """Which groups of one table to hide: each with fewer than MIN_ANSWERS answers; and, if
    that is only one, the smallest shown one too, so that the hidden one does not follow
    from the total and the others."""
    hide = [n < MIN_ANSWERS for n in counts]
    if sum(hide) == 1 and len(hide) > 1:
        shown = [i for i, h in enumerate(hide) if not h]
        hide[min(shown, key=lambda i: counts[i])] = True
    return hide


def _band(age: InstrumentedAttribute[int | None]) -> ColumnElement[str]:
    return case(
        (age.is_(None), NO_BAND),
        (age < 6, "0-5"),
        (age < 10, "6-9"),
        (age < 14, "10-13"),
        (age < 18, "14-17"),
        else_="18+",
    )


def forms_by_age(s: Session, months: Months) -> dict[tuple[str | None, str], int]:
    """(age band, form) -> how many times a child took part in the period: the participation
    notes by their form and the child's age, and the children's own inquiries in the portal
    by the age band they gave (form OWN_INQUIRY)."""
    notes = (
        select(_band(ParticipationNote.child_age).label("band"), ParticipationNote.form)
        .where(months.within(ParticipationNote.met_at))
        .subquery()
    )
    found: dict[tuple[str | None, str], int] = {}
    for band, form, number in s.execute(
        select(notes.c.band, notes.c.form, func.count()).group_by(notes.c.band, notes.c.form)
    ):
        found[(None if band == NO_BAND else band, form)] = number
    for band, number in s.execute(
        select(ParticipationRecord.age_band, func.count())
        .join(Inquiry, Inquiry.id == ParticipationRecord.inquiry_id)
        .where(months.within(Inquiry.received_at), Inquiry.kind.in_(kinds.CHILDS_OWN))
        .group_by(ParticipationRecord.age_band)
    ):
        found[(band, OWN_INQUIRY)] = found.get((band, OWN_INQUIRY), 0) + number
    return found


FORMS = (*NOTE_FORMS, OWN_INQUIRY)


def age_rows(found: dict[tuple[str | None, str], int]) -> list[str | None]:
    """The age bands to show: the note bands, any other band found, then "not given"."""
    bands = {band for band, _form in found}
    others = sorted(b for b in bands if b is not None and b not in NOTE_BANDS)
    return [*NOTE_BANDS, *others, None]


def bisidder(s: Session, months: Months) -> dict[Group, tuple[int, int]]:
    """Children (cases) with a participation note in the period, and of those how many were
    offered a bisidder: by month, by district and "all" (a child counts once in each)."""
    base = (
        select(
            months.index(ParticipationNote.met_at).label("month"),
            Inquiry.district_slug.label("district"),
            ParticipationNote.inquiry_id,
            ParticipationNote.offered_bisidder,
        )
        .join(Inquiry, Inquiry.id == ParticipationNote.inquiry_id)
        .where(months.within(ParticipationNote.met_at))
        .subquery()
    )
    offered = func.count(distinct(case((base.c.offered_bisidder.is_(True), base.c.inquiry_id))))
    children = func.count(distinct(base.c.inquiry_id))
    found: dict[Group, tuple[int, int]] = {}
    for key, stmt in (
        ("month", select(base.c.month, children, offered).group_by(base.c.month)),
        ("district", select(base.c.district, children, offered).group_by(base.c.district)),
        ("all", select(literal("all"), children, offered)),
    ):
        for group, number, yes in s.execute(stmt):
            if key == "all" and not number:
                continue
            found[int(group) if key == "month" else group] = (number, yes)
    return found


def route() -> ColumnElement[str]:
    """The route an inquiry came by, from the kind it came in as (a converted one keeps its
    own): a child's own kind; a report of concern from a professional (the only reports
    with a receipt clock, portal.casework.clocks) or from anyone else; else a parent."""
    came_as = func.coalesce(Inquiry.converted_from, Inquiry.kind)
    return case(
        (came_as.in_(kinds.CHILDS_OWN), "child"),
        (and_(came_as == kinds.REPORT, Inquiry.receipt_due.is_not(None)), "professional"),
        (came_as == kinds.REPORT, "citizen"),
        else_="parent",
    )


def routes(s: Session, months: Months) -> Split:
    """Inquiries received by route (ROUTES' order), by month received and district."""
    rows = (
        select(
            months.index(Inquiry.received_at).label("month"),
            Inquiry.district_slug.label("district"),
            route().label("route"),
        )
        .where(months.within(Inquiry.received_at))
        .subquery()
    )
    return _split(
        s.execute(
            select(
                rows.c.month,
                rows.c.district,
                *(_count_if(rows.c.route == name) for name in ROUTES),
            ).group_by(rows.c.month, rows.c.district)
        ),
        len(ROUTES),
    )


@dataclass(frozen=True)
class Participation:
    """Everything the participation figures page shows, for one run of months."""

    months: Months
    districts: list[tuple[str | None, str]]
    decisions: Split
    told: dict[Group, DeadlineShare]
    felt_heard: Split
    forms: dict[tuple[str | None, str], int]
    bisidder: dict[Group, tuple[int, int]]
    routes: Split


def participation(s: Session, now: datetime, count: int) -> Participation:
    """All the participation figures for the ``count`` months up to ``now``."""
    months = Months.ending(now, count)
    found = Participation(
        months=months,
        districts=[],
        decisions=decisions(s, months),
        told=told(s, months),
        felt_heard=felt_heard(s, months),
        forms=forms_by_age(s, months),
        bisidder=bisidder(s, months),
        routes=routes(s, months),
    )
    used = {
        *found.decisions.by_district,
        *found.felt_heard.by_district,
        *found.routes.by_district,
        *(k for k in found.told if not isinstance(k, int) and k != "all"),
    }
    found.districts.extend(districts(s, [d for d in used if isinstance(d, str) or d is None]))
    return found
