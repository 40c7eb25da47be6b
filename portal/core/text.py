"""Words the core hands to people, without Flask-Babel.

The core marks a message with ``N_`` (so ``make translations`` extracts it) and passes the
English message id on, in an exception or a result; the web layer translates it for the
reader (``gettext(message)`` in a view, ``_(message)`` in a template) and the case system
gets it as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NewType, Protocol

Message = NewType("Message", str)
# Languages written right to left.
RTL = frozenset({"ar"})


def N_(message: str) -> Message:  # noqa: N802 - the gettext convention for a marked string
    """Mark ``message`` for translation; it is translated where it is shown."""
    return Message(message)


# -- words in a reader's language, for what the core writes itself (emails, notifications) --

# The setting (in ctx.settings) that holds the app's Translator.
TRANSLATOR = "TRANSLATOR"


class Words(Protocol):
    """The words of one language. The web glue implements it with Flask-Babel
    (portal/templating.py); message ids are marked where they are written, as for gettext."""

    @property
    def locale(self) -> str: ...

    def gettext(self, message: str, **variables: Any) -> str: ...

    def format_datetime(self, value: datetime, format: str) -> str: ...

    def format_date(self, value: datetime, format: str) -> str: ...

    def format_time(self, value: datetime, format: str) -> str: ...

    def render(self, template: str, **context: Any) -> str: ...


Translator = Callable[[str], Words]


def words(settings: Mapping[str, Any], locale: str) -> Words:
    """The words of ``locale``, from the app's translator in ``settings``."""
    translator: Translator = settings[TRANSLATOR]
    return translator(locale)
