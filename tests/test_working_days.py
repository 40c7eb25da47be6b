"""Working days as Danish law counts them: weekends and public holidays do not count."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.working_days import TZ, add_working_days, deadline_after_working_days, is_working_day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 6, date(2026, 12, 1)),  # Monday: over one weekend
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday: next Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday: next Monday
        (date(2026, 12, 22), 6, date(2026, 12, 31)),  # Christmas Day and the weekend
        (date(2026, 12, 30), 2, date(2027, 1, 4)),  # New Year's Day and a weekend
        (date(2026, 3, 30), 6, date(2026, 4, 10)),  # Easter: Maundy Thursday to Easter Monday
    ],
)
def test_adding_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_holidays_and_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 5, 14))  # Ascension Day
    assert not is_working_day(date(2026, 11, 29))  # a Sunday
    assert is_working_day(date(2026, 11, 24))


def test_the_deadline_is_the_end_of_the_day_in_copenhagen() -> None:
    received = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already Tuesday in Copenhagen
    due = deadline_after_working_days(received, 6)
    assert due == datetime(2026, 12, 2, 23, 59, 59, tzinfo=TZ)
