"""Operator commands: `flask --app wsgi staff ...`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import clock, db
from portal.municipality import profile
from portal.staff import accounts, audit, totp
from portal.staff.models import ROLES, StaffUser

staff_cli = AppGroup("staff", help="Staff accounts.")
# What the audit log says of a change made here (its entry has no user: the portal's own).
BY_OPERATOR = ", by the operator"


@staff_cli.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the person does.")
@click.option(
    "--district",
    "districts",
    multiple=True,
    help="A district (name or slug) the person works in; repeat for several.",
)
@click.option("--name", default="", help="The person's name (default: from the e-mail).")
def staff_add(email: str, role: str, districts: tuple[str, ...], name: str) -> None:
    """Create an account; prints the first password and the TOTP secret once."""
    with db.new_session() as s, s.begin():
        try:
            slugs = accounts.resolve_districts(s, districts)
            user, password = accounts.create(
                s,
                email=email,
                name=name,
                role=role,
                districts=slugs,
                now=clock.now(),
                enrolled=True,
            )
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        audit.record(s, None, "account_created", detail=f"{user.email} as {role}{BY_OPERATOR}")
        uri = totp.provisioning_uri(user, profile().name)
    click.echo(f"Account {user.email} ({role}) created. Shown once; hand over safely:")
    click.echo(f"  first password: {password}  (to be changed at first login)")
    click.echo(f"  authenticator:  {uri}")


@staff_cli.command("disable")
@click.argument("email")
def staff_disable(email: str) -> None:
    """Disable an account; its sessions end at once."""
    with db.new_session() as s, s.begin():
        user = _account(s, email)
        accounts.set_active(s, user, False, clock.now())
        audit.record(s, None, "account_disabled", detail=f"{user.email}{BY_OPERATOR}")
    click.echo(f"{email} is disabled and logged out everywhere.")


def _account(s: Session, email: str) -> StaffUser:
    user = accounts.find_by_email(s, email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@staff_cli.command("role")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES), help="The new role.")
@click.option(
    "--district",
    "districts",
    multiple=True,
    help="A district (name or slug); repeat for several. Without: reception and advisers "
    "keep theirs, leaders and administrators have none.",
)
def staff_role(email: str, role: str, districts: tuple[str, ...]) -> None:
    """Change an account's role. Leader and administrator are given only here, at the
    server: in the admin pages an administrator could make themselves one."""
    with db.new_session() as s, s.begin():
        user = _account(s, email)
        try:
            if districts:
                slugs = accounts.resolve_districts(s, districts)
            elif role in accounts.DISTRICT_ROLES:
                slugs = sorted(user.district_slugs)
            else:
                slugs = []
            changed = accounts.change(s, user, by=None, name=user.name, role=role, districts=slugs)
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        if changed:
            audit.record(s, None, "role_changed", detail=f"{changed}{BY_OPERATOR}")
    click.echo(f"{changed or email + ': nothing changed'}.")


@staff_cli.command("reset")
@click.argument("email")
def staff_reset(email: str) -> None:
    """A new first password and authenticator set-up (at first login, by QR code); the
    account is logged out everywhere. Prints the first password once."""
    with db.new_session() as s, s.begin():
        user = _account(s, email)
        password = accounts.reset(s, user, clock.now())
        audit.record(s, None, "account_reset", detail=f"{user.email}{BY_OPERATOR}")
    click.echo(f"{email} is reset and logged out everywhere. Shown once; hand over safely:")
    click.echo(f"  first password: {password}  (to be changed at first login)")
    click.echo("  authenticator:  set up again at first login, by QR code")


@staff_cli.command("list")
def staff_list() -> None:
    """List the accounts."""
    with db.new_session() as s:
        for user in s.scalars(select(StaffUser).order_by(StaffUser.email)):
            state = "active" if user.active else "disabled"
            click.echo(
                f"{user.email}\t{user.role}\t{','.join(sorted(user.district_slugs))}\t{state}"
            )


def init_app(app: Flask) -> None:
    app.cli.add_command(staff_cli)
