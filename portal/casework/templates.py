"""Message templates in plain language; the adviser edits them before sending.

They are written in the child's or family's language (the inquiry's locale), so they are
translated into every language a child can use.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# key: (what the adviser sees on the button, the text the child reads)
MESSAGE_TEMPLATES: dict[str, tuple[LazyString, LazyString]] = {
    "thanks": (
        _l("Thank you, I have read it"),
        _l(
            "Thank you for writing to us. I have read what you wrote. "
            "I will write to you again here soon. You can write more here whenever you want."
        ),
    ),
    "meeting": (
        _l("Let us meet"),
        _l(
            "I would like to talk with you. We can meet at your school, at home or with us. "
            "You can bring a grown-up you trust. Write here where and when suits you."
        ),
    ),
    "call": (
        _l("May I call?"),
        _l(
            "I would like to call you. Write here a time that suits you and a phone number. "
            "If you would rather write, that is fine too."
        ),
    ),
}
