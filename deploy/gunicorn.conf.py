"""Gunicorn settings for Indgang's production profile (`make serve`, or see docs/deployment.md).

Every value can be changed from the environment without editing this file:
BIND, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT_SECONDS.

Worker class: gthread. Each request is short and mostly waits on PostgreSQL, so a few
threads per process keep the CPU busy without the memory of more processes, and a
keep-alive connection from the proxy does not tie up a whole process. Processes: one
per core plus one (measured in tests/bench/bench_server.py; more only adds contention).
"""

from __future__ import annotations

import os
from typing import Any

bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS") or (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("WEB_THREADS") or 4)
# A request that takes longer than this is stuck: its worker is replaced.
timeout = int(os.environ.get("WEB_TIMEOUT_SECONDS") or 30)
graceful_timeout = 30
# The proxy keeps connections open; a little longer than nginx's upstream keepalive_timeout.
keepalive = 65
# Replace each worker now and then, so a slow leak can never grow without bound.
max_requests = 20000
max_requests_jitter = 2000
# Import the app once, before forking: workers share its memory and start fast.
preload_app = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The portal logs each request itself (portal/logs.py), without the client's address;
# gunicorn's access log would add the address and the full path with its query.
accesslog = None
errorlog = "-"
# X-Forwarded-* are handled by the app (TRUSTED_PROXY_COUNT), not by gunicorn.
forwarded_allow_ips = ""
proc_name = "indgang"


def post_fork(server: Any, worker: Any) -> None:
    """Each worker opens its own database connections: none are shared across the fork."""
    from wsgi import app

    app.extensions["db_engine"].dispose(close=False)


def on_starting(server: Any) -> None:
    """Gunicorn's own lines go through the portal's handler (JSON in production)."""
    import logging

    from wsgi import app  # imported already: preload_app

    del app  # create_app configured the root logger (portal/logs.py)
    logger = logging.getLogger("gunicorn.error")
    logger.handlers.clear()
    logger.propagate = True
