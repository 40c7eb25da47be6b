"""Management information for leaders (placeholder until the page is built)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from portal.staff.access import staff_required

bp = Blueprint("figures", __name__, url_prefix="/staff/figures")


@bp.route("")
@staff_required("leader")
def overview() -> ResponseReturnValue:
    return render_template("figures/overview.html")
