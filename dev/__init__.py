"""Development tools beside the portal: not in the wheel, never imported in production
(the portal registers them from ``portal.cli`` only when ``PORTAL_ENV`` is not production)."""
