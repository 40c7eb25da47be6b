"""Which handler delivers each channel's events: one explicit registry, filled by the app
factory (and so for the worker, which reads it from its app). No module registers itself
when it is imported."""

from __future__ import annotations

from portal.casesystem import adapters
from portal.mail import notices
from portal.outbox.queue import Handlers, handler
from portal.push import notify
from portal.safety import alerts


def register_handlers(registry: Handlers) -> Handlers:
    """Add the portal's channels to ``registry`` (each once); returns it. The pull API's
    records have none: the case system fetches them (portal/casesystem/api.py)."""
    channels = {
        notices.CHANNEL: handler(notices.Email.from_json, notices.deliver),
        notify.CHANNEL: handler(notify.push_of, notify.deliver),
        alerts.CHANNEL: handler(alerts.Check.from_json, alerts.check),
        adapters.CHANNEL: handler(adapters.QueuedRecord.from_json, adapters.deliver),
    }
    for channel, handle in channels.items():
        if channel in registry:
            raise ValueError(f"the outbox channel {channel!r} has a handler already")
        registry[channel] = handle
    return registry
