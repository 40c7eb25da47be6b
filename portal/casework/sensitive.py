"""Showing a masked answer in full (a CPR number: 010215-xxxx), audited.

The journey that wrote an inquiry says which answers it masks (``Journey.masks``). A member
of staff who needs one in full presses "Show" (a POST with the form token); that is
audited (who, when, which case, on which page) and the full answer is in that one
response only: the next look is masked again.
"""

from __future__ import annotations

from portal.core.context import Context
from portal.inquiries.models import Inquiry
from portal.staff import audit

# Where the full answer was shown, as the audit entry says.
PAGES = ("case page", "record")


def shown(ctx: Context, inquiry: Inquiry, page: str) -> None:
    """Audit that ``ctx.user`` had the masked answers of the case shown in full on ``page``."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}")
    audit.log(ctx, "cpr_shown", inquiry=inquiry, detail=page)
