"""The drawings of the explainer stories: our own SVG files, checked once, inlined in pages.

An illustration is language-neutral; its text alternative comes from the page that
uses it, so the same drawing speaks Danish, Arabic or Ukrainian. Files may use only
plain shapes with presentation attributes: no scripts, links, styles or embedded
images, because they are inserted into the page as they are (and a style attribute
would break the Content-Security-Policy).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

SVG_NS = "http://www.w3.org/2000/svg"
SHAPES = frozenset(
    {"g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "text"}
)
ATTRIBUTES = frozenset(
    {
        "d", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "width", "height",
        "points", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
        "fill-rule", "opacity", "transform", "font-size", "font-weight", "text-anchor",
        "font-family",
    }
)  # fmt: skip
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ET.register_namespace("", SVG_NS)  # serialise SVG without ns0: prefixes


@dataclass(frozen=True)
class Illustration:
    name: str
    view_box: str
    body: str  # the checked inner markup, serialized

    def inline(self, alt: str, element_id: str) -> Markup:
        """The drawing as inline SVG whose accessible name is ``alt``."""
        title_id = f"{element_id}-title"
        return Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vb}" role="img" '
            'aria-labelledby="{tid}" class="story__picture" focusable="false">'
            '<title id="{tid}">{alt}</title>{body}</svg>'
        ).format(vb=self.view_box, tid=title_id, alt=escape(alt), body=Markup(self.body))  # noqa: S704 - body is checked shape markup


def load_illustration(path: Path) -> tuple[Illustration | None, list[str]]:
    """Read and check one SVG file; return it, or the problems found."""
    problems: list[str] = []
    name = path.stem
    if not _NAME.match(name):
        problems.append("the file name must be lowercase words joined by hyphens")
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - see the import
    except ET.ParseError as exc:
        return None, [f"not well-formed SVG ({exc})"]
    if root.tag != f"{{{SVG_NS}}}svg":
        return None, ['the root element must be <svg xmlns="http://www.w3.org/2000/svg">']
    view_box = root.get("viewBox")
    if not view_box or not re.fullmatch(r"[\d.\s-]+", view_box):
        problems.append('the <svg> element needs a numeric viewBox, e.g. viewBox="0 0 200 150"')
    for element in root.iter():
        if element is root:
            continue
        tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
        if tag not in SHAPES:
            problems.append(f"element <{tag}> is not allowed (only {', '.join(sorted(SHAPES))})")
        for attribute in element.attrib:
            if attribute not in ATTRIBUTES:
                problems.append(f"attribute {attribute!r} on <{tag}> is not allowed")
    if problems or view_box is None:
        return None, problems
    body = "".join(ET.tostring(child, encoding="unicode") for child in root)
    # Children serialize with the default namespace declared on each; the outer <svg> has it.
    body = body.replace(f' xmlns="{SVG_NS}"', "")
    return Illustration(name=name, view_box=" ".join(view_box.split()), body=body), []


def load_illustrations(folder: Path) -> tuple[dict[str, Illustration], list[str]]:
    """Every drawing in ``folder``, and the problems of those that failed their check."""
    found: dict[str, Illustration] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.svg")):
        illustration, errors = load_illustration(path)
        problems += [f"{path}: {error}" for error in errors]
        if illustration is not None:
            found[illustration.name] = illustration
    return found, problems
