"""Danish working days, for the legal clocks: Monday to Friday, except public holidays.

Deadlines are counted in Europe/Copenhagen, where the municipality works, and end at
the close of the last day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Europe/Copenhagen")


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DK", years=year)


def is_public_holiday(day: date) -> bool:
    """A Danish public holiday (the calendar of each year is built once)."""
    return day in _holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def deadline_after_working_days(received: datetime, days: int) -> datetime:
    """The end (23:59:59 Copenhagen time) of the ``days``-th working day after ``received``."""
    due = add_working_days(received.astimezone(TZ).date(), days)
    return datetime.combine(due, time(23, 59, 59), tzinfo=TZ)
