"""The web layer's way into the core: a Context for the current request, and running a use
case in one unit of work.

Views call ``run(use_case, ...)``; commands and workers (which have an app but no request)
call it too, and get a context without a user or an address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from flask import current_app, has_request_context

from portal import clock, db
from portal.core.context import BASE_LOCALE, Context
from portal.core.uow import unit_of_work
from portal.i18n import current_locale
from portal.instances import cipher, profile
from portal.safety.web import screening_list
from portal.staff.sessions import client_ip, current_user

P = ParamSpec("P")
R = TypeVar("R")


def context(*, client: str | None = None) -> Context:
    """The context of this request (or of this command or worker, outside a request): the
    member of staff logged in, if any, acts; ``client`` names a case-system client."""
    in_request = has_request_context()
    locale, user = BASE_LOCALE, None
    if in_request:
        locale, user = current_locale(), current_user()
    return Context(
        session=db.session(),
        now=clock.now(),
        cipher=cipher(),
        profile=profile(),
        settings=current_app.config,
        locale=locale,
        user=user,
        client=client,
        address=client_ip() if in_request else None,
        screening=screening_list(),
    )


def run(
    use_case: Callable[Concatenate[Context, P], R],
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """Run ``use_case`` with this request's context, as one unit of work (committed when it
    returns, rolled back if it raises)."""
    ctx = context()
    with unit_of_work(ctx.session):
        return use_case(ctx, *args, **kwargs)
