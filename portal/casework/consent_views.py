"""The consent of an application on the case page: staff record a withdrawal the parent
told them of by phone, letter, in person or in a message (the parent can also withdraw it
themselves, portal/apply/views.py)."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal.apply.forms import StaffWithdrawalForm
from portal.apply.usecase import ConsentError, record_withdrawal
from portal.casework.views import back_to_case, bp, open_case, render_case
from portal.current import run
from portal.staff.access import CASEWORKERS, staff_required


@bp.route("/cases/<inquiry_id>/consent-withdrawn", methods=["POST"])
@staff_required(*CASEWORKERS)
def consent_withdrawn(inquiry_id: str) -> ResponseReturnValue:
    """Record that the parent withdrew their consent, and how: audited, and sent to the
    case system."""
    inquiry = open_case(inquiry_id)
    form = StaffWithdrawalForm()
    if not form.validate():
        return render_case(inquiry, problem=str(form.error_list()[0][1]))
    try:
        run(record_withdrawal, inquiry, form.how.data)
    except ConsentError as exc:
        return render_case(inquiry, problem=gettext(exc.message))
    return back_to_case(inquiry, "consent_withdrawn")
