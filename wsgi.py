"""The WSGI entry point: `flask --app wsgi ...` and production servers import `app`."""

import sys

from portal.app import create_app
from portal.config import ConfigError
from portal.municipality import ProfileError

try:
    app = create_app()
except (ConfigError, ProfileError) as exc:
    # A clear sentence for the operator, not a traceback.
    sys.exit(f"Indgang cannot start: {exc}")
