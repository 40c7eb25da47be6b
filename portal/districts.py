"""Districts of the municipality, kept in the database in step with the profile."""

from __future__ import annotations

from sqlalchemy import Boolean, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.database import Base
from portal.municipality import Profile


class District(Base):
    """A district (e.g. Nord); cases and advisers belong to one. Never deleted, only retired."""

    __tablename__ = "district"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


def sync_districts(session: Session, prof: Profile) -> dict[str, int]:
    """Make the district table match the profile: add, rename, retire. Returns counts."""
    counts = {"added": 0, "updated": 0, "retired": 0}
    existing = {d.slug: d for d in session.scalars(select(District))}
    wanted = {d.slug: d for d in prof.districts}
    for slug, district in wanted.items():
        row = existing.get(slug)
        if row is None:
            session.add(District(slug=slug, name=district.name, active=True))
            counts["added"] += 1
        elif row.name != district.name or not row.active:
            row.name, row.active = district.name, True
            counts["updated"] += 1
    for slug, row in existing.items():
        if slug not in wanted and row.active:
            row.active = False
            counts["retired"] += 1
    return counts
