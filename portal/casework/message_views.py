"""Writing to the child or family: a reply (the decision with its feedback to the child is
portal.casework.decision_views). What is typed is kept as a draft (portal.casework.drafts),
so a refused step, an expired form or a login that ended loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale

from portal import clock
from portal.casework import drafts, rules, services
from portal.casework.forms import ReplyForm
from portal.casework.templates import MESSAGE_TEMPLATES
from portal.casework.views import back_to_case, bp, form_page, open_case
from portal.current import context, run
from portal.forms.recovery import recoverable
from portal.inquiries.models import Inquiry
from portal.staff import sessions
from portal.staff.access import CASEWORKERS, current, keeps_draft, refuse, staff_required


def keep_draft_of(inquiry: Inquiry, form_name: str) -> None:
    """Every press of send keeps the text first: a refusal or a fault loses nothing."""
    fields = drafts.fields_of(form_name, request.form)
    run(drafts.save, current().id, inquiry.id, form_name, fields)


def draft_back(form: Any, inquiry: Inquiry, form_name: str) -> datetime | None:
    """Put a kept draft back into the form; when it was kept, or None."""
    kept = drafts.load(context(), current().id, inquiry.id, form_name)
    if kept is None:
        return None
    fields, at = kept
    for name, value in fields.items():
        if name in form:  # a field the form had once may be gone
            form[name].data = value
    return at


def draft_url(inquiry: Inquiry, form_name: str) -> str:
    """Where the page's script keeps what is typed in ``form_name`` on this case."""
    return url_for("casework.keep_draft", inquiry_id=inquiry.id, form_name=form_name)


def drafted(
    inquiry_id: str, action: str, form: Any, form_name: str
) -> tuple[Inquiry, datetime | None]:
    """The case of a step whose page keeps a draft (``form_name``), and on GET when what was
    kept was put back into ``form``; on a POST what was sent is kept first. A step that does
    not apply to the case (``action``) goes back to the case."""
    inquiry = open_case(inquiry_id)
    if not rules.applies(action, inquiry, current()):
        abort(redirect(url_for("casework.case", inquiry_id=inquiry.id, saved="")))
    if request.method == "GET":
        return inquiry, draft_back(form, inquiry, form_name)
    keep_draft_of(inquiry, form_name)
    return inquiry, None


@staff_required(*rules.roles(rules.REPLY))
@keeps_draft("reply")
def reply(inquiry_id: str) -> ResponseReturnValue:
    inquiry = open_case(inquiry_id)
    if not rules.applies(rules.REPLY, inquiry, current()):
        return back_to_case(inquiry, "")
    form = ReplyForm()
    chosen = request.args.get("template", "")
    kept_at = None
    if request.method == "GET" and chosen in MESSAGE_TEMPLATES:
        # In the language the child or family wrote in.
        with force_locale(inquiry.locale):
            form.message.data = str(MESSAGE_TEMPLATES[chosen][1])
    elif request.method == "GET":
        kept_at = draft_back(form, inquiry, "reply")
    if request.method == "POST":
        keep_draft_of(inquiry, "reply")
    if form.validate_on_submit():
        run(services.reply, inquiry, text=form.message.data)
        return back_to_case(inquiry, "replied")
    return form_page(
        "casework/reply.html",
        inquiry,
        form,
        templates=MESSAGE_TEMPLATES,
        kept_at=kept_at,
        draft_url=draft_url(inquiry, "reply"),
    )


def recover_page(
    form_class: type[Any],
    template: str,
    action: str,
    form_name: str,
    extra: Callable[[Inquiry], dict[str, Any]] | None = None,
) -> Any:
    """A send with an expired form token: the same page again, with the text as posted (for
    the logged-in author only; the login page otherwise); ``extra``: what else its template
    shows of the case."""

    def recover() -> ResponseReturnValue:
        user = sessions.current_user()
        if user is None:
            return redirect(url_for("staff.login"))
        if not rules.role_allows(action, user):
            refuse(user, f"role {user.role}, needs {' or '.join(rules.roles(action))}")
        inquiry = open_case(str((request.view_args or {}).get("inquiry_id")))
        return render_template(
            template,
            inquiry=inquiry,
            form=form_class(),  # bound to what was posted; not validated
            templates=MESSAGE_TEMPLATES,
            token_expired=True,
            draft_url=draft_url(inquiry, form_name),
            **(extra(inquiry) if extra is not None else {}),
        ), 400

    return recover


bp.add_url_rule(
    "/cases/<inquiry_id>/reply",
    view_func=recoverable(
        reply, recover_page(ReplyForm, "casework/reply.html", rules.REPLY, "reply")
    ),
    methods=["GET", "POST"],
)


@bp.route("/cases/<inquiry_id>/drafts/<form_name>", methods=["POST"])
@staff_required(*CASEWORKERS)
def keep_draft(inquiry_id: str, form_name: str) -> ResponseReturnValue:
    """Keep what is being typed (the forms' script posts it a moment after each change)."""
    if form_name not in drafts.FORMS:
        abort(404)
    inquiry = open_case(inquiry_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400)
    run(drafts.save, current().id, inquiry.id, form_name, drafts.fields_of(form_name, body))
    return jsonify(kept_at=clock.now().isoformat())
