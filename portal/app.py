"""The app factory: the web layer around the core (docs/architecture.md)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import assets, db, errors, i18n, instances, logs
from portal import config as config_module
from portal.extensions import csrf, limiter
from portal.security import headers
from portal.security import input as bad_input
from portal.visits import store as visits

ROOT = config_module.ROOT


class Portal(Flask):
    """Flask, with unhandled exceptions logged by route pattern (not by path) and no input."""

    def log_exception(
        self,
        exc_info: tuple[type[BaseException], BaseException, TracebackType]
        | tuple[None, None, None],
    ) -> None:
        rule = request.url_rule.rule if request.url_rule else None
        self.logger.error(
            "unhandled exception",
            extra={"method": request.method, "route": rule},
            exc_info=exc_info,
        )


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the portal; ``config`` overrides settings read from the environment."""
    settings = config_module.load(config)
    app = Portal(
        __name__,
        instance_path=str(settings["INSTANCE_PATH"]),
        static_folder=None,  # served by portal.assets, with content-hashed names
    )
    app.config.from_mapping(settings)
    logs.init_app(app)

    if app.config["TRUSTED_PROXY_COUNT"]:
        n = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)  # type: ignore[method-assign]

    instances.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    visits.init_app(app)
    headers.init_app(app)
    bad_input.init_app(app)  # before any view, the form token and the limits
    csrf.init_app(app)
    limiter.init_app(app)
    errors.init_app(app)
    assets.init_app(app, ROOT / "static")

    import portal.models  # noqa: F401 - every model maps its table before the first query
    from portal import cli, clock, rights, staff, templating
    from portal.casesystem import feed
    from portal.casesystem.adapters import warn_if_unsealed
    from portal.casesystem.api import bp as api_bp
    from portal.conversation.views import bp as conversation_bp
    from portal.entry.views import bp as entry_bp
    from portal.health import bp as health_bp
    from portal.invited.views import link_bp as invitation_link_bp
    from portal.journeys import questionnaires
    from portal.journeys.by_kind import BY_NAME, JOURNEYS
    from portal.outbox.handlers import register_handlers
    from portal.push.views import bp as push_bp
    from portal.safety import web as safety_web
    from portal.visits.views import bp as visits_bp

    templating.init_app(app)
    safety_web.init_app(app)
    warn_if_unsealed(app.config)
    with app.app_context():  # a district question asks the app's profile
        app.extensions["questionnaires"] = questionnaires.build(JOURNEYS)
    # The outbox: its delivery handlers, and the case-system feed on the app's sessions.
    app.extensions["outbox_handlers"] = register_handlers({})
    feed.install(
        app.extensions["db_sessionmaker"],
        feed.Feed(
            settings=app.config,
            cipher=app.extensions["field_cipher"],
            profile=app.extensions["municipality"],
            clock=lambda: app.config.get("CLOCK", clock.system_now)(),
            asked=app.extensions["questionnaires"],
        ),
    )
    app.register_blueprint(entry_bp)
    for journey in BY_NAME.values():  # the journeys: ask, apply, report, say
        app.register_blueprint(journey.bp)
    app.register_blueprint(conversation_bp)
    app.register_blueprint(push_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(visits_bp)
    app.register_blueprint(invitation_link_bp)  # /i/<code>, the invitation's link
    rights.register(app)
    staff.register(app)
    cli.init_app(app)
    # Last: the explainer pages link to every other part, so all routes must exist.
    if app.config["LOAD_CONTENT"]:
        rights.load_content(app)
    return app
