"""Operator commands: `flask --app wsgi staff ...`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import current, db
from portal.core.context import Context
from portal.core.uow import unit_of_work
from portal.staff import accounts, totp
from portal.staff.models import ROLES, StaffUser

staff_cli = AppGroup("staff", help="Staff accounts.")


@contextmanager
def _operator() -> Iterator[Context]:
    """A new session for one command's unit of work; the operator acts (no user)."""
    with db.new_session() as s, unit_of_work(s):
        yield replace(current.context(), session=s, user=None)


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
    with _operator() as ctx:
        try:
            slugs = accounts.resolve_districts(ctx.session, districts)
            user, password = accounts.open_account(
                ctx, email=email, name=name, role=role, districts=slugs, enrolled=True
            )
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
        uri = totp.provisioning_uri(ctx.cipher, user, ctx.profile.name)
    click.echo(f"Account {user.email} ({role}) created. Shown once; hand over safely:")
    click.echo(f"  first password: {password}  (to be changed at first login)")
    click.echo(f"  authenticator:  {uri}")


@staff_cli.command("disable")
@click.argument("email")
def staff_disable(email: str) -> None:
    """Disable an account; its sessions end at once."""
    with _operator() as ctx:
        accounts.set_active(ctx, _account(ctx.session, email), False)
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
    with _operator() as ctx:
        user = _account(ctx.session, email)
        try:
            if districts:
                slugs = accounts.resolve_districts(ctx.session, districts)
            elif role in accounts.DISTRICT_ROLES:
                slugs = sorted(user.district_slugs)
            else:
                slugs = []
            changed = accounts.change(ctx, user, name=user.name, role=role, districts=slugs)
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{changed or email + ': nothing changed'}.")


@staff_cli.command("reset")
@click.argument("email")
def staff_reset(email: str) -> None:
    """A new first password and authenticator set-up (at first login, by QR code); the
    account is logged out everywhere. Prints the first password once."""
    with _operator() as ctx:
        password = accounts.reset(ctx, _account(ctx.session, email))
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
