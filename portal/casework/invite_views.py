""" "Ask the child" on a case: the adviser makes a one-time code for the child (shown once,
with its link, a QR code and a text to copy), and revokes a code not yet used. The rules are
portal.casework.rules (INVITE); the use cases portal.invitations.usecase. The reason typed is
kept as a draft (form name "invite"), so a refused step, an expired form or a login that
ended loses nothing."""

from __future__ import annotations

from flask import render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, format_date, gettext

from portal import db
from portal.casework import rules
from portal.casework.invite_forms import QUESTION_SET_LABELS, InviteForm
from portal.casework.message_views import draft_url, drafted, recover_page
from portal.casework.views import back_to_case, bp, form_page, open_case, render_case
from portal.current import run
from portal.forms.recovery import recoverable
from portal.invitations import usecase as invitations
from portal.invitations.models import Invitation
from portal.staff.access import keeps_draft, staff_required
from portal.staff.totp import qr_svg


def _letter(invitation: Invitation, code: str, locale: str, reason: str, link: str) -> str:
    """The text for the adviser's letter or text message, in the language of the case (as
    the message templates are): who asks, why, by when, and the two ways in."""
    with force_locale(locale):
        lines = (
            gettext(
                "Hi. I am %(name)s, your adviser.",
                name=invitations.first_name(invitation.adviser.name),
            ),
            reason,
            gettext(
                "Tell me what you think by %(date)s. Open %(link)s",
                date=format_date(invitation.needed_by, "d MMMM"),
                link=link,
            ),
            gettext(
                "Or go to %(start)s and type this code: %(code)s",
                start=url_for("invited.start", _external=True),
                code=code,
            ),
        )
    return "\n".join(lines)


@staff_required(*rules.roles(rules.INVITE))
@keeps_draft("invite")
def invite(inquiry_id: str) -> ResponseReturnValue:
    """The form; on send, the code, shown this once (never kept, so never shown again)."""
    form, problem = InviteForm(), None
    inquiry, kept_at = drafted(inquiry_id, rules.INVITE, form, "invite")
    if form.validate_on_submit():
        try:
            issued = run(
                invitations.invite,
                inquiry,
                question_set=form.question_set.data,
                reason=form.reason.data,
                needed_by=form.needed_by.data,
            )
        except invitations.InvitationError as exc:
            dated = exc.message in (invitations.PAST_DATE, invitations.FAR_DATE)
            field = form.needed_by if dated else form.reason
            field.errors = [gettext(exc.message)]
        except rules.CaseworkError as exc:
            problem = gettext(exc.message)
        else:
            link = url_for("invitation_link.link", code=issued.code, _external=True)
            return render_template(
                "casework/invited.html",
                inquiry=inquiry,
                invitation=issued.invitation,
                code=issued.code,
                link=link,
                qr=qr_svg(link, gettext("QR code with the link for the child")),
                letter=_letter(
                    issued.invitation, issued.code, inquiry.locale, form.reason.data.strip(), link
                ),
                letter_language=inquiry.locale,
                set_label=QUESTION_SET_LABELS[issued.invitation.question_set],
            )
    return form_page(
        "casework/invite.html",
        inquiry,
        form,
        kept_at=kept_at,
        problem=problem,
        draft_url=draft_url(inquiry, "invite"),
    )


bp.add_url_rule(
    "/cases/<inquiry_id>/ask-the-child",
    view_func=recoverable(
        invite, recover_page(InviteForm, "casework/invite.html", rules.INVITE, "invite")
    ),
    methods=["GET", "POST"],
)


@bp.route("/cases/<inquiry_id>/invitations/<invitation_id>/revoke", methods=["POST"])
@staff_required(*rules.roles(rules.INVITE))
def revoke_invitation(inquiry_id: str, invitation_id: str) -> ResponseReturnValue:
    """The code stops working now (audited)."""
    inquiry = open_case(inquiry_id)
    invitation = db.session().get(Invitation, invitation_id)
    if invitation is None or invitation.inquiry_id != inquiry.id:
        return render_case(inquiry, problem=gettext("There is no such invitation on this case."))
    try:
        run(invitations.revoke, invitation)
    except rules.CaseworkError as exc:
        return render_case(inquiry, problem=gettext(exc.message))
    return back_to_case(inquiry, "invitation_revoked")
