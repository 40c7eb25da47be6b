"""``flask --app wsgi demo ...``: registered by ``portal.cli`` only outside production."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal import clock, db
from portal.instances import cipher
from portal.staff import accounts, totp
from portal.staff.models import StaffUser

demo_cli = AppGroup("demo", help="A demo database to try the workspace (never in production).")


def _refuse_production() -> None:
    # Production never registers these commands; this holds should one be called directly.
    if current_app.config["PORTAL_ENV"] == "production":
        raise click.ClickException("Demo data is never put into a production database.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing if any staff account exists.")
def demo_seed(if_empty: bool) -> None:
    """Fill the database with invented inquiries and demo staff accounts."""
    _refuse_production()
    from dev.demo.seed import seed

    with db.new_session() as s, s.begin():
        if if_empty and s.scalar(select(StaffUser.id).limit(1)) is not None:
            return
        summary = seed(s, clock.now())
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
        click.echo(totp.code_at(totp.secret_of(cipher(), user), totp.step_of(clock.now())))
