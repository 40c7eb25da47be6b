"""CPR numbers: the date they encode, the century rule, and never more than the date shown."""

from __future__ import annotations

from datetime import date

import pytest

from portal.forms.cpr import birth_date, mask, normalize, parse_day


@pytest.mark.parametrize(
    ("cpr", "expected"),
    [
        ("010215-4123", date(2015, 2, 1)),  # 7th digit 4, year <= 36: 2000s
        ("010285-1234", date(1985, 2, 1)),  # 7th digit 0-3: 1900s
        ("241212-9876", date(2012, 12, 24)),  # 7th digit 9, year <= 36
        ("010160-5123", date(1860, 1, 1)),  # 7th digit 5-8, year > 57: 1800s
        ("010105-5123", date(2005, 1, 1)),  # 7th digit 5-8, year <= 57
        ("310215-4123", None),  # 31 February
        ("0102151234", date(1915, 2, 1)),
        ("12345", None),
    ],
)
def test_the_date_a_cpr_number_encodes(cpr: str, expected: date | None) -> None:
    assert birth_date(normalize(cpr)) == expected


def test_typing_variations_and_the_mask() -> None:
    assert normalize("010215 4123") == "010215-4123"
    assert normalize("0102154123") == "010215-4123"
    assert mask("010215-4123") == "010215-xxxx"
    assert mask("nonsense") == ""


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("24-12-2015", date(2015, 12, 24)), ("1.2.2016", date(2016, 2, 1)), ("31-02-2015", None)],
)
def test_birth_dates_are_written_day_month_year(typed: str, expected: date | None) -> None:
    assert parse_day(typed) == expected
