"""Errors the core raises for the operator to fix (shown as a sentence, never a traceback)."""

from __future__ import annotations


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and what to do."""
