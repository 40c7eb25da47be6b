"""What staff are told when they meet an error (visitors' words are in portal/errors.py)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# Staff meet some errors for other reasons than visitors do.
STAFF_MESSAGES: dict[int | str, tuple[LazyString, LazyString, LazyString]] = {
    403: (
        _l("You cannot open this page"),
        _l("Your role or your districts do not give access to it. The attempt is recorded."),
        _l("Go back to your inbox. If you need this case, ask a leader to assign it to you."),
    ),
    "csrf": (
        _l("The page was open for too long"),
        _l("To keep the data safe, what you sent was not saved."),
        _l("Go back, copy what you wrote, reload the page and send it again."),
    ),
}
