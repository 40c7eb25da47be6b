"""Words the core hands to people, without Flask-Babel.

The core marks a message with ``N_`` (so ``make translations`` extracts it) and passes the
English message id on, in an exception or a result; the web layer translates it for the
reader (``gettext(message)`` in a view, ``_(message)`` in a template) and the case system
gets it as it is.
"""

from __future__ import annotations

from typing import NewType

Message = NewType("Message", str)


def N_(message: str) -> Message:  # noqa: N802 - the gettext convention for a marked string
    """Mark ``message`` for translation; it is translated where it is shown."""
    return Message(message)
