"""Markdown to safe HTML for the explainer pages, with our link schemes and word links.

Authors write `[text](page:slug)`, `[text](journey:ask-for-help)` or `[text](word:adviser)`;
the renderer turns them into the portal's URLs and reports any it cannot resolve. The
first time a page uses a word from the word list, it links to its explanation. Raw HTML
is reported (authors never need it) and removed by the one sanitizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from portal.content.sanitize import URL_SCHEMES, clean

# Resolves an internal link ("page:slug", "journey:x", "word:id") to a URL, or None.
LinkResolver = Callable[[str, str], str | None]
INTERNAL_SCHEMES = ("page", "journey", "word")


@dataclass
class WordLinker:
    """Links the first use on a page of each word in the word list."""

    forms: dict[str, str]  # lowercase form -> word id
    url: Callable[[str], str]  # word id -> URL of its explanation
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        # A form of several words also matches where the text wraps between them.
        alternatives = "|".join(
            re.escape(f).replace(r"\ ", r"\s+") for f in sorted(self.forms, key=len, reverse=True)
        )
        self.pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)

    def split(self, text: str, used: set[str]) -> list[tuple[str, str | None]]:
        """Cut ``text`` into (piece, word id or None), linking each word once per page."""
        pieces: list[tuple[str, str | None]] = []
        position = 0
        for match in self.pattern.finditer(text):
            word = self.forms[" ".join(match.group(1).split()).lower()]
            if word in used:
                continue
            used.add(word)
            pieces += [(text[position : match.start()], None), (match.group(1), word)]
            position = match.end()
        pieces.append((text[position:], None))
        return [(piece, word) for piece, word in pieces if piece]


@dataclass
class Rendered:
    html: Markup
    problems: list[str]


class Renderer:
    """A CommonMark renderer, with the word list of one locale."""

    # Every parse in this process, so tests can show pages are not parsed per request.
    parses: ClassVar[int] = 0

    def __init__(self, words: WordLinker | None = None) -> None:
        self.words = words
        self.md = _Parser("commonmark", {"html": True, "xhtmlOut": False})

    def render(self, source: str, resolve: LinkResolver, *, link_words: bool = True) -> Rendered:
        """Parse, resolve links, link words, sanitize; report what the author must fix."""
        Renderer.parses += 1
        problems: list[str] = []
        tokens = self.md.parse(source)
        for token in tokens:
            if token.type == "html_block":
                problems.append(
                    f"raw HTML is not allowed and was removed: {token.content.strip()!r}"
                )
            elif token.type == "heading_open" and token.tag in {"h1", "h5", "h6"}:
                problems.append(
                    f"heading level {token.tag[1]} is not allowed: use ## and ### for headings"
                )
            elif token.type == "image":
                problems.append("images in the text are not allowed: use a [[story]] step")
            if token.children:
                problems += self._links(token.children, resolve)
        if link_words and self.words is not None:
            self._link_words(tokens)
        html = self.md.renderer.render(tokens, self.md.options, {})
        return Rendered(html=clean(html), problems=problems)

    def _links(self, children: Iterable[Token], resolve: LinkResolver) -> list[str]:
        problems: list[str] = []
        for child in children:
            if child.type == "html_inline":
                problems.append(f"raw HTML is not allowed and was removed: {child.content!r}")
            elif child.type == "image":
                problems.append("images in the text are not allowed: use a [[story]] step")
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                scheme, colon, rest = href.partition(":")
                if colon and scheme in INTERNAL_SCHEMES:
                    url = resolve(scheme, rest)
                    if url is None:
                        problems.append(f"broken link {href!r}: no such {scheme}")
                    else:
                        child.attrs["href"] = url
                elif not colon or scheme not in URL_SCHEMES:
                    problems.append(
                        f"link {href!r} is not allowed: use page:, journey:, word:, "
                        f"or an {', '.join(sorted(URL_SCHEMES))} address"
                    )
        return problems

    def _link_words(self, tokens: list[Token]) -> None:
        assert self.words is not None
        used: set[str] = set()
        in_heading = False
        for token in tokens:
            if token.type in {"heading_open", "heading_close"}:
                in_heading = token.type == "heading_open"
            if token.type != "inline" or in_heading or not token.children:
                continue
            token.children = self._link_words_inline(token.children, used)

    def _link_words_inline(self, children: list[Token], used: set[str]) -> list[Token]:
        assert self.words is not None
        result: list[Token] = []
        link_depth = 0
        for child in _join_soft_breaks(children):
            link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type != "text" or link_depth:
                result.append(child)
                continue
            for piece, word in self.words.split(child.content, used):
                if word is None:
                    result.append(_text(piece))
                    continue
                opening = Token("link_open", "a", 1)
                opening.attrs = {"href": self.words.url(word), "class": "word-link"}
                result += [opening, _text(piece), Token("link_close", "a", -1)]
        return result


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        """Let every link through to Renderer._links, which reports the unsafe ones.

        markdown-it would silently leave them as text; the sanitizer drops their href.
        """
        return True


def _join_soft_breaks(children: list[Token]) -> list[Token]:
    """Merge text across line breaks in the source (a soft break renders as a newline)."""
    joined: list[Token] = []
    for child in children:
        if child.type == "softbreak":
            child = _text("\n")
        if child.type == "text" and joined and joined[-1].type == "text":
            joined[-1] = _text(joined[-1].content + child.content)
        else:
            joined.append(child)
    return joined


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
