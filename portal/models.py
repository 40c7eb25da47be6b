"""Imports every model so that Base.metadata (and Alembic) sees the whole schema."""

from portal.districts import District

__all__ = ["District"]
