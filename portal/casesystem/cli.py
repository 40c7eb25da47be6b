"""Operator commands: `flask --app wsgi casesystem client add|revoke|list`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal import clock, db
from portal.casesystem import clients
from portal.casesystem.models import CaseSystemClient
from portal.core.uow import unit_of_work
from portal.inquiries import kinds as kinds_of_inquiry
from portal.working_days import TZ

casesystem_cli = AppGroup("casesystem", help="The case system and its pull-API clients.")
client_cli = AppGroup("client", help="Pull-API clients: their scope and token.")
casesystem_cli.add_command(client_cli)

DEFAULT_DAYS = 365


def _split(values: tuple[str, ...]) -> list[str]:
    return [part for value in values for part in value.split(",")]


@client_cli.command("add")
@click.argument("name")
@click.option(
    "--districts",
    multiple=True,
    required=True,
    help="Districts whose records it gets (slugs or names, comma-separated or repeated); "
    "'none' for inquiries without a district; 'all' for every one.",
)
@click.option(
    "--kinds",
    multiple=True,
    required=True,
    help=f"Kinds of inquiry whose records it gets: {', '.join(kinds_of_inquiry.IDS)} "
    "(comma-separated or repeated), or 'all'.",
)
@click.option(
    "--expires",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help=f"The last day the token works (Copenhagen time); default {DEFAULT_DAYS} days on.",
)
def client_add(
    name: str, districts: tuple[str, ...], kinds: tuple[str, ...], expires: datetime | None
) -> None:
    """A new client NAME with its scope; prints its token once (only a hash is kept)."""
    now = clock.now()
    last_day = expires.date() if expires else now.astimezone(TZ).date() + timedelta(DEFAULT_DAYS)
    with db.new_session() as s, unit_of_work(s):
        try:
            client, token = clients.add(
                s,
                name=name,
                districts=_split(districts),
                kinds=_split(kinds),
                expires_at=_end_of(last_day),
                now=now,
            )
        except clients.ClientError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(
            f"Client {client.name}: districts {client.districts}, kinds {client.kinds}, "
            f"until the end of {last_day.isoformat()}."
        )
    click.echo(f"token (give it to the client over a safe channel, shown once): {token}")


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), TZ)


@client_cli.command("revoke")
@click.argument("name")
def client_revoke(name: str) -> None:
    """End client NAME's token at once (it is kept, named in the audit log)."""
    with db.new_session() as s, unit_of_work(s):
        try:
            clients.revoke(s, name, clock.now())
        except clients.ClientError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Client {name} is revoked: its token is refused from now on.")


@client_cli.command("list")
def client_list() -> None:
    """Every client: name, state, districts, kinds, expiry."""
    now = clock.now()
    with db.new_session() as s:
        for client in s.scalars(select(CaseSystemClient).order_by(CaseSystemClient.name)):
            expires = client.expires_at.astimezone(TZ).isoformat() if client.expires_at else "-"
            click.echo(
                f"{client.name}\t{clients.state(client, now)}\tdistricts {client.districts}"
                f"\tkinds {client.kinds}\texpires {expires}"
            )
