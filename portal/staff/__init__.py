"""The staff workspace: accounts, logging in, sessions, access rules and the audit log."""

from __future__ import annotations

from flask import Flask

from portal.staff import sessions


def register(app: Flask) -> None:
    """Blueprints, the staff session cookie and what staff templates need."""
    from portal.casework import (  # noqa: F401 - casework routes
        consent_views,
        decision_views,
        invite_views,
        message_views,
        step_views,
    )
    from portal.casework.views import bp as casework_bp
    from portal.figures import participation_views  # noqa: F401 - figures blueprint routes
    from portal.figures.views import bp as figures_bp
    from portal.staff import admin, alert_views, audit_views  # noqa: F401 - staff blueprint routes
    from portal.staff.cli import init_app as init_cli
    from portal.staff.templating import staff_context
    from portal.staff.views import bp as staff_bp

    sessions.init_app(app)
    app.register_blueprint(staff_bp)
    app.register_blueprint(casework_bp)
    app.register_blueprint(figures_bp)
    app.context_processor(staff_context)
    init_cli(app)
