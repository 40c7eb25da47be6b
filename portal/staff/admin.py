"""Administrators manage staff accounts: create, change role and districts, disable, reset."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal import db
from portal.current import run
from portal.districts import District
from portal.staff import accounts
from portal.staff.access import current, note_refusal, refuse, staff_required
from portal.staff.forms import ROLE_LABELS, AccountForm
from portal.staff.models import StaffUser
from portal.staff.views import bp


def _account_form(user: StaffUser | None = None, *, posted: bool = True) -> AccountForm:
    """The form with every role (what is posted is checked by ``accounts.check_role``, which
    says why); ``_offer`` narrows the choices shown. Not ``posted``: the account as it is."""
    filled = user is not None and (request.method == "GET" or not posted)
    form = AccountForm(formdata=None, obj=user) if filled else AccountForm()
    form.districts.choices = [
        SelectChoice(d.slug, d.name)
        for d in db.session().scalars(
            select(District).where(District.active.is_(True)).order_by(District.name)
        )
    ]
    if filled and user is not None:
        form.districts.data = sorted(user.district_slugs)
    return form


def _offer(form: AccountForm, user: StaffUser | None) -> None:
    """Show only the roles the administrator may give this account."""
    form.role.choices = [
        SelectChoice(role, ROLE_LABELS[role]) for role in accounts.roles_offered(current(), user)
    ]


def _role_refused(exc: accounts.RoleRefusedError, email: str, before: str, wanted: str) -> str:
    """Audit a role the administrator may not give; what to tell them."""
    note_refusal(current(), f"{exc.why}: {email} {before} -> {wanted}")
    if exc.why == "own role":
        return str(
            gettext(
                "You cannot change your own role. Another administrator can, or the operator "
                "at the server."
            )
        )
    return str(
        gettext(
            "Only the operator makes someone a leader or an administrator, at the server "
            "(flask staff role). Ask them, or choose another role."
        )
    )


def _user(user_id: str) -> StaffUser:
    user = db.session().get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/accounts")
@staff_required("admin")
def accounts_list() -> ResponseReturnValue:
    users = db.session().scalars(
        select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.name)
    )
    return render_template("staff/accounts.html", users=list(users), role_labels=ROLE_LABELS)


@bp.route("/accounts/new", methods=["GET", "POST"])
@staff_required("admin")
def account_new() -> ResponseReturnValue:
    form = _account_form()
    if form.validate_on_submit():
        try:
            user, password = run(
                accounts.open_account,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                districts=form.districts.data or [],
            )
        except accounts.RoleRefusedError as exc:
            email = accounts.normalise_email(form.email.data)
            form.role.errors = [_role_refused(exc, email, "new", form.role.data)]
        except accounts.AccountError:
            form.email.errors = [gettext("There is already an account with this e-mail.")]
        else:
            return render_template("staff/account-created.html", user=user, password=password)
    _offer(form, None)
    status = 400 if form.errors else 200
    return render_template("staff/account-form.html", form=form, user=None), status


@bp.route("/accounts/<user_id>", methods=["GET", "POST"])
@staff_required("admin")
def account_edit(user_id: str) -> ResponseReturnValue:
    """Name, role and districts; a role change is audited with before and after."""
    user = _user(user_id)
    form = _account_form(user)
    # The e-mail is the login name; it is not changed here.
    form.email.data = user.email
    if form.validate_on_submit():
        before = user.role
        try:
            run(
                accounts.change,
                user,
                name=form.name.data,
                role=form.role.data,
                districts=form.districts.data or [],
            )
        except accounts.RoleRefusedError as exc:
            form.role.errors = [_role_refused(exc, user.email, before, form.role.data)]
        else:
            return redirect(url_for("staff.accounts_list", saved=user.id))
    return _edit_page(form, user)


def _edit_page(
    form: AccountForm, user: StaffUser, problem: str | None = None
) -> ResponseReturnValue:
    _offer(form, user)
    status = 400 if form.errors or problem else 200
    return render_template("staff/account-form.html", form=form, user=user, problem=problem), status


@bp.route("/accounts/<user_id>/active", methods=["POST"])
@staff_required("admin")
def account_active(user_id: str) -> ResponseReturnValue:
    """Disable (every session ends at once) or enable an account."""
    user, me = _user(user_id), current()
    active = request.form.get("active") == "1"
    if user.id == me.id and not active:
        refuse(me, "own account: nobody disables their own", status=400)
    run(accounts.set_active, user, active)
    return redirect(url_for("staff.accounts_list", saved=user.id))


@bp.route("/accounts/<user_id>/reset", methods=["POST"])
@staff_required("admin")
def account_reset(user_id: str) -> ResponseReturnValue:
    """A new first password and authenticator enrolment, e.g. after a lost phone (for a
    leader or an administrator: by the operator only, see ``accounts.reset``)."""
    user = _user(user_id)
    try:
        password = run(accounts.reset, user)
    except accounts.RoleRefusedError as exc:
        note_refusal(current(), f"{exc.why}: {user.email} ({user.role})")
        problem = gettext(
            "Only the operator resets a leader's or an administrator's account, at the "
            "server (flask staff reset). Ask them."
        )
        return _edit_page(_account_form(user, posted=False), user, problem)
    return render_template("staff/account-created.html", user=user, password=password, reset=True)
