"""What a use case knows of the world, handed to it explicitly.

A use case is a plain function ``use_case(ctx, ...)``: it reads and writes through
``ctx.session`` (inside the caller's unit of work), takes the time from ``ctx.now``, seals
text with ``ctx.cipher`` and reads the municipality from ``ctx.profile``. Who acts is
``ctx.user`` (a member of staff), ``ctx.client`` (a case-system client of the pull API), or
neither (a child or a citizen, or the portal itself); ``ctx.address`` is where the request
came from, for the audit log (None when the portal acts on its own).

The web layer builds a Context from the request (portal/current.py); a command or a worker
from its app; a test from whatever it needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from portal.municipality import Profile
    from portal.safety.screening import ScreeningList
    from portal.security.crypto import FieldCipher
    from portal.staff.models import StaffUser

BASE_LOCALE = "da"


@dataclass(frozen=True)
class Context:
    session: Session
    now: datetime
    cipher: FieldCipher
    profile: Profile
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    locale: str = BASE_LOCALE
    user: StaffUser | None = None
    client: str | None = None
    address: str | None = None
    # The municipality's screening lists (the safety line); the web glue gives the app's.
    screening: ScreeningList | None = None

    def screening_list(self) -> ScreeningList:
        """The screening lists; a use case that screens needs a context that has them."""
        if self.screening is None:
            raise ValueError("this use case screens what was written: give the Context a screening")
        return self.screening

    def at(self, moment: datetime) -> Context:
        """The same context at another moment (replaying a past step, a clock in a test)."""
        return replace(self, now=moment)

    def acting(self, user: StaffUser | None) -> Context:
        """The same context with another member of staff acting (or none)."""
        return replace(self, user=user)
