from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from portal.municipality import TZ, ProfileError, load_profile
from tests.support.apps import PROFILE


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "municipality.toml"
    path.write_text(text, encoding="utf-8")
    return path


def replace(old: str, new: str) -> str:
    source = PROFILE.read_text(encoding="utf-8")
    assert old in source
    return source.replace(old, new)


def test_shipped_profile_loads() -> None:
    profile = load_profile(PROFILE)
    assert profile.name == "Eksempel Kommune"
    assert [d.slug for d in profile.districts] == ["nord", "midt", "syd"]
    assert profile.logo is not None
    assert profile.logo.is_file()
    assert profile.exit_host == "www.dmi.dk"


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('name = "Eksempel Kommune"\n', "", "municipality.name", "is missing"),
        ('main = "+45 12 34 56 78"', 'main = "call us"', "phones.main", "phone number"),
        (
            'exit_url = "https://www.dmi.dk/"',
            'exit_url = "http://www.dmi.dk/"',
            "municipality.exit_url",
            "https://",
        ),
        ('mon = "08:00-15:00"', 'mon = "8-15"', "opening_hours.mon", "08:00-15:00"),
        (
            'thu = "08:00-17:00"',
            'thu = "17:00-08:00"',
            "opening_hours.thu",
            "closes before it opens",
        ),
        ('slug = "midt"', 'slug = "Midt By"', "districts.1.slug", "lower-case"),
        ('slug = "syd"', 'slug = "nord"', "districts", "same slug"),
        ('logo = "logo.svg"', 'logo = "missing.svg"', "municipality.logo", "does not exist"),
        (
            'professional_email = "modtagelsen@example.dk"',
            "professional_email = 42",
            "municipality.professional_email",
            "non-empty text",
        ),
        (
            "closed_on_public_holidays = true",
            'closed_on_public_holidays = "yes"',
            "opening_hours.closed_on_public_holidays",
            "true or false",
        ),
        (
            'livslinien_hours = "11:00-05:00"\n',
            "",
            "phones.livslinien_hours",
            "is missing",
        ),
        (
            'livslinien_hours = "11:00-05:00"',
            'livslinien_hours = "day and night"',
            "phones.livslinien_hours",
            "11:00-05:00",
        ),
        (
            'livslinien_hours = "11:00-05:00"',
            'livslinien_hours = "11:00-11:00"',
            "phones.livslinien_hours",
            "same time",
        ),
        (
            'secure_mail_url = "https://www.borger.dk/"',
            'secure_mail_url = "mailto:modtagelsen@example.dk"',
            "municipality.secure_mail_url",
            "https://",
        ),
        (
            'secure_mail = "Digital Post',
            'secure_mail = "" # "',
            "municipality.secure_mail",
            "non-empty",
        ),
    ],
)
def test_malformed_field_is_named_with_the_file(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    path = write(tmp_path, replace(old, new))
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert str(path) in message
    assert f"field '{field}'" in message
    assert problem in message
    assert "Fix the file" in message


def test_livslinien_hours_may_run_past_midnight(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    path = write(tmp_path, replace('"11:00-05:00"', '"09:30-02:00"'))
    profile = load_profile(path)
    assert profile.livslinien_hours.text == "09:30-02:00"
    assert profile.secure_mail.startswith("Digital Post")
    assert profile.secure_mail_url == "https://www.borger.dk/"


def test_invalid_toml_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path, "[municipality\nname = ")
    with pytest.raises(ProfileError, match="is not valid TOML"):
        load_profile(path)


def test_missing_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "nope.toml")


def at(text: str) -> datetime:
    """A Copenhagen wall-clock time given as 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-11-23 07:59", False),  # Monday before opening
        ("2026-11-23 08:00", True),
        ("2026-11-23 14:59", True),
        ("2026-11-23 15:00", False),
        ("2026-11-26 16:30", True),  # Thursday, long day
        ("2026-11-28 10:00", False),  # Saturday
        ("2026-12-25 10:00", False),  # Christmas Day, a Friday
    ],
)
def test_opening_hours_in_copenhagen_time(moment: str, is_open: bool) -> None:
    assert load_profile(PROFILE).is_open(at(moment)) is is_open


def test_next_opening_skips_weekend_and_holidays() -> None:
    profile = load_profile(PROFILE)
    # Thursday 24 December 2026 (Christmas Eve is no public holiday, but 25-26 are; then weekend).
    after = profile.next_opening(at("2026-12-24 18:00"))
    assert after is not None
    assert after.isoformat() == "2026-12-28T08:00:00+01:00"
