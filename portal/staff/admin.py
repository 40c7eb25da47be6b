"""Administrators manage staff accounts: create, change role and districts, disable, reset."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal import clock, db
from portal.districts import District
from portal.staff import accounts, audit
from portal.staff.access import current, refuse, staff_required
from portal.staff.forms import ROLE_LABELS, AccountForm
from portal.staff.models import StaffDistrict, StaffUser
from portal.staff.views import bp


def _account_form(user: StaffUser | None = None) -> AccountForm:
    form = AccountForm(obj=user) if request.method == "GET" and user else AccountForm()
    form.districts.choices = [
        SelectChoice(d.slug, d.name)
        for d in db.session().scalars(
            select(District).where(District.active.is_(True)).order_by(District.name)
        )
    ]
    if request.method == "GET" and user is not None:
        form.districts.data = sorted(user.district_slugs)
    return form


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
        s, now = db.session(), clock.now()
        try:
            user, password = accounts.create(
                s,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                districts=form.districts.data or [],
                now=now,
            )
        except accounts.AccountError:
            form.email.errors = [gettext("There is already an account with this e-mail.")]
        else:
            audit.record(s, current(), "account_created", detail=f"{user.email} as {user.role}")
            s.commit()
            return render_template("staff/account-created.html", user=user, password=password)
    status = 400 if form.errors else 200
    return render_template("staff/account-form.html", form=form, user=None), status


@bp.route("/accounts/<user_id>", methods=["GET", "POST"])
@staff_required("admin")
def account_edit(user_id: str) -> ResponseReturnValue:
    user = _user(user_id)
    form = _account_form(user)
    # The e-mail is the login name; it is not changed here.
    form.email.data = user.email
    if form.validate_on_submit():
        s = db.session()
        user.name = form.name.data
        user.role = form.role.data
        user.districts = [StaffDistrict(district_slug=slug) for slug in form.districts.data or []]
        audit.record(s, current(), "account_changed", detail=f"{user.email}: {user.role}")
        s.commit()
        return redirect(url_for("staff.accounts_list", saved=user.id))
    status = 400 if form.errors else 200
    return render_template("staff/account-form.html", form=form, user=user), status


@bp.route("/accounts/<user_id>/active", methods=["POST"])
@staff_required("admin")
def account_active(user_id: str) -> ResponseReturnValue:
    """Disable (every session ends at once) or enable an account."""
    user, me = _user(user_id), current()
    active = request.form.get("active") == "1"
    if user.id == me.id and not active:
        refuse(me, "own account: nobody disables their own", status=400)
    s = db.session()
    accounts.set_active(s, user, active, clock.now())
    audit.record(s, me, "account_changed" if active else "account_disabled", detail=user.email)
    s.commit()
    return redirect(url_for("staff.accounts_list", saved=user.id))


@bp.route("/accounts/<user_id>/reset", methods=["POST"])
@staff_required("admin")
def account_reset(user_id: str) -> ResponseReturnValue:
    """A new first password and authenticator enrolment, e.g. after a lost phone."""
    user = _user(user_id)
    s = db.session()
    password = accounts.reset(s, user, clock.now())
    audit.record(s, current(), "account_reset", detail=user.email)
    s.commit()
    return render_template("staff/account-created.html", user=user, password=password, reset=True)
