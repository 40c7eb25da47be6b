"""The one HTML sanitizer (nh3). Children's messages are plain text and never pass here.

Only content written by the municipality (explainers, templates of letters) is HTML;
it is cleaned to a small allow-list before it is shown. Changing the engine is a
change to this module only.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "details", "dl", "dt", "em",
        "h2", "h3", "h4", "hr", "i", "li", "ol", "p", "q", "small", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "hreflang", "lang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = frozenset({"https", "mailto", "tel"})
# Classes the portal itself puts on links it generates (the word list's links).
ALLOWED_CLASSES = {"a": {"word-link"}}


def clean(html: str) -> Markup:
    """Return HTML reduced to the allow-list, safe to insert into a page."""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 - the output of the sanitizer is the one safe source


def to_text(html: str) -> str:
    """Strip every tag, keeping the text (for previews and plain-text email)."""
    return nh3.clean(html, tags=set(), attributes={})
