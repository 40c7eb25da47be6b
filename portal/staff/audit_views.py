"""Leaders read and export the audit log."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from portal import clock, db
from portal.current import run
from portal.inquiries.models import Inquiry
from portal.security.spreadsheets import csv_text
from portal.staff import audit
from portal.staff.access import staff_required
from portal.staff.models import AuditEntry, StaffUser
from portal.staff.templating import audit_label
from portal.staff.views import bp
from portal.working_days import TZ

PAGE_SIZE = 100


def _day(raw: str | None) -> datetime | None:
    try:
        return datetime.combine(datetime.strptime(raw or "", "%Y-%m-%d").date(), time(), TZ)
    except ValueError:
        return None


def _query() -> tuple[Select[AuditEntry, str], dict[str, str]]:
    """(entry, case reference) matching the filters in the query string, newest first."""
    args = {
        k: (request.args.get(k) or "").strip()
        for k in ("reference", "email", "action", "from", "to")
    }
    stmt = (
        select(AuditEntry, Inquiry.reference)
        .outerjoin(Inquiry, Inquiry.id == AuditEntry.inquiry_id)
        .options(selectinload(AuditEntry.user))
    )
    if args["reference"]:
        stmt = stmt.where(Inquiry.reference == args["reference"].upper())
    if args["email"]:
        stmt = stmt.join(StaffUser, StaffUser.id == AuditEntry.user_id).where(
            StaffUser.email == args["email"].lower()
        )
    if args["action"] in audit.ACTIONS:
        stmt = stmt.where(AuditEntry.action == args["action"])
    if (start := _day(args["from"])) is not None:
        stmt = stmt.where(AuditEntry.at >= start)
    if (end := _day(args["to"])) is not None:
        stmt = stmt.where(AuditEntry.at < end + timedelta(days=1))
    return stmt.order_by(AuditEntry.id.desc()), args


@bp.route("/audit")
@staff_required("leader")
def audit_log() -> ResponseReturnValue:
    s = db.session()
    stmt, args = _query()
    total = s.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    rows = s.execute(stmt.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render_template(
        "staff/audit.html",
        rows=rows,
        args=args,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        actions=audit.ACTIONS,
        system_ip=audit.SYSTEM_IP,
    )


@bp.route("/audit/export")
@staff_required("leader")
def audit_export() -> ResponseReturnValue:
    """The filtered log as CSV (UTF-8 with BOM, for spreadsheets; no cell runs as a formula).
    The export is logged too."""
    s = db.session()
    stmt, _args = _query()
    rows = [
        [
            entry.id,
            entry.at.isoformat(),
            entry.user.email if entry.user else "",
            entry.user.role if entry.user else "",
            entry.action,
            reference or "",
            entry.ip,
            entry.detail,
            entry.api_client or "",
            audit_label(entry.action),
        ]
        for entry, reference in s.execute(stmt)
    ]
    body = csv_text(
        [
            "id",
            "at_utc",
            "user_email",
            "role",
            "action",
            "reference",
            "ip",
            "detail",
            "api_client",
            # The action in the reader's words, for people; "action" is the stored code.
            "action_label",
        ],
        rows,
    )
    count = len(rows)
    run(audit.log, "audit_exported", detail=f"{count} entries")
    stamp = clock.now().astimezone(TZ).strftime("%Y%m%d-%H%M")
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )
