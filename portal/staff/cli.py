"""Operator commands: `flask --app wsgi staff ...` and `flask --app wsgi demo ...`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal import clock, db
from portal.municipality import profile
from portal.staff import accounts, totp
from portal.staff.models import ROLES, StaffUser

staff_cli = AppGroup("staff", help="Staff accounts.")
demo_cli = AppGroup("demo", help="A demo database to try the workspace (never in production).")


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
        uri = totp.provisioning_uri(user, profile().name)
    click.echo(f"Account {user.email} ({role}) created. Shown once; hand over safely:")
    click.echo(f"  first password: {password}  (to be changed at first login)")
    click.echo(f"  authenticator:  {uri}")


@staff_cli.command("disable")
@click.argument("email")
def staff_disable(email: str) -> None:
    """Disable an account; its sessions end at once."""
    with db.new_session() as s, s.begin():
        user = accounts.find_by_email(s, email)
        if user is None:
            raise click.ClickException(f"No account for {email}.")
        accounts.set_active(s, user, False, clock.now())
    click.echo(f"{email} is disabled and logged out everywhere.")


@staff_cli.command("list")
def staff_list() -> None:
    """List the accounts."""
    with db.new_session() as s:
        for user in s.scalars(select(StaffUser).order_by(StaffUser.email)):
            state = "active" if user.active else "disabled"
            click.echo(
                f"{user.email}\t{user.role}\t{','.join(sorted(user.district_slugs))}\t{state}"
            )


def _refuse_production() -> None:
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("Demo data is never put into a production database.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing if any staff account exists.")
def demo_seed(if_empty: bool) -> None:
    """Fill the database with invented inquiries and demo staff accounts."""
    if if_empty and current_app.config["PORTAL_ENV"] == "production":
        return  # `make run` asks; production never gets demo data
    _refuse_production()
    from portal.staff import demo

    with db.new_session() as s, s.begin():
        if if_empty and s.scalar(select(StaffUser.id).limit(1)) is not None:
            return
        summary = demo.seed(s, clock.now())
    click.echo(summary)


@demo_cli.command("code")
@click.argument("email")
def demo_code(email: str) -> None:
    """Print the current authenticator code of a demo account."""
    _refuse_production()
    with db.new_session() as s:
        user = accounts.find_by_email(s, email)
        if user is None or not user.demo:
            raise click.ClickException(f"{email} is not a demo account.")
        click.echo(totp.code_at(totp.secret_of(user), totp.step_of(clock.now())))


def init_app(app: Flask) -> None:
    app.cli.add_command(staff_cli)
    app.cli.add_command(demo_cli)
